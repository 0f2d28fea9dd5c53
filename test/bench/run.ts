/**
 * `npm run bench [-- --bytes 1G --tshark-bytes 64M --only analyze,tshark-fields --seed 1 --devices 50 --format pcap]`
 * `[--real-captures DIR --real-packets 500000]`: where the real-traffic benches find real device captures
 * (default: the IoT Sentinel captures, see real-capture.ts) and how many packets they are repeated to.
 * Generates (or reuses) a synthetic home capture in /tmp/homesweep-bench/, runs the registered
 * benchmarks on it and prints a table, the speed ratios and the goals. Not a test: it never fails
 * on a missed goal, it reports it. BENCH_BYTES overrides the default size.
 * `--only discovery-latency` measures discovery in the home lab instead (root; no capture is generated).
 */
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { parseByteSize } from '../fixtures/synth/byte-size.ts';
import type { BenchOptions, BenchResult } from './bench-types.ts';
import { BENCHMARKS, GOALS } from './benchmarks.ts';
import { BENCH_DIR, ensureCapture, type BenchCapture } from './capture-cache.ts';
import { hasGnuTime } from './measure.ts';
import { formatGoals, formatRatios, formatTable } from './report.ts';

const DEFAULT_TSHARK_BYTES = 64 * 1024 * 1024;

function fail(message: string): never {
  process.stderr.write(`bench: ${message}\n`);
  process.exit(2);
}

function size(text: string, flag: string): number {
  const n = parseByteSize(text);
  if (n === null) fail(`bad ${flag} "${text}" (e.g. 50M, 1G)`);
  return n;
}

function parseOptions(): { options: BenchOptions; only: string[] | null } {
  const { values } = parseArgs({
    options: {
      bytes: { type: 'string', default: process.env.BENCH_BYTES ?? '1G' },
      'tshark-bytes': { type: 'string', default: String(DEFAULT_TSHARK_BYTES) },
      devices: { type: 'string', default: '50' },
      seed: { type: 'string', default: '1' },
      format: { type: 'string', default: 'pcap' },
      only: { type: 'string' },
      'real-captures': { type: 'string' },
      'real-packets': { type: 'string', default: '500000' },
    },
  });
  if (values.format !== 'pcap' && values.format !== 'pcapng') fail(`--format must be pcap or pcapng`);
  if (!/^[1-9]\d*$/.test(values['real-packets']!)) fail(`--real-packets must be a whole number of packets, not "${values['real-packets']}"`);
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
  return {
    options: {
      bytes: size(values.bytes!, '--bytes'),
      tsharkBytes: values['tshark-bytes'] === 'all' ? null : size(values['tshark-bytes']!, '--tshark-bytes'),
      devices: Number(values.devices),
      seed: Number(values.seed),
      format: values.format,
      root,
      ...(values['real-captures'] ? { realCaptures: values['real-captures'] } : {}),
      realPackets: Number(values['real-packets']),
    },
    only: values.only ? values.only.split(',') : null,
  };
}

async function main(): Promise<void> {
  const { options, only } = parseOptions();
  const out = (s = ''): boolean => process.stdout.write(s + '\n');
  out(`HomeSweep bench: ${(options.bytes / 1048576).toFixed(0)} MiB synthetic home, ${options.devices} devices, seed ${options.seed}, ${options.format}`);
  const selected = BENCHMARKS.filter((b) => !only || only.includes(b.name));
  let capture: BenchCapture | null = null;
  // The synthetic capture is generated only for benchmarks that read it (discovery-latency uses the lab instead).
  const loadCapture = (): BenchCapture => {
    if (capture) return capture;
    capture = ensureCapture(options.bytes, options.devices, options.seed, options.format);
    const t = capture.truth;
    out(
      `capture: ${capture.path} — ${t.packets.toLocaleString('en-US')} packets, ${((t.endMs - t.startMs) / 60000).toFixed(0)} min of traffic, ` +
        `bulk ${((100 * t.bulkBytes) / (t.bulkBytes + t.chatterBytes)).toFixed(0)}% of bytes; ` +
        (capture.generatedInS === null ? 'reused' : `generated in ${capture.generatedInS.toFixed(1)} s`),
    );
    return capture;
  };
  if (selected.some((b) => b.needsCapture !== false)) loadCapture();
  if (!hasGnuTime()) out('note: GNU time is not installed (apt-get install -y time); peak RSS is polled from /proc every 50 ms');
  const workDir = join(BENCH_DIR, 'work');
  mkdirSync(workDir, { recursive: true });
  const results: BenchResult[] = [];
  for (const b of selected) {
    out(`running ${b.name}: ${b.description} …`);
    let r: BenchResult;
    try {
      r = await b.run({ options, workDir, get capture() { return loadCapture(); } });
    } catch (err) {
      r = { name: b.name, status: 'failed', note: `${b.name}: ${(err as Error).message}` };
    }
    results.push(r);
  }
  out();
  out(formatTable(results));
  out();
  for (const r of results) if (r.note) out(r.note);
  for (const r of results) for (const [k, v] of Object.entries(r.extra ?? {})) out(`${r.name}: ${k}: ${v}`);
  out();
  for (const line of formatRatios(results, 'tshark-fields')) out(line);
  out();
  out('goals:');
  for (const line of formatGoals(GOALS, results)) out(`  ${line}`);
}

await main();
