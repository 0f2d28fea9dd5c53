/**
 * Live capture on a small core (issue 16): the gateway as a user runs it (`homesweep start --interface eth0`, a
 * live audit at once: tcpdump → the capture reader → the packet engine → the audit pass) in a namespace of its own,
 * pinned to core 0 (`taskset -c 0`) and held to a third of that core by a cgroup (cpu.max, or cfs quota on cgroup
 * v1). tcpdump is the gateway's child, so it runs in the same cgroup and on the same core: it is part of the
 * gateway. A second namespace replays the home mix (live-capture-mix.ts) over a veth pair with tcpreplay at 100,
 * 200 and 500 Mbit/s for 15 s each, pinned to core 1; one fresh gateway per rate. Per rate: packets sent
 * (tcpreplay), received by tcpdump's filter, dropped by the kernel and captured (tcpdump's own counters, printed
 * when the audit stops it), processed by the engine (the saved audit's packet count) and the CPU time the cgroup
 * used. Root only; it creates and deletes its two namespaces (hl-lc-home, hl-lc-gw) and its cgroup, and sends
 * nothing anywhere else: tcpreplay only ever runs in hl-lc-home on its end of the pair, and neither end has an
 * address, so the gateway sends nothing back. Needs tcpreplay (apt-get install -y tcpreplay).
 * Not charged to the gateway: the kernel's receive work (the veth hands each frame over on the sender's core, where
 * AF_PACKET copies it into tcpdump's ring); on a real gateway that is the network card's interrupt, often the same core.
 * Environment: LIVECAP_RATES (Mbit/s, comma-separated), LIVECAP_SECONDS (per rate), LIVECAP_PERIOD_US (the cgroup
 * period, 100000 by default: a third means 33 ms of every 100 ms), LIVECAP_NODE_ARGS (node flags for the gateway).
 */
import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { BenchContext, BenchResult, Benchmark } from './bench-types.ts';
import { parseTcpdumpCounters } from '../../gateway/capture/tcpdump-source.ts';
import { createCpuLimit, type CpuLimit } from './cpu-limit.ts';
import { ensureHomeMix, type HomeMix } from './live-capture-mix.ts';

const run = promisify(execFile);
function envNumbers(name: string, fallback: string, min: number, max: number): number[] {
  const text = process.env[name] ?? fallback;
  const values = text.split(',').map(Number);
  if (!values.every((v) => Number.isFinite(v) && v >= min && v <= max)) throw new Error(`${name}="${text}": expected numbers from ${min} to ${max}`);
  return values;
}
/** What one run measures; read from the environment when the bench runs (a bad value fails this bench only). */
interface Settings {
  rates: number[];
  seconds: number;
  /** cgroup period: the quota is enforced every periodUs (see createCpuLimit). */
  periodUs: number;
  /** Node flags for the gateway, e.g. LIVECAP_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" to profile the live path. */
  nodeArgs: string[];
}
function settings(): Settings {
  return {
    rates: envNumbers('LIVECAP_RATES', '100,200,500', 1, 10_000),
    seconds: envNumbers('LIVECAP_SECONDS', '15', 1, 120)[0]!,
    periodUs: envNumbers('LIVECAP_PERIOD_US', '100000', 1000, 1_000_000)[0]!,
    nodeArgs: (process.env.LIVECAP_NODE_ARGS ?? '').split(' ').filter(Boolean),
  };
}
const HOME_NS = 'hl-lc-home';
const GW_NS = 'hl-lc-gw';
const HOME_IF = 'rp0';
const GW_IF = 'eth0';
const CGROUP = 'homesweep-livecap-bench';
/** A third of a core: a Raspberry Pi 3/4 core is about 3–5× slower than one of this machine's (issue 16). */
const CPU_SHARE = 1 / 3;
const GATEWAY_CORE = '0';
const REPLAY_CORE = '1';
/** After the replay: time for the gateway to empty tcpdump's ring and the pipe before it is stopped. */
const DRAIN_MS = 3000;
const SETTLE_MS = 3000;

/** One rate's figures. */
export interface RateRun {
  mbps: number;
  sent: number;
  sentMbps: number;
  receivedByFilter: number;
  droppedByKernel: number;
  captured: number;
  engine: number;
  /** Seconds tcpreplay sent for. */
  replayS: number;
  /** CPU seconds the gateway's cgroup used from replay start to the stop request, and per second of traffic. */
  cpuS: number;
  cpuShare: number;
  /** The same split by process (from /proc/PID/stat, 10 ms ticks). */
  nodeCpuS: number;
  tcpdumpCpuS: number;
  throttledPeriods: number;
  keptUp: boolean;
}

