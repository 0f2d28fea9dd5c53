/**
 * Live progress: the CPU one progress snapshot of a running live audit costs (gateway/service/live-audit.ts
 * `snapshot()`: open flows reported, the provisional devices and findings), against the number of open flows. A
 * busy home is simulated as a router capture stream (the same path as `--capture-from`): 40 home devices each holding
 * open TCP connections to distinct servers (up to 20,000 flows, none closed), then between snapshots a quarter of
 * them exchange one more packet each. CPU time (process.cpuUsage, user+sys) of each snapshot: the first (which meets
 * every flow, in a process just started) and the median of the steady ones after it.
 * The gateway's whole refresh (the snapshot, findings, checklist, the record saved, the progress event) is measured
 * beside it at 20,000 flows. `npx tsx test/bench/progress-bench.ts [FLOWS...]` runs it alone
 * (HS_OPEN_FLOWS_PER_SNAPSHOT=N: another limit; HS_PROGRESS_THROUGH=gateway: the whole refresh).
 */
import { PassThrough } from 'node:stream';
import type { Readable } from 'node:stream';
import { loadKnowledge } from '../../gateway/knowledge.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAuditManager } from '../../gateway/service/audits.ts';
import { createLiveAudit, OPEN_FLOWS_PER_SNAPSHOT, type LiveAuditOptions } from '../../gateway/service/live-audit.ts';
import { createStore } from '../../gateway/store/store.ts';
import { pcapFileHeader, pcapRecord } from '../fixtures/capture-writer.ts';
import { dataFrame, openFlowFrames } from '../fixtures/open-flows.ts';
import type { BenchResult, Benchmark } from './bench-types.ts';

const DEVICES = 40;
/** Snapshots measured after the first (which reports every flow once). */
const STEADY_SNAPSHOTS = 11;
/** Share of the open flows with a new packet between two snapshots. */
const ACTIVE_SHARE = 0.25;
/** The goal: one snapshot at 20,000 open flows. */
export const PROGRESS_GOAL_MS = 20;
export const PROGRESS_GOAL_FLOWS = 20_000;

/** A router capture source whose stream the bench writes. */
function benchSource(stream: PassThrough) {
  return {
    label: 'bench stream',
    start: async (): Promise<Readable> => stream,
    stop: async () => {
      stream.end();
    },
    failure: () => undefined,
    settled: async () => undefined,
  };
}

/** Waits until the audit's reader has taken everything written to `stream` (without a snapshot, which would count). */
async function drained(stream: PassThrough): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (stream.readableLength > 0 || stream.writableLength > 0) {
    if (Date.now() > deadline) throw new Error('the live audit stopped reading its stream');
    await new Promise((r) => setTimeout(r, 5));
  }
  await new Promise((r) => setImmediate(r));
}

/** CPU milliseconds (user+sys) of `fn`, nothing else running. */
async function cpuMs(fn: () => unknown): Promise<number> {
  const t = process.cpuUsage();
  await fn();
  const d = process.cpuUsage(t);
  return (d.user + d.system) / 1000;
}

/** How a snapshot is taken: the live audit's alone, or the gateway's whole refresh. */
interface Progress {
  /** One progress snapshot; its devices and packets. */
  snapshot(): Promise<{ devices: number; packets: number }>;
  stop(): Promise<void>;
}

/** The live audit's `snapshot()` alone. */
async function liveProgress(opts: LiveAuditOptions): Promise<Progress> {
  const live = createLiveAudit(opts);
  await live.start();
  return {
    snapshot: async () => {
      const s = live.snapshot();
      return { devices: s.devices.length, packets: s.packets };
    },
    stop: async () => void (await live.stop()),
  };
}

/**
 * What the gateway does every 5 s (gateway/service/audits.ts): the snapshot, then findings, checklist, the record
 * saved and the progress event to the page (a refresh asked through feedLive with nothing to add).
 */
