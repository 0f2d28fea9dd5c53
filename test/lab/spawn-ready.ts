/**
 * Starts a program inside a network namespace and waits for the line that says it is ready (a simulation's
 * `ready …`, tcpdump's `listening on`), for the lab tests that run helpers next to the devices they imitate.
 */
import { spawn, type ChildProcess } from 'node:child_process';

/** The child, with the lines it printed so far (the watched stream's, and stdout's when stderr is watched). */
export type ReadyChild = ChildProcess & { lines: string[] };

/** How the child is started and watched. */
export interface SpawnReadyOptions {
  /** Working folder of the child. */
  cwd: string;
  /** Every child spawned is pushed here, so afterAll can stop each by its pid. */
  children: ChildProcess[];
  /** The stream the ready line comes on; stdout by default. */
  stream?: 'stdout' | 'stderr';
  /** Keep stdin open as a pipe, for tests that send the child commands. */
  stdin?: boolean;
  /** How long to wait for the ready line; 20 s by default. */
  timeoutMs?: number;
}

/** Spawns `cmd` in `ns`; resolves once a line matches `ready`, rejects if it exits or takes too long first. */
export function spawnReady(ns: string, cmd: string[], ready: RegExp, opts: SpawnReadyOptions): Promise<ReadyChild> {
  const stream = opts.stream ?? 'stdout';
  const timeoutMs = opts.timeoutMs ?? 20_000;
  // The start of the command names it in errors; a full `node -e <code>` would bury the message.
  const what = cmd.slice(0, 4).join(' ');
  return new Promise((res, rej) => {
    const child = spawn('ip', ['netns', 'exec', ns, ...cmd], { cwd: opts.cwd, stdio: [opts.stdin ? 'pipe' : 'ignore', 'pipe', 'pipe'] }) as ReadyChild;
    opts.children.push(child);
    child.lines = [];
    let buf = '';
    let errTail = '';
    let done = false;
    const timer = setTimeout(() => !done && rej(new Error(`${ns}: ${what} not ready in ${timeoutMs / 1000} s`)), timeoutMs);
    child[stream]!.setEncoding('utf8').on('data', (d: string) => {
      buf += d;
      const lines = buf.split('\n');
      buf = lines.pop() ?? '';
      child.lines.push(...lines);
      if (!done && lines.some((l) => ready.test(l))) {
        done = true;
        clearTimeout(timer);
        res(child);
      }
    });
    if (stream === 'stderr') child.stdout!.setEncoding('utf8').on('data', (d: string) => child.lines.push(...d.split('\n').filter(Boolean)));
    else child.stderr!.setEncoding('utf8').on('data', (d: string) => (errTail = (errTail + d).slice(-500)));
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (!done) rej(new Error(`${ns}: ${what} exited ${code}: ${errTail}`));
    });
  });
}
