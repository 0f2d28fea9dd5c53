/** `homesweep indicators update|show`: keep a local copy of the stalkerware indicator lists and inspect it. */
import { statSync } from 'node:fs';
import { loadIndicatorDir, loadIndicatorFile } from '../rules/indicators/load-indicators.ts';
import { createIndicatorMatcher } from '../rules/indicators/matcher.ts';
import { IndicatorFileError, type IndicatorLoadResult } from '../rules/indicators/types.ts';
import { DEFAULT_INDICATORS_DIR, DEFAULT_INDICATORS_SOURCE, IndicatorUpdateError, updateIndicators } from '../rules/indicators/update-indicators.ts';
import { parseCommandArgs } from './args.ts';
import { UserError } from './errors.ts';
import type { CliCommand, CliIo } from './io.ts';

const DEFAULT_DIR = DEFAULT_INDICATORS_DIR;

const USAGE = `Usage: homesweep indicators update [--dir DIR] [--source URL]
       homesweep indicators show [--dir DIR | --indicators PATH]

Stalkerware indicator lists (C2 servers, vendor web sites and download hosts of known stalkerware apps), from
Echap's stalkerware-indicators (CC BY 4.0). No match never means there is no stalkerware.

update   downloads the current ioc.yaml and network.csv, checks them, and only then replaces the local copy
         (the previous copy is kept if anything fails)
show     counts the indicators per kind, category and file, and lists the entries that were refused

Options:
  --dir DIR           folder of the local copy (default ${DEFAULT_DIR})
  --source URL        where to download from (default ${DEFAULT_INDICATORS_SOURCE};
                      also HOMESWEEP_INDICATORS_URL); https only, plain http only to this machine
  --indicators PATH   show: an indicator file or folder instead of --dir (ioc.yaml, network.csv, TinyCheck JSON,
                      STIX2 bundle, host list)
  --help              show this help
`;

export const command: CliCommand = {
  summary: 'update or show the stalkerware indicator lists',
  usage: USAGE,
  async run(io: CliIo): Promise<number> {
    const { values, positionals } = parseCommandArgs(io.argv, {
      dir: { type: 'string' },
      source: { type: 'string' },
      indicators: { type: 'string' },
    });
    const [action, ...extra] = positionals;
    if (extra.length) throw new UserError(`unexpected argument "${extra[0]}" (see homesweep indicators --help)`);
    if (action === 'update') {
      if (values.indicators) throw new UserError('--indicators is for show; update writes to --dir');
      return update(io, values.dir ?? DEFAULT_DIR, values.source ?? io.env.HOMESWEEP_INDICATORS_URL);
    }
    if (action === 'show') {
      if (values.source) throw new UserError('--source is for update');
      if (values.dir && values.indicators) throw new UserError('give --dir or --indicators, not both');
      return show(io, values.indicators ?? values.dir ?? DEFAULT_DIR);
    }
    throw new UserError(action ? `unknown action "${action}" (update or show)` : 'needs an action: update or show (see homesweep indicators --help)');
  },
};

async function update(io: CliIo, dir: string, source: string | undefined): Promise<number> {
  try {
    const files = await updateIndicators({ dir, source, fetch: globalThis.fetch, signal: io.stopSignal });
    for (const f of files) io.stdout.write(`${f.name}: ${f.result.entries.length} indicators (${f.bytes} bytes) from ${f.url}\n`);
    io.stdout.write(`updated ${dir}\n`);
    return 0;
  } catch (err) {
    if (err instanceof IndicatorUpdateError) throw new UserError(`update failed, previous copy kept: ${err.message}`);
    throw err;
  }
}

function show(io: CliIo, path: string): number {
  let results: IndicatorLoadResult[];
  let errors: IndicatorFileError[] = [];
  const st = statSync(path, { throwIfNoEntry: false });
  if (!st) throw new UserError(`${path}: no such file or folder${path === DEFAULT_DIR ? ' (run homesweep indicators update first)' : ''}`);
  try {
    if (st.isDirectory()) ({ results, errors } = loadIndicatorDir(path));
    else results = [loadIndicatorFile(path)];
  } catch (err) {
    if (err instanceof IndicatorFileError) throw new UserError(`${path === err.file ? '' : path + ': '}${err.message}`);
    throw err;
  }
  if (results.length === 0 && errors.length === 0) throw new UserError(`${path}: no indicator file (run homesweep indicators update)`);
  const out: string[] = [];
  for (const r of results) {
    out.push(`${r.source}: ${r.entries.length} entries  ${countBy(r, 'kind')}  ${countBy(r, 'category')}`);
    const skipped = Object.entries(r.skipped).map(([k, n]) => `${n} ${k}`);
    if (skipped.length) out.push(`    not network indicators: ${skipped.join(', ')}`);
    for (const p of r.problems) out.push(`    refused: ${p.message}`);
  }
  for (const e of errors) out.push(`${e.file}: not loaded: ${e.message}`);
  const matcher = createIndicatorMatcher(results.flatMap((r) => r.entries));
  out.push('', `distinct indicators: ${matcher.size.domain} domains, ${matcher.size.ip} IPs, ${matcher.size.cidr} CIDR ranges`);
  for (const p of matcher.problems) out.push(`    refused (${p.source}): ${p.message}`);
  out.push('', 'Source: Stalkerware indicators by Echap (AssoEchap/stalkerware-indicators), CC BY 4.0.');
  io.stdout.write(out.join('\n') + '\n');
  return errors.length ? 2 : 0;
}

function countBy(r: IndicatorLoadResult, key: 'kind' | 'category'): string {
  const counts = new Map<string, number>();
  for (const e of r.entries) counts.set(e[key], (counts.get(e[key]) ?? 0) + 1);
  return [...counts].map(([k, n]) => `${k} ${n}`).join(', ');
}
