/**
 * Start-up: `homesweep --help`, `homesweep analyze` of the 1.6 MB lab capture and the idle gateway (`homesweep start`
 * on loopback, no audit, after 30 s), as users run them (the build from `npm run build`: the bundled command), against
 * the named baseline measured in the same run: the same commands with the TypeScript sources run through tsx (how every
 * command started before the build existed). Commands: median of 5 runs each for wall time, CPU time (user+sys, which
 * other work on the machine distorts much less than wall time) and peak RSS; the gateway: one run each.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchContext, BenchResult, Benchmark } from './bench-types.ts';
import { hasGnuTime, measureCommand } from './measure.ts';

const RUNS = 5;
/** How long the gateway idles before its RSS is read (the brief's definition of "idle"). */
const IDLE_S = 30;

/** Medians of `RUNS` runs of one command; `cpuS` null without GNU time. */
export interface StartupFigures {
  wallS: number;
  cpuS: number | null;
  peakRssMb: number | null;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** One run under GNU time (wall, user+sys CPU, peak RSS); null when it failed. */
async function timedRun(argv: string[], cwd: string): Promise<StartupFigures | null> {
  if (!hasGnuTime()) {
    const m = await measureCommand(argv, { cwd });
    return m.exitCode === 0 ? { wallS: m.wallS, cpuS: null, peakRssMb: m.peakRssMb } : null;
  }
  const dir = mkdtempSync(join(tmpdir(), 'hs-bench-startup-'));
  const out = join(dir, 'time.txt');
  try {
    const child = spawn('/usr/bin/time', ['-f', '%e %U %S %M', '-o', out, ...argv], { cwd, stdio: 'ignore' });
    const code = await new Promise<number>((resolve) => {
      child.on('close', (c) => resolve(c ?? 1));
      child.on('error', () => resolve(127));
    });
    if (code !== 0) return null;
    const [e, u, s, m] = readFileSync(out, 'utf8').trim().split('\n').pop()!.split(' ').map(Number);
    return { wallS: e!, cpuS: u! + s!, peakRssMb: m! / 1024 };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Median wall time, CPU time and peak RSS of `runs` runs (each taken separately); null when a run failed. */
export async function medianRun(argv: string[], cwd: string, runs = RUNS): Promise<StartupFigures | null> {
  const all: StartupFigures[] = [];
  for (let i = 0; i < runs; i++) {
    const m = await timedRun(argv, cwd);
    if (!m) return null;
    all.push(m);
  }
  const cpu = all.map((m) => m.cpuS).filter((c): c is number => c !== null);
  const rss = all.map((m) => m.peakRssMb).filter((r): r is number => r !== null);
  return { wallS: median(all.map((m) => m.wallS)), cpuS: cpu.length ? median(cpu) : null, peakRssMb: rss.length ? median(rss) : null };
}

/** Resident memory of a process now, in MiB (VmRSS); null when it is gone. */
function rssNowMb(pid: number): number | null {
  try {
    const m = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null;
  }
}

/**
 * RSS of the gateway `IDLE_S` seconds after it said it is running (`homesweep start` on loopback, port 0, a fresh
 * data folder, no audit); null when it did not start within a minute.
 */
export async function gatewayIdleRss(argv: string[], cwd: string): Promise<number | null> {
  const data = mkdtempSync(join(tmpdir(), 'hs-bench-idle-'));
  const child = spawn(argv[0]!, [...argv.slice(1), 'start', '--port', '0', '--data', data], { cwd, stdio: ['ignore', 'pipe', 'ignore'] });
  try {
    const started = await new Promise<boolean>((resolve) => {
      let out = '';
      const timer = setTimeout(() => resolve(false), 60_000);
      child.stdout!.setEncoding('utf8').on('data', (d: string) => {
        out += d;
        if (/HomeSweep is running at/.test(out)) {
          clearTimeout(timer);
          resolve(true);
        }
      });
      child.once('exit', () => {
        clearTimeout(timer);
        resolve(false);
      });
    });
    if (!started || !child.pid) return null;
    await new Promise((r) => setTimeout(r, IDLE_S * 1000));
    return rssNowMb(child.pid);
  } finally {
    const exited = new Promise((r) => child.once('exit', r));
    if (child.exitCode === null) child.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
    rmSync(data, { recursive: true, force: true });
  }
}

function fmt(m: StartupFigures | null): string {
  if (!m) return 'failed';
  return `${m.wallS.toFixed(2)} s, ${m.cpuS === null ? '?' : m.cpuS.toFixed(2)} s CPU, ${m.peakRssMb?.toFixed(0) ?? '?'} MB`;
}

/** "N× less CPU than tsx" (wall when CPU was not measured). */
function ratio(a: StartupFigures | null, b: StartupFigures | null): string {
  if (!a || !b) return 'n/a';
  if (a.cpuS && b.cpuS) return `${(b.cpuS / a.cpuS).toFixed(1)}× less CPU than tsx`;
  return `${(b.wallS / a.wallS).toFixed(1)}× faster than tsx`;
}

const mb = (x: number | null) => (x === null ? 'failed' : `${x.toFixed(0)} MB RSS after ${IDLE_S} s idle`);

/** Benchmark of start-up cost on a small capture and of the idle gateway's memory. */
export const startupBench: Benchmark = {
  name: 'startup',
  description: 'homesweep --help, analyze of the 1.6 MB lab capture, idle gateway RSS (build vs tsx)',
  needsCapture: false,
  async run(ctx: BenchContext): Promise<BenchResult> {
    const root = ctx.options.root;
    if (!existsSync(join(root, '.build', 'stamp.json'))) return { name: this.name, status: 'unavailable', note: 'startup: run npm run build first' };
    const small = join(root, 'test/fixtures/lab-home-12.pcap');
    const bin = [process.execPath, join(root, 'bin/homesweep.js')];
    const tsx = [process.execPath, '--import', 'tsx', join(root, 'gateway/main.ts')];
    const load = loadavg()[0]!;
    const help = await medianRun([...bin, '--help'], root);
    const analyze = await medianRun([...bin, 'analyze', small, '--json'], root);
    // Whether V8 took the build's code cache of analyze (bin/code-cache.js): refused, the figures above lose ~50 ms.
    const shown = spawnSync(bin[0]!, [...bin.slice(1), 'analyze', small, '--json'], { cwd: root, env: { ...process.env, HOMESWEEP_CODE_CACHE: 'show' }, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
    const codeCache = /^code cache: (\w+)$/m.exec(shown.stderr)?.[1] ?? 'not used (no script bundle)';
    const helpTsx = await medianRun([...tsx, '--help'], root);
    const analyzeTsx = await medianRun([...tsx, 'analyze', small, '--json'], root);
    // Both gateways idle side by side: start-up competes for the CPU, the memory read 30 s later does not.
    const [idle, idleTsx] = await Promise.all([gatewayIdleRss(bin, root), gatewayIdleRss(tsx, root)]);
    if (!analyze) return { name: this.name, status: 'failed', note: 'startup: analyze of the lab capture failed' };
    return {
      name: this.name,
      status: 'ok',
      wallS: analyze.wallS,
      cpuS: analyze.cpuS,
      peakRssMb: analyze.peakRssMb,
      extra: {
        '--help (build)': `${fmt(help)} (${ratio(help, helpTsx)})`,
        '--help (tsx baseline)': fmt(helpTsx),
        'analyze 1.6 MB (build)': `${fmt(analyze)} (${ratio(analyze, analyzeTsx)})`,
        'analyze 1.6 MB (tsx baseline)': fmt(analyzeTsx),
        'analyze code cache': codeCache,
        'gateway idle (build)': `${mb(idle)}${idle !== null && idleTsx !== null ? ` (${(idleTsx - idle).toFixed(0)} MB less than tsx)` : ''}`,
        'gateway idle (tsx baseline)': mb(idleTsx),
      },
      note:
        `startup: median of ${RUNS} runs each (wall, user+sys CPU, peak RSS); the wall column is analyze of the 1.6 MB capture ` +
        `with the build; load average ${load.toFixed(1)} at the start (wall times above ~1 are distorted by other work, CPU much less)`,
    };
  },
};
