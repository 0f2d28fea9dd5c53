/**
 * Echap `generated/network.csv`: header `type,indicator,app`, types `domain` and `ipv4` (and `ipv6`, should it
 * come). The generator writes C2 domains, download hosts and C2 IPs here without saying which is which, so every
 * row is a `c2` entry marked as guessed; `ioc.yaml` carries the finer split.
 */
import { createCollector } from './collect.ts';
import { IndicatorFileError, type IndicatorLoadResult } from './types.ts';

const KNOWN_TYPES = new Set(['domain', 'ipv4', 'ipv6', 'ip', 'cidr']);

/** Splits one CSV line (RFC 4180 quoting). */
function splitCsvLine(line: string): string[] {
  const cells: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      cells.push(cur);
      cur = '';
    } else cur += ch;
  }
  cells.push(cur);
  return cells.map((s) => s.trim());
}

/** Parses the text of Echap's network.csv. Throws IndicatorFileError when the header or every row is wrong. */
export function parseNetworkCsv(text: string, source: string): IndicatorLoadResult {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const headerAt = lines.findIndex((l) => l.trim() !== '');
  if (headerAt < 0) throw new IndicatorFileError(source, 'empty', 'the file is empty');
  const header = splitCsvLine(lines[headerAt]).map((h) => h.toLowerCase());
  const col = { type: header.indexOf('type'), indicator: header.indexOf('indicator'), app: header.indexOf('app') };
  if (col.type < 0 || col.indicator < 0) {
    throw new IndicatorFileError(source, 'bad-structure', `expected a CSV header with columns type,indicator,app; found "${lines[headerAt].slice(0, 80)}"`);
  }
  const c = createCollector(source);
  for (let i = headerAt + 1; i < lines.length; i++) {
    if (lines[i].trim() === '') continue;
    const cells = splitCsvLine(lines[i]);
    const type = (cells[col.type] ?? '').toLowerCase();
    const value = cells[col.indicator] ?? '';
    if (!KNOWN_TYPES.has(type)) {
      c.problem('bad-value', `line ${i + 1}: unknown type "${type}"`, value);
      continue;
    }
    const app = col.app >= 0 ? cells[col.app] || undefined : undefined;
    c.add(value, 'c2', app, true);
  }
  const r = c.result();
  if (r.entries.length === 0) throw new IndicatorFileError(source, 'empty', 'no indicator row');
  return r;
}
