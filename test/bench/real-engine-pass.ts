/**
 * The `real-engine` measurement, run in a process of its own (real-traffic-bench.ts starts it): the analysis
 * engine alone (reader, packet engine, every rule, the shared indicator lists, upload ticks; no inventory or
 * identification) over a capture held in memory, one warm-up pass then `runs` timed ones. A process of its own,
 * because what else ran in the bench process before (the same engine under other configurations, e.g. rule-cost's
 * runs without rules) leaves its call sites polymorphic and changes the figure by 5-10%.
 *
 * `node --import tsx test/bench/real-engine-pass.ts FILE RUNS` prints one JSON line:
 * `{ packets, cpus: [s…], walls: [s…], heapMb }`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createPacketEngine } from '../../gateway/capture/engine.ts';
import { createCaptureReader } from '../../gateway/capture/reader.ts';
import { createRuleEngine } from '../../gateway/rules/engine.ts';
import { withUploadTicks } from '../../gateway/rules/upload-ticks.ts';
import { loadIndicatorDir } from '../../gateway/rules/indicators/load-indicators.ts';
import { createIndicatorMatcher, type IndicatorMatcher } from '../../gateway/rules/indicators/matcher.ts';
import { loadRules, type LoadedRule } from '../../pcap-rules/load.ts';
import { INDICATORS_DIR } from '../fixtures/shared-paths.ts';

const CHUNK = 4 * 1024 * 1024;

/** One pass of the engine and every rule over `data`, pushed in 4 MiB chunks; the packets read. */
function enginePass(data: Buffer, rules: readonly LoadedRule[], indicators: IndicatorMatcher | undefined): number {
  const ruleEngine = createRuleEngine({ rules, indicators });
  const engine = createPacketEngine({ onObservation: (o) => ruleEngine.observe(o) });
  const reader = createCaptureReader(withUploadTicks(engine, ruleEngine));
  for (let o = 0; o < data.length; o += CHUNK) reader.push(data.subarray(o, o + CHUNK));
  reader.end();
  const stats = engine.finish();
  ruleEngine.findings([], { uploadSeries: engine.uploadSeries() });
  return stats.packets;
}

function main(file: string | undefined, runs: number): void {
  if (!file || !existsSync(file) || !(runs >= 1)) {
    process.stderr.write('real-engine-pass: usage: real-engine-pass.ts CAPTURE RUNS (an existing capture file, RUNS ≥ 1)\n');
    process.exit(2);
  }
  const data = readFileSync(file);
  const { rules } = loadRules();
  const indicators = existsSync(INDICATORS_DIR) ? createIndicatorMatcher(loadIndicatorDir(INDICATORS_DIR).results.flatMap((r) => r.entries)) : undefined;
  enginePass(data, rules, indicators);
  const cpus: number[] = [];
  const walls: number[] = [];
  let packets = 0;
  let heapMb = 0;
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    packets = enginePass(data, rules, indicators);
    const c = process.cpuUsage(c0);
    walls.push((performance.now() - t0) / 1000);
    cpus.push((c.user + c.system) / 1e6);
    heapMb = Math.max(heapMb, process.memoryUsage().heapUsed / 1048576);
  }
  process.stdout.write(`${JSON.stringify({ packets, cpus, walls, heapMb })}\n`);
}

main(process.argv[2], Number(process.argv[3] ?? 3));