async function ip(args: string[]): Promise<string> {
  return (await run('ip', args, { encoding: 'utf8' })).stdout;
}

async function namespacesDown(): Promise<void> {
  const existing = (await ip(['netns', 'list'])).split('\n').map((l) => l.split(' ')[0]);
  for (const ns of [HOME_NS, GW_NS]) {
    if (!existing.includes(ns)) continue;
    const pids = (await ip(['netns', 'pids', ns]).catch(() => '')).split(/\s+/).filter(Boolean).map(Number);
    for (const pid of pids) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
    await ip(['netns', 'del', ns]);
  }
}

/** Two namespaces joined by a veth pair created inside them; no addresses, no IPv6: the gateway only listens. */
async function namespacesUp(): Promise<void> {
  await namespacesDown();
  for (const ns of [HOME_NS, GW_NS]) {
    await ip(['netns', 'add', ns]);
    await run('ip', ['netns', 'exec', ns, 'sysctl', '-qw', 'net.ipv6.conf.all.disable_ipv6=1', 'net.ipv6.conf.default.disable_ipv6=1']);
    await ip(['-n', ns, 'link', 'set', 'lo', 'up']);
  }
  await ip(['-n', HOME_NS, 'link', 'add', HOME_IF, 'type', 'veth', 'peer', 'name', GW_IF, 'netns', GW_NS]);
  await ip(['-n', HOME_NS, 'link', 'set', HOME_IF, 'up']);
  await ip(['-n', GW_NS, 'link', 'set', GW_IF, 'up']);
}

/** The replay side can only reach the gateway's namespace: refuse when the pair is not what we built. */
async function assertLab(): Promise<void> {
  const link = JSON.parse(await ip(['-n', HOME_NS, '-j', '-d', 'link', 'show', HOME_IF])) as Array<{ linkinfo?: { info_kind?: string }; addr_info?: unknown[] }>;
  if (link[0]?.linkinfo?.info_kind !== 'veth') throw new Error(`${HOME_NS}/${HOME_IF} is not the bench's veth; refusing to replay`);
  await ip(['-n', GW_NS, 'link', 'show', GW_IF]);
}

/** Sum of utime+stime of a process, in seconds (for the per-process split). */
function procCpuS(pid: number): number {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const rest = f.slice(f.lastIndexOf(')') + 2).split(' ');
    return (Number(rest[11]) + Number(rest[12])) / 100;
  } catch {
    return NaN;
  }
}

function childPid(pid: number, comm: string): number | null {
  for (const task of readdirSync(`/proc/${pid}/task`)) {
    const kids = readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').split(' ').filter(Boolean).map(Number);
    for (const kid of kids) if (readFileSync(`/proc/${kid}/comm`, 'utf8').trim() === comm) return kid;
  }
  return null;
}

/** tcpreplay's summary: "Actual: N packets (B bytes) sent in S seconds", "Rated: … (M Mbps, …)". */
export function tcpreplayCounters(out: string): { sent: number; seconds: number; mbps: number; failed: number } {
  const actual = /Actual: (\d+) packets \(\d+ bytes\) sent in ([\d.]+) seconds/.exec(out);
  const sent = Number(actual?.[1]);
  const seconds = Number(actual?.[2]);
  const mbps = Number(/Rated: [\d.]+ Bps, ([\d.]+) Mbps/.exec(out)?.[1]);
  const failed = Number(/Failed packets:\s+(\d+)/.exec(out)?.[1] ?? 0);
  if (!Number.isFinite(sent)) throw new Error(`tcpreplay printed no summary: ${out.slice(-300)}`);
  return { sent, seconds, mbps, failed };
}

function waitFor(child: ChildProcess, output: () => string, re: RegExp, ms: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const t0 = Date.now();
    const tick = setInterval(() => {
      if (re.test(output())) done();
      else if (child.exitCode !== null || Date.now() - t0 > ms) done(new Error(`the gateway did not start capturing (${child.exitCode === null ? 'timed out' : `exit ${child.exitCode}`}): ${output().slice(-400)}`));
    }, 100);
    const done = (err?: Error) => {
      clearInterval(tick);
      if (err) reject(err);
      else resolve();
    };
  });
}