async function gatewayProgress(opts: LiveAuditOptions): Promise<Progress> {
  const dir = mkdtempSync(join(tmpdir(), 'hs-bench-progress-'));
  const store = createStore({ dir });
  await store.start();
  const audits = createAuditManager({ store, knowledge: opts.knowledge, demoCapture: '', log: () => undefined, refreshMs: 3_600_000, createLive: () => createLiveAudit(opts) });
  const id = (await audits.startLive('bench0')).meta.id;
  return {
    snapshot: async () => {
      await audits.feedLive(id, [], []);
      const p = store.get(id)!.progress;
      return { devices: p.devices, packets: p.packets };
    },
    stop: async () => {
      await audits.stopAudit(id);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** CPU per snapshot of a live audit holding `flows` open flows: the first snapshot and the median steady one. */
export async function progressCost(
  flows: number,
  knowledge = loadKnowledge(),
  openFlowsPerSnapshot?: number,
  through: 'live' | 'gateway' = 'live',
): Promise<{ firstMs: number; steadyMs: number; devices: number; packets: number }> {
  const stream = new PassThrough({ highWaterMark: 1 << 20 });
  const opts: LiveAuditOptions = { captureSource: benchSource(stream), knowledge, log: () => undefined, discoveryEverySeconds: 0, accessChecks: false, ...(openFlowsPerSnapshot ? { openFlowsPerSnapshot } : {}) };
  const live = await (through === 'live' ? liveProgress(opts) : gatewayProgress(opts));
  let packets = 0;
  let sec = 1_765_000_000;
  const write = (frames: Buffer[]) => {
    const recs = frames.map((data) => pcapRecord({ sec, frac: 0, data }));
    stream.write(Buffer.concat(recs));
    packets += frames.length;
  };
  stream.write(pcapFileHeader());
  // Each flow: SYN up, SYN-ACK down, a request up (no FIN: it stays open).
  for (let start = 0; start < flows; start += 2000) {
    const frames: Buffer[] = [];
    for (let i = start; i < Math.min(flows, start + 2000); i++) frames.push(...openFlowFrames(i, DEVICES));
    write(frames);
  }
  await drained(stream);
  let snap!: { devices: number; packets: number };
  const firstMs = await cpuMs(async () => {
    snap = await live.snapshot();
  });
  const steady: number[] = [];
  for (let round = 0; round < STEADY_SNAPSHOTS; round++) {
    sec += 5;
    const frames: Buffer[] = [];
    const active = Math.round(flows * ACTIVE_SHARE);
    for (let k = 0; k < active; k++) {
      const i = (round * 7919 + k * 4) % flows;
      frames.push(dataFrame(i, DEVICES, (k & 1) === 0, 100));
    }
    write(frames);
    await drained(stream);
    steady.push(
      await cpuMs(async () => {
        snap = await live.snapshot();
      }),
    );
  }
  await live.stop();
  if (snap.packets !== packets) throw new Error(`the live audit read ${snap.packets} of ${packets} packets`);
  steady.sort((a, b) => a - b);
  return { firstMs, steadyMs: steady[Math.floor(steady.length / 2)]!, devices: snap.devices, packets: snap.packets };
}

/** Benchmark of the live progress snapshot's CPU against the open flows. */
export const progressBench: Benchmark = {
  name: 'live-progress',
  description: 'CPU of one live-audit progress snapshot vs open flows (router capture stream, 40 devices)',
  needsCapture: false,
  async run(): Promise<BenchResult> {
    const knowledge = loadKnowledge();
    const extra: Record<string, string> = {};
    let goal: { steadyMs: number } | undefined;
    for (const flows of [2_000, 5_000, 10_000, PROGRESS_GOAL_FLOWS]) {
      const r = await progressCost(flows, knowledge);
      if (flows === PROGRESS_GOAL_FLOWS) goal = r;
      extra[`snapshot at ${flows.toLocaleString('en-US')} open flows`] = `${r.steadyMs.toFixed(1)} ms CPU (first ${r.firstMs.toFixed(1)} ms CPU; ${r.devices} devices, ${r.packets.toLocaleString('en-US')} packets)`;
    }
    // The baseline: every open flow with news reported by each snapshot (before OPEN_FLOWS_PER_SNAPSHOT).
    const all = await progressCost(PROGRESS_GOAL_FLOWS, knowledge, Infinity);
    extra[`snapshot at ${PROGRESS_GOAL_FLOWS.toLocaleString('en-US')} open flows, all reported (baseline)`] = `${all.steadyMs.toFixed(1)} ms CPU (first ${all.firstMs.toFixed(1)} ms CPU)`;
    // The gateway's whole refresh: the snapshot and what the page gets from it.
    const gw = await progressCost(PROGRESS_GOAL_FLOWS, knowledge, undefined, 'gateway');
    extra[`gateway refresh at ${PROGRESS_GOAL_FLOWS.toLocaleString('en-US')} open flows (snapshot, findings, checklist, saved, sent)`] = `${gw.steadyMs.toFixed(1)} ms CPU (first ${gw.firstMs.toFixed(1)} ms CPU)`;
    return {
      name: this.name,
      status: 'ok',
      cpuS: goal ? goal.steadyMs / 1000 : null,
      extra,
      note:
        `live-progress: CPU (user+sys) per snapshot, median of ${STEADY_SNAPSHOTS} after the first, ${ACTIVE_SHARE * 100}% of the flows active between ` +
        `snapshots, at most ${OPEN_FLOWS_PER_SNAPSHOT} open flows reported per snapshot; "first" is the first snapshot of each audit (the first audit's in a cold process)`,
    };
  },
};

if (import.meta.url === `file://${process.argv[1]}`) {
  const knowledge = loadKnowledge();
  const list = process.argv.slice(2).map(Number).filter((n) => n > 0);
  const limit = Number(process.env.HS_OPEN_FLOWS_PER_SNAPSHOT) || undefined;
  const through = process.env.HS_PROGRESS_THROUGH === 'gateway' ? 'gateway' : 'live';
  for (const flows of list.length ? list : [2_000, 20_000]) {
    const r = await progressCost(flows, knowledge, limit, through);
    process.stdout.write(`${flows} open flows (report limit ${limit ?? 'default'}, ${through}): steady ${r.steadyMs.toFixed(1)} ms CPU, first ${r.firstMs.toFixed(1)} ms CPU, ${r.devices} devices, ${r.packets} packets\n`);
  }
}
