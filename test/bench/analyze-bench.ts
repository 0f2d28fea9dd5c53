/**
 * `node bin/homesweep.js analyze FILE --json > /dev/null`: the project's own offline analyser.
 */
import { join } from 'node:path';
import type { BenchContext, BenchResult, Benchmark } from './bench-types.ts';
import { measureCommand } from './measure.ts';

/** Benchmark of the HomeSweep analyser over the whole capture. */
export const analyzeBench: Benchmark = {
  name: 'analyze',
  description: 'homesweep analyze FILE --json > /dev/null',
  async run(ctx: BenchContext): Promise<BenchResult> {
    const { capture, options } = ctx;
    const m = await measureCommand([process.execPath, join(options.root, 'bin/homesweep.js'), 'analyze', capture.path, '--json'], { cwd: options.root });
    if (m.exitCode !== 0) {
      // Exit 2 with "unknown command" means the analyser is not there yet (or failed to load).
      const missing = m.exitCode === 2 && /unknown command/.test(m.stderrTail);
      return {
        name: this.name,
        status: missing ? 'unavailable' : 'failed',
        note: missing ? 'analyze: not available (homesweep has no analyze command yet, or it failed to load)' : `analyze: exit ${m.exitCode}: ${m.stderrTail}`,
      };
    }
    return {
      name: this.name,
      status: 'ok',
      wallS: m.wallS,
      packets: capture.truth.packets,
      bytes: capture.truth.fileBytes,
      peakRssMb: m.peakRssMb,
      note: `analyze: whole file; wall time includes node + tsx start-up; RSS by ${m.rssMethod}`,
    };
  },
};
