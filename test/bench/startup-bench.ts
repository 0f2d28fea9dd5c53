/**
 * Start-up: `homesweep --help` and `homesweep analyze` of the 1.6 MB lab capture, as users run them (the compiled
 * build from `npm run build`), against the named baseline measured in the same run: the same commands with the
 * TypeScript sources run through tsx (how every command started before the build existed). Median of 5 runs each.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchContext, BenchResult, Benchmark } from './bench-types.ts';
import { measureCommand, type Measurement } from './measure.ts';

const RUNS = 5;

/** Median wall time and the median run's peak RSS of `RUNS` runs; null when a run failed. */
export async function medianRun(argv: string[], cwd: string, runs = RUNS): Promise<Measurement | null> {
  const all: Measurement[] = [];
  for (let i = 0; i < runs; i++) {
    const m = await measureCommand(argv, { cwd });
    if (m.exitCode !== 0) return null;
    all.push(m);
  }
  all.sort((a, b) => a.wallS - b.wallS);
  return all[Math.floor(all.length / 2)]!;
}

function fmt(m: Measurement | null): string {
  return m ? `${m.wallS.toFixed(2)} s, ${m.peakRssMb?.toFixed(0) ?? '?'} MB` : 'failed';
}

/** Benchmark of start-up cost on a small capture. */
export const startupBench: Benchmark = {
  name: 'startup',
  description: 'homesweep --help and analyze of the 1.6 MB lab capture (compiled build vs tsx)',
  needsCapture: false,
  async run(ctx: BenchContext): Promise<BenchResult> {
    const root = ctx.options.root;
    if (!existsSync(join(root, '.build', 'stamp.json'))) return { name: this.name, status: 'unavailable', note: 'startup: run npm run build first' };
    const small = join(root, 'test/fixtures/lab-home-12.pcap');
    const bin = [process.execPath, join(root, 'bin/homesweep.js')];
    const tsx = [process.execPath, '--import', 'tsx', join(root, 'gateway/main.ts')];
    const help = await medianRun([...bin, '--help'], root);
    const analyze = await medianRun([...bin, 'analyze', small, '--json'], root);
    const helpTsx = await medianRun([...tsx, '--help'], root);
    const analyzeTsx = await medianRun([...tsx, 'analyze', small, '--json'], root);
    if (!analyze) return { name: this.name, status: 'failed', note: 'startup: analyze of the lab capture failed' };
    const ratio = (a: Measurement | null, b: Measurement | null) => (a && b ? `${(b.wallS / a.wallS).toFixed(1)}× faster than tsx` : 'n/a');
    return {
      name: this.name,
      status: 'ok',
      wallS: analyze.wallS,
      peakRssMb: analyze.peakRssMb,
      extra: {
        '--help (build)': `${fmt(help)} (${ratio(help, helpTsx)})`,
        '--help (tsx baseline)': fmt(helpTsx),
        'analyze 1.6 MB (build)': `${fmt(analyze)} (${ratio(analyze, analyzeTsx)})`,
        'analyze 1.6 MB (tsx baseline)': fmt(analyzeTsx),
      },
      note: `startup: median of ${RUNS} runs each; the wall column is analyze of the 1.6 MB capture with the build`,
    };
  },
};
