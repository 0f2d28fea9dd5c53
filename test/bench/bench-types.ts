/**
 * The benchmark harness's vocabulary: a named benchmark runs against the shared capture and returns one
 * result row; goals read the rows and say PASS / FAIL / n/a. New benchmarks (e.g. discovery latency)
 * implement `Benchmark` and are added to the list in benchmarks.ts.
 */
import type { BenchCapture } from './capture-cache.ts';

/** Options of one `npm run bench`. */
export interface BenchOptions {
  /** Capture size in bytes. */
  bytes: number;
  /** Bytes of the capture tshark reads: a prefix, or the whole file when null. */
  tsharkBytes: number | null;
  devices: number;
  seed: number;
  format: 'pcap' | 'pcapng';
  /** Repository root (where bin/homesweep.js lives). */
  root: string;
  /** Where the real-traffic bench finds its captures (`--real-captures DIR`); see real-capture.ts. */
  realCaptures?: string;
  /** Packets the real-traffic capture is repeated to, at least. */
  realPackets: number;
}

/** What a benchmark gets. */
export interface BenchContext {
  options: BenchOptions;
  /** The synthetic capture; generated on first use. */
  readonly capture: BenchCapture;
  /** Scratch directory for derived files (prefixes). */
  workDir: string;
}

/** One row of the results table. */
export interface BenchResult {
  name: string;
  status: 'ok' | 'unavailable' | 'failed';
  wallS?: number;
  /** CPU seconds (user + system), when measured: steadier than wall time on a shared machine. */
  cpuS?: number | null;
  /** Packets and bytes the tool read (for rates). */
  packets?: number;
  bytes?: number;
  peakRssMb?: number | null;
  /** Extra figures a benchmark reports (e.g. latencies), printed after the table. */
  extra?: Record<string, string>;
  /** Caveats printed under the table (prefix used, how RSS was measured, why it failed). */
  note?: string;
}

/** A named, self-contained measurement. */
export interface Benchmark {
  name: string;
  description: string;
  /** False for benchmarks that do not read the synthetic capture (it is then not generated for them). */
  needsCapture?: boolean;
  run(ctx: BenchContext): Promise<BenchResult>;
}

/** A target checked against the results. `pass` is null when the inputs are missing. */
export interface Goal {
  name: string;
  evaluate(results: Map<string, BenchResult>): { pass: boolean | null; detail: string };
}

/** Packets per second of an ok result, or null. */
export function packetRate(r: BenchResult | undefined): number | null {
  return r && r.status === 'ok' && r.wallS && r.packets ? r.packets / r.wallS : null;
}

/** Packets per CPU second of an ok result (one core's rate), or null. */
export function cpuPacketRate(r: BenchResult | undefined): number | null {
  return r && r.status === 'ok' && r.cpuS && r.packets ? r.packets / r.cpuS : null;
}

/** MiB per second of an ok result, or null. */
export function byteRate(r: BenchResult | undefined): number | null {
  return r && r.status === 'ok' && r.wallS && r.bytes ? r.bytes / 1048576 / r.wallS : null;
}
