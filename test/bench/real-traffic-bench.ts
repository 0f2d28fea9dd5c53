/**
 * Real IoT traffic (issue 16): the IoT Sentinel setup captures merged and repeated (real-capture.ts), measured
 * side by side in one run:
 *   - real-analyze: `homesweep analyze FILE --json` as users run it (the build), median of 3;
 *   - real-tcpdump: `tcpdump -nr FILE -q` (framing and printing only), median of 3: the yardstick;
 *   - real-tshark: `tshark -n -r FILE -T fields` with the analyser's fields, once (it is slow);
 *   - real-engine: the analysis engine alone (reader, packet engine, every rule and the indicator lists; no
 *     inventory or identification) in a process of its own over the capture in memory: packets per CPU second;
 *   - real-inprocess: the whole offline audit (the same plus inventory, identification and the export) in this
 *     process over the capture in memory, no start-up and no disk: packets per CPU second;
 *   - synthetic-inprocess: the same over the synthetic home, read from its file.
 * Wall time on a shared machine swings with other work: CPU time (user + system) is given beside it.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { analyzeCapture, type AnalyzeOptions } from '../../gateway/audit/analyze-capture.ts';
import { loadIdentifier } from '../../gateway/identify-loader.ts';
import { loadIndicatorDir } from '../../gateway/rules/indicators/load-indicators.ts';
import { createIndicatorMatcher } from '../../gateway/rules/indicators/matcher.ts';
import { loadRules } from '../../pcap-rules/load.ts';
import { INDICATORS_DIR } from '../fixtures/shared-paths.ts';
import type { BenchContext, BenchResult, Benchmark } from './bench-types.ts';
import { measureCommand, type Measurement } from './measure.ts';
import { ensureRealCapture, type RealCapture } from './real-capture.ts';
import { TSHARK_FIELDS } from './tshark-bench.ts';

const RUNS = 3;

let built: RealCapture | null = null;

/** The real-traffic capture, built once per bench run. */
function realCapture(ctx: BenchContext): RealCapture {
  built ??= ensureRealCapture({ explicit: ctx.options.realCaptures, minPackets: ctx.options.realPackets });
  return built;
}

function describe(c: RealCapture): string {
  return `${c.packets.toLocaleString('en-US')} packets, ${(c.fileBytes / 1e6).toFixed(0)} MB (${c.files} captures × ${c.repeats}) from ${c.source}`;
}

/** Median wall and median CPU of `runs` runs, the largest peak RSS; null when a run failed. */
async function medianOf(argv: string[], cwd: string, runs = RUNS): Promise<{ m: Measurement; cpuS: number | null } | { failed: Measurement }> {
  const all: Measurement[] = [];
  for (let i = 0; i < runs; i++) {
    const m = await measureCommand(argv, { cwd });
    if (m.exitCode !== 0) return { failed: m };
    all.push(m);
  }
  const mid = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
  const cpus = all.map((m) => m.cpuS).filter((c): c is number => c !== null);
  const byWall = [...all].sort((a, b) => a.wallS - b.wallS);
  const peak = Math.max(...all.map((m) => m.peakRssMb ?? 0));
  return { m: { ...byWall[all.length >> 1]!, peakRssMb: peak || null }, cpuS: cpus.length ? mid(cpus) : null };
}

async function commandBench(name: string, ctx: BenchContext, argv: (file: string) => string[], runs = RUNS): Promise<BenchResult> {
  const c = realCapture(ctx);
  const r = await medianOf(argv(c.path), ctx.options.root, runs);
  if ('failed' in r) return { name, status: 'failed', note: `${name}: exit ${r.failed.exitCode}: ${r.failed.stderrTail}` };
  return {
    name,
    status: 'ok',
    wallS: r.m.wallS,
    cpuS: r.cpuS,
    packets: c.packets,
    bytes: c.fileBytes,
    peakRssMb: r.m.peakRssMb,
    note: `${name}: ${runs > 1 ? `median of ${runs}` : 'one run'} over ${describe(c)}; RSS by ${r.m.rssMethod}`,
  };
}

export const realAnalyzeBench: Benchmark = {
  name: 'real-analyze',
  description: 'real IoT traffic: homesweep analyze FILE --json > /dev/null',
  needsCapture: false,
  run(ctx) {
    return commandBench(this.name, ctx, (f) => [process.execPath, join(ctx.options.root, 'bin/homesweep.js'), 'analyze', f, '--json']);
  },
};

export const realTcpdumpBench: Benchmark = {
  name: 'real-tcpdump',
  description: 'real IoT traffic: tcpdump -nr FILE -q > /dev/null',
  needsCapture: false,
  async run(ctx) {
    if (!existsSync('/usr/bin/tcpdump') && !existsSync('/usr/sbin/tcpdump')) return { name: this.name, status: 'unavailable', note: `${this.name}: tcpdump is not installed` };
    return commandBench(this.name, ctx, (f) => ['tcpdump', '-nr', f, '-q']);
  },
};

