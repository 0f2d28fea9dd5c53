/**
 * Plain host lists such as Echap's `generated/hosts` and `hosts_full`: one C2 domain per line; `#` comments and
 * hosts-file lines (`0.0.0.0 name`) are accepted too.
 */
import { createCollector } from './collect.ts';
import { IndicatorFileError, type IndicatorLoadResult } from './types.ts';

const SINK_ADDRESSES = new Set(['0.0.0.0', '127.0.0.1', '::', '::1']);

/** Parses a host list. Throws IndicatorFileError when it holds no usable line. */
export function parseHostsList(text: string, source: string): IndicatorLoadResult {
  const c = createCollector(source);
  for (const line of text.split(/\r?\n/)) {
    const bare = line.replace(/#.*/, '').trim();
    if (!bare) continue;
    const words = bare.split(/\s+/);
    if (words.length === 1) c.add(words[0], 'c2');
    else if (SINK_ADDRESSES.has(words[0])) for (const w of words.slice(1)) c.add(w, 'c2');
    else c.problem('bad-value', `line is neither a host nor a hosts-file entry: "${bare.slice(0, 80)}"`, bare);
  }
  const r = c.result();
  if (r.entries.length === 0) throw new IndicatorFileError(source, r.problems.length ? 'bad-structure' : 'empty', r.problems.length ? 'no line is a host name' : 'the file is empty');
  return r;
}