async function measureRate(root: string, mix: HomeMix, limit: CpuLimit, mbps: number, set: Settings): Promise<RateRun> {
  const dir = mkdtempSync(join(tmpdir(), 'hs-livecap-'));
  let log = '';
  // Joins the cgroup, then becomes the gateway (same pid): node and its tcpdump child are both held by the limit.
  // The cgroup is joined before `ip netns exec`, which mounts a sysfs of the namespace without /sys/fs/cgroup.
  const gw = spawn(
    'sh',
    ['-c', 'for f in $HS_CG; do echo $$ > "$f" || exit 3; done; exec "$@"', 'sh', 'taskset', '-c', GATEWAY_CORE, 'ip', 'netns', 'exec', GW_NS,
      process.execPath, ...set.nodeArgs, join(root, 'bin/homesweep.js'), 'start', '--port', '0', '--data', join(dir, 'data'), '--interface', GW_IF],
    { cwd: root, env: { ...process.env, HS_CG: limit.procsFiles.join(' ') }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  gw.stdout!.on('data', (d: Buffer) => (log += d.toString('utf8')));
  gw.stderr!.on('data', (d: Buffer) => (log += d.toString('utf8')));
  const closed = new Promise<void>((r) => gw.once('close', () => r()));
  try {
    await waitFor(gw, () => log, /tcpdump: listening on eth0/, 120_000);
    await new Promise((r) => setTimeout(r, SETTLE_MS));
    await assertLab();
    const tcpdumpPid = childPid(gw.pid!, 'tcpdump');
    const cpu0 = limit.usageS();
    const thr0 = limit.throttled().periods;
    const node0 = procCpuS(gw.pid!);
    const td0 = tcpdumpPid ? procCpuS(tcpdumpPid) : NaN;
    const loops = Math.ceil((mbps * 1e6 * set.seconds) / 8 / mix.bytes) + 1;
    const replay = await run(
      'ip',
      ['netns', 'exec', HOME_NS, 'taskset', '-c', REPLAY_CORE, 'tcpreplay', '-i', HOME_IF, '--mbps', String(mbps), '--preload-pcap', '--loop', String(loops), '--duration', String(set.seconds), mix.path],
      { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024, timeout: (set.seconds + 120) * 1000 },
    );
    await new Promise((r) => setTimeout(r, DRAIN_MS));
    const cpuS = limit.usageS() - cpu0;
    const throttledPeriods = limit.throttled().periods - thr0;
    const nodeS = procCpuS(gw.pid!) - node0;
    const tdS = tcpdumpPid ? procCpuS(tcpdumpPid) - td0 : NaN;
    gw.kill('SIGTERM');
    const killer = setTimeout(() => gw.kill('SIGKILL'), 120_000);
    await closed;
    clearTimeout(killer);
    const sent = tcpreplayCounters(replay.stdout + replay.stderr);
    // The gateway logs tcpdump's closing lines ("audit …: tcpdump: 123 packets dropped by kernel").
    const counters = parseTcpdumpCounters(log);
    if (!counters) throw new Error(`no tcpdump counters in the gateway's log: ${log.slice(-600)}`);
    const audits = join(dir, 'data', 'audits');
    const file = readdirSync(audits).find((f) => f.endsWith('.json'));
    const saved = file ? (JSON.parse(readFileSync(join(audits, file), 'utf8')) as { progress?: { packets?: number } }) : {};
    const engine = saved.progress?.packets ?? NaN;
    const keptUp = counters.droppedByKernel === 0 && counters.droppedByInterface === 0 && counters.receivedByFilter >= sent.sent && engine === counters.captured;
    return {
      mbps,
      sent: sent.sent,
      sentMbps: sent.mbps,
      receivedByFilter: counters.receivedByFilter,
      droppedByKernel: counters.droppedByKernel,
      captured: counters.captured,
      engine,
      replayS: sent.seconds,
      cpuS,
      cpuShare: cpuS / sent.seconds,
      nodeCpuS: nodeS,
      tcpdumpCpuS: tdS,
      throttledPeriods,
      keptUp,
    };
  } finally {
    if (gw.exitCode === null) {
      gw.kill('SIGKILL');
      await closed;
    }
    rmSync(dir, { recursive: true, force: true });
  }
}

export function formatRuns(runs: RateRun[], mix: HomeMix, limitKind: string, seconds: number): string {
  const n = (x: number) => (Number.isFinite(x) ? x.toLocaleString('en-US') : '—');
  const header = ['rate', 'sent (tcpreplay)', 'received by filter', 'dropped by kernel', 'captured', 'engine', 'gateway CPU (node + tcpdump) per second of traffic', 'kept up'];
  const rows = runs.map((r) => [
    `${r.mbps} Mbit/s (${r.sentMbps.toFixed(0)} sent)`,
    n(r.sent),
    n(r.receivedByFilter),
    n(r.droppedByKernel),
    n(r.captured),
    n(r.engine),
    `${r.cpuS.toFixed(2)} s: ${(100 * r.cpuShare).toFixed(0)}% of the core, ${(100 * r.cpuShare / CPU_SHARE).toFixed(0)}% of its third; throttled ${r.throttledPeriods}×`,
    r.keptUp ? 'yes' : 'NO',
  ]);
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((row) => row[c]!.length)));
  const line = (row: string[]) => row.map((x, c) => x.padEnd(widths[c]!)).join('  ').trimEnd();
  return [
    `live-capture: homesweep start --interface ${GW_IF} (live audit: tcpdump → engine) on core ${GATEWAY_CORE}, ${limitKind}; ${seconds} s of replay per rate`,
    `  mix: ${mix.description}; ${n(mix.packets)} packets, ${(mix.bytes / 1048576).toFixed(0)} MiB, ${(mix.bytes / mix.packets).toFixed(0)} bytes a record`,
    line(header),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...rows.map(line),
    `  CPU: the cgroup's user+sys time (node and tcpdump) from replay start to the stop request (${DRAIN_MS / 1000} s after it), over the seconds of traffic;`,
    '  "throttled": cgroup periods in which the quota ran out. By process, per packet tcpdump captured:',
    ...runs.map((r) => `    ${r.mbps} Mbit/s: node ${r.nodeCpuS.toFixed(2)} s (${((1e6 * r.nodeCpuS) / r.captured).toFixed(1)} µs a packet), tcpdump ${r.tcpdumpCpuS.toFixed(2)} s (${((1e6 * r.tcpdumpCpuS) / r.captured).toFixed(2)} µs)`),
    '  Kept up: no kernel drop, every packet sent reached the filter, and the engine processed every packet tcpdump captured.',
  ].join('\n');
}

