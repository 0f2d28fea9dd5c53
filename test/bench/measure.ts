/**
 * Runs one command and measures its wall time, CPU time and peak resident memory. Uses GNU time (Debian package
 * `time`, /usr/bin/time -f '%e %M %U %S') when installed, else polls /proc/<pid>/status every 50 ms, summing
 * VmRSS over the process and its descendants (and taking the root's VmHWM).
 */
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Outcome of one measured run. */
export interface Measurement {
  exitCode: number;
  wallS: number;
  /** CPU time (user + system) in seconds, or null when GNU time is not installed. */
  cpuS: number | null;
  /** Peak RSS in MiB, or null when it could not be measured. */
  peakRssMb: number | null;
  /** How the RSS was measured. */
  rssMethod: 'gnu-time' | 'proc-poll';
  /** The last lines of stderr (for error reports). */
  stderrTail: string;
}

const GNU_TIME = '/usr/bin/time';

/** True when GNU time is available for exact peak-RSS figures. */
export function hasGnuTime(): boolean {
  return existsSync(GNU_TIME);
}

/**
 * Runs `argv` with stdout sent to /dev/null (or `stdoutPath`) and returns its measurement.
 * `pollOnly` forces the /proc polling path even when GNU time is installed.
 */
export async function measureCommand(argv: string[], opts: { stdoutPath?: string; cwd?: string; pollOnly?: boolean } = {}): Promise<Measurement> {
  const useTime = !opts.pollOnly && hasGnuTime();
  const dir = mkdtempSync(join(tmpdir(), 'hs-bench-'));
  const timeOut = join(dir, 'time.txt');
  const full = useTime ? [GNU_TIME, '-f', '%e %M %U %S', '-o', timeOut, ...argv] : argv;
  const out = openSync(opts.stdoutPath ?? '/dev/null', 'w');
  const started = performance.now();
  const child = spawn(full[0]!, full.slice(1), { stdio: ['ignore', out, 'pipe'], cwd: opts.cwd });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString('utf8')).slice(-4000);
  });
  let polledKb = 0;
  const poll = useTime ? undefined : setInterval(() => {
    if (child.pid) polledKb = Math.max(polledKb, treeRssKb(child.pid));
  }, 50);
  const exitCode = await new Promise<number>((resolve) => {
    child.on('close', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
    child.on('error', () => resolve(127));
  });
  const wallMeasured = (performance.now() - started) / 1000;
  if (poll) clearInterval(poll);
  closeSync(out);
  let wallS = wallMeasured;
  let peakRssMb: number | null = polledKb > 0 ? polledKb / 1024 : null;
  let cpuS: number | null = null;
  if (useTime && existsSync(timeOut)) {
    // GNU time writes "Command exited with non-zero status N" before the format line on failure.
    const last = readFileSync(timeOut, 'utf8').trim().split('\n').pop() ?? '';
    const [e, m, user, sys] = last.split(' ').map(Number);
    if (Number.isFinite(e)) wallS = e!;
    if (Number.isFinite(m)) peakRssMb = m! / 1024;
    if (Number.isFinite(user) && Number.isFinite(sys)) cpuS = user! + sys!;
  }
  rmSync(dir, { recursive: true, force: true });
  const stderrTail = stderr.split('\n').filter((l) => l.trim() && !l.includes('Running as user "root"')).slice(-3).join(' | ');
  return { exitCode, wallS, cpuS, peakRssMb, rssMethod: useTime ? 'gnu-time' : 'proc-poll', stderrTail };
}

function statusKb(pid: number, key: 'VmRSS' | 'VmHWM'): number {
  try {
    const m = new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    // The process ended between two polls; it no longer counts.
    return 0;
  }
}

function children(pid: number): number[] {
  const out: number[] = [];
  try {
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      const text = readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').trim();
      if (text) out.push(...text.split(' ').map(Number));
    }
  } catch {
    // Gone already: no children to add.
  }
  return out;
}

/** Current RSS of a process tree in kB, or the root's high-water mark if larger. */
function treeRssKb(root: number): number {
  let sum = 0;
  const stack = [root];
  while (stack.length > 0) {
    const pid = stack.pop()!;
    sum += statusKb(pid, 'VmRSS');
    stack.push(...children(pid));
  }
  return Math.max(sum, statusKb(root, 'VmHWM'));
}
