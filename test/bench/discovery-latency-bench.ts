/**
 * Discovery latency in the lab home: for home-12 and home-50, brings the lab up, lets the devices settle (so the
 * round sees a home already running, not devices booting), runs `homesweep discover --progress-json` in the lab
 * gateway (hl-gw) and reads its inventory every 250 ms: how many simulated devices are found, and how many carry
 * the category the scenario expects, after t seconds. Tears the lab down after each size. Needs root.
 */
import type { BenchResult, Benchmark } from './bench-types.ts';

const SIZES = [12, 50];
// The points asked for, then on to one full device cycle: the lab devices renew DHCP and refresh DNS every 60 s,
// which is when the ones that only talk to their cloud give themselves away.
const POINTS_S = [0.5, 1, 2, 3, 5, 10, 20, 30, 45, 60];
const ROUND_S = 65;
const SETTLE_MS = 3_000;

interface SizeRun {
  size: number;
  /** Per point: [found, identified] from the last progress snapshot at or before it, or null when none yet. */
  points: Array<[number, number] | null>;
  /** The round's final result (flows are reported when the round ends, so this may know more). */
  final: [number, number];
  startupS: number;
  wallS: number;
  labUpS: number;
}

async function measureSize(size: number): Promise<SizeRun> {
  const { labUp, labDown } = await import('../lab/lab.ts');
  const { acquireLabLock } = await import('../lab/lab-lock.ts');
  const { loadScenario } = await import('../lab/scenario-load.ts');
  const { runLabDiscover } = await import('../lab/lab-discover.ts');
  const { scoreDiscovery, summariseScore } = await import('../lab/discovery-score.ts');
  const release = await acquireLabLock();
  try {
    const t0 = performance.now();
    const lab = await labUp(loadScenario(`home-${size}`), { seconds: ROUND_S + 120 });
    const labUpS = (performance.now() - t0) / 1000;
    await new Promise((r) => setTimeout(r, SETTLE_MS));
    const run = await runLabDiscover({ seconds: ROUND_S, progress: true });
    if (run.code !== 0 || !run.result) throw new Error(`discover exited ${run.code}: ${run.stderr.slice(-400)}`);
    const score = (devices: Parameters<typeof scoreDiscovery>[1]): [number, number] => {
      const s = summariseScore(scoreDiscovery(lab.plan, devices));
      return [s.found, s.identified];
    };
    const points = POINTS_S.map((t) => {
      const snap = run.progress.filter((p) => p.elapsedMs <= t * 1000).at(-1);
      return snap ? score(snap.devices) : null;
    });
    const first = run.progress[0];
    return { size, points, final: score(run.result.devices), startupS: first ? (first.wallMs - first.elapsedMs) / 1000 : NaN, wallS: run.wallMs / 1000, labUpS };
  } finally {
    await labDown().catch(() => undefined);
    release();
  }
}

function formatRuns(runs: SizeRun[]): string {
  const cell = (v: [number, number] | null, size: number) => (v ? `${v[0]}/${size} · ${v[1]}/${size}` : '— (no snapshot yet)');
  const header = ['t (s)', ...runs.map((r) => `home-${r.size}: found · identified`)];
  const rows = POINTS_S.map((t, i) => [String(t), ...runs.map((r) => cell(r.points[i], r.size))]);
  rows.push([`${ROUND_S} (result)`, ...runs.map((r) => cell(r.final, r.size))]);
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((row) => row[c].length)));
  const line = (row: string[]) => row.map((x, c) => x.padEnd(widths[c])).join('  ').trimEnd();
  return [
    'discovery-latency: devices found / identified with the expected category, t seconds into a discover round',
    line(header),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...rows.map(line),
    ...runs.map((r) => `  home-${r.size}: lab up ${r.labUpS.toFixed(1)} s; discover wall ${r.wallS.toFixed(1)} s for a ${ROUND_S} s round (node start-up before t = 0: ${r.startupS.toFixed(1)} s)`),
    '  t counts from the start of discover (before tcpdump starts). Progress snapshots include flows still open;',
    '  the "(result)" row is the final inventory.',
  ].join('\n');
}

/** The discovery-latency benchmark (lab homes of 12 and 50 devices). */
export const discoveryLatencyBench: Benchmark = {
  name: 'discovery-latency',
  description: `homesweep discover in the lab (home-${SIZES.join(', home-')}), inventory every 250 ms`,
  needsCapture: false,
  async run(): Promise<BenchResult> {
    if (typeof process.getuid === 'function' && process.getuid() !== 0) {
      return { name: this.name, status: 'unavailable', note: 'discovery-latency: skipped — the lab needs root (network namespaces); run npm run bench as root' };
    }
    const t0 = performance.now();
    const runs: SizeRun[] = [];
    for (const size of SIZES) runs.push(await measureSize(size));
    return { name: this.name, status: 'ok', wallS: (performance.now() - t0) / 1000, note: formatRuns(runs) };
  },
};