/** The live-capture benchmark. */
export const liveCaptureBench: Benchmark = {
  name: 'live-capture',
  description: `live audit on ${Math.round(100 * CPU_SHARE)}% of core ${GATEWAY_CORE}, home mix replayed at 100/200/500 Mbit/s (lab namespaces, root)`,
  needsCapture: false,
  async run(ctx: BenchContext): Promise<BenchResult> {
    if (typeof process.getuid === 'function' && process.getuid() !== 0) {
      return { name: this.name, status: 'unavailable', note: 'live-capture: skipped — it needs root (network namespaces, cgroups)' };
    }
    const missing = ['tcpreplay', 'tcpdump', 'taskset'].filter((b) => {
      try {
        execFileSync('sh', ['-c', `command -v ${b}`], { stdio: 'ignore' });
        return false;
      } catch {
        return true;
      }
    });
    if (missing.length) return { name: this.name, status: 'unavailable', note: `live-capture: skipped — ${missing.join(', ')} not installed (apt-get install -y tcpreplay tcpdump util-linux)` };
    const set = settings();
    const root = ctx.options.root;
    // The gateway as `npm start` runs it: the compiled build, rebuilt when a source changed since.
    const { buildIsFresh } = (await import(join(root, 'bin/build-fresh.js'))) as { buildIsFresh(): boolean };
    if (!buildIsFresh()) execFileSync(process.execPath, [join(root, 'bin/build.js')], { stdio: 'ignore' });
    const mix = ensureHomeMix();
    const { acquireLabLock } = await import('../lab/lab-lock.ts');
    const release = await acquireLabLock();
    let limit: CpuLimit | undefined;
    const t0 = performance.now();
    const runs: RateRun[] = [];
    try {
      limit = createCpuLimit(CGROUP, CPU_SHARE, set.periodUs);
      await namespacesUp();
      for (const mbps of set.rates) runs.push(await measureRate(root, mix, limit, mbps, set));
    } finally {
      await namespacesDown().catch(() => undefined);
      try {
        limit?.remove();
      } catch {
        // A process still in it (killed late): the group stays, and the next run reuses it.
      }
      release();
    }
    return {
      name: this.name,
      status: 'ok',
      wallS: (performance.now() - t0) / 1000,
      extra: Object.fromEntries(runs.map((r) => [`${r.mbps} Mbit/s`, `${r.keptUp ? 'kept up' : 'did not keep up'}; dropped by kernel ${r.droppedByKernel} of ${r.receivedByFilter}`])),
      note: formatRuns(runs, mix, createCpuLimitKind(limit!), set.seconds),
    };
  },
};

function createCpuLimitKind(limit: CpuLimit): string {
  return `${Math.round(100 * CPU_SHARE)}% of it (${limit.kind})`;
}