export const realTsharkBench: Benchmark = {
  name: 'real-tshark',
  description: `real IoT traffic: tshark -n -r FILE -T fields (${TSHARK_FIELDS.length} fields) > /dev/null`,
  needsCapture: false,
  async run(ctx) {
    if (!existsSync('/usr/bin/tshark')) return { name: this.name, status: 'unavailable', note: `${this.name}: tshark is not installed` };
    return commandBench(this.name, ctx, (f) => ['tshark', '-n', '-r', f, '-T', 'fields', ...TSHARK_FIELDS.flatMap((x) => ['-e', x])], 1);
  },
};

/** The offline audit's options as `homesweep analyze` sets them, with the shared indicator lists when present. */
function auditOptions(): AnalyzeOptions {
  const { identify } = loadIdentifier();
  const { rules } = loadRules();
  const entries = existsSync(INDICATORS_DIR) ? loadIndicatorDir(INDICATORS_DIR).results.flatMap((r) => r.entries) : [];
  return { identify, rules, indicators: createIndicatorMatcher(entries), auditId: 'bench' };
}

/** What a set of timed passes measured. */
interface Passes {
  packets: number;
  cpus: number[];
  walls: number[];
  heapMb: number;
}

/** The result row of timed passes: the median CPU and wall seconds. */
function passesRow(name: string, bytes: number, note: string, r: Passes): BenchResult {
  const mid = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
  return {
    name, status: 'ok', wallS: mid(r.walls), cpuS: mid(r.cpus), packets: r.packets, bytes, peakRssMb: null,
    note: `${name}: ${note}; one warm-up pass, median of ${r.cpus.length}; packets/CPU s is one core's rate; heap at most ${r.heapMb.toFixed(0)} MiB`,
  };
}

/**
 * One warm-up pass, then RUNS timed passes of `read`: the result row with the median CPU and wall seconds.
 */
async function inProcess(name: string, bytes: number, note: string, read: (opts: AnalyzeOptions) => Promise<{ packets: number }>): Promise<BenchResult> {
  const opts = auditOptions();
  await read(opts);
  const r: Passes = { packets: 0, cpus: [], walls: [], heapMb: 0 };
  for (let i = 0; i < RUNS; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    r.packets = (await read(opts)).packets;
    const c = process.cpuUsage(c0);
    r.walls.push((performance.now() - t0) / 1000);
    r.cpus.push((c.user + c.system) / 1e6);
    r.heapMb = Math.max(r.heapMb, process.memoryUsage().heapUsed / 1048576);
  }
  return passesRow(name, bytes, note, r);
}

const CHUNK = 4 * 1024 * 1024;

/** A benchmark that runs `pass` over the real capture held in memory (split in 4 MiB chunks), as inProcess does. */
function inMemoryBench(name: string, description: string, note: string, pass: (chunks: () => Generator<Buffer>, opts: AnalyzeOptions) => Promise<{ packets: number }>): Benchmark {
  return {
    name,
    description,
    needsCapture: false,
    async run(ctx) {
      const c = realCapture(ctx);
      const data = readFileSync(c.path);
      const chunks = function* () {
        for (let o = 0; o < data.length; o += CHUNK) yield data.subarray(o, o + CHUNK);
      };
      return inProcess(name, c.fileBytes, note, (opts) => pass(chunks, opts));
    },
  };
}

export const realEngineBench: Benchmark = {
  name: 'real-engine',
  description: 'real IoT traffic: reader, packet engine and every rule in-process over the capture in memory (a process of its own)',
  needsCapture: false,
  async run(ctx) {
    const c = realCapture(ctx);
    const child = spawnSync(process.execPath, ['--import', 'tsx', join(ctx.options.root, 'test/bench/real-engine-pass.ts'), c.path, String(RUNS)], {
      cwd: ctx.options.root,
      encoding: 'utf8',
      maxBuffer: 1 << 20,
    });
    if (child.status !== 0) return { name: this.name, status: 'failed', note: `${this.name}: exit ${child.status}: ${child.stderr.trim().split('\n').pop() ?? ''}` };
    const note =
      'reader, packet engine, rule engine (every rule, the shared indicator lists, upload ticks) over the capture held in memory; no inventory; ' +
      'in a process of its own (test/bench/real-engine-pass.ts), so the benches run before it do not change its figure';
    return passesRow(this.name, c.fileBytes, note, JSON.parse(child.stdout) as Passes);
  },
};

export const realInProcessBench = inMemoryBench(
  'real-inprocess',
  'real IoT traffic: the whole offline audit in-process over the capture in memory (no start-up, no disk)',
  'reader, engine, inventory, every rule and the shared indicator lists over the capture held in memory',
  async (chunks, opts) => ({ packets: (await analyzeCapture({ stream: Readable.from(chunks()), name: 'real.pcap' }, opts)).engine.packets }),
);

export const syntheticInProcessBench: Benchmark = {
  name: 'synthetic-inprocess',
  description: 'synthetic home: the whole offline audit in-process, read from its file (no start-up)',
  async run(ctx) {
    const path = ctx.capture.path;
    const note = 'as real-inprocess, over the synthetic capture read from its file (page cache)';
    return inProcess(this.name, ctx.capture.truth.fileBytes, note, async (opts) => ({ packets: (await analyzeCapture(path, opts)).engine.packets }));
  },
};
