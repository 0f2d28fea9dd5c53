/**
 * Runs the real gateway (`homesweep start`) for browser tests: a temp data folder, a free port on loopback,
 * no packet capture, the built UI. Waits for the ready line on stdout and stops it with SIGTERM afterwards.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const UI_DIR = join(ROOT, 'ui');
const DIST = join(UI_DIR, 'dist');
const READY = /HomeSweep is running at (http:\/\/\S+)/;

/** A running gateway. */
export interface GatewayProcess {
  /** Base URL ending in `/`. */
  url: string;
  dataDir: string;
  /** Everything it wrote to stdout and stderr so far (shown when a test fails). */
  output(): string;
  stop(): Promise<void>;
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'dist' || e.name === 'node_modules') continue;
    const p = join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

function isBuilt(): boolean {
  const index = join(DIST, 'index.html');
  return existsSync(index) && statSync(index).mtimeMs >= newestMtime(UI_DIR);
}

/**
 * Builds ui/dist when it is missing or older than a UI source file. Test files run in parallel: a lock folder
 * makes one of them build while the others wait, and the check is made again under the lock so a fresh build
 * is not redone under a page that is already loading it.
 */
export function ensureUiBuilt(): void {
  if (isBuilt()) return;
  const lock = join(tmpdir(), 'hs-ui-build.lock');
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (let i = 0; i < 1200; i++) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      Atomics.wait(pause, 0, 0, 100); // Another test file is building; a stale lock is ignored after 2 minutes.
    }
  }
  try {
    if (isBuilt()) return;
    const r = spawnSync('npx', ['vite', 'build', '--config', 'ui/vite.config.ts', '--logLevel', 'warn'], { cwd: ROOT, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`ui build failed:\n${r.stdout}\n${r.stderr}`);
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** Options of startGateway. */
export interface StartOptions {
  timeoutMs?: number;
  /** Run it inside this network namespace (created by the test), so live discovery stays inside it. */
  netns?: string;
  /** Extra environment, e.g. HOMESWEEP_INDICATORS_SOURCE pointing at a loopback server. */
  env?: Record<string, string>;
  /** Live audits run tcpdump (only inside `netns`); off by default. */
  capture?: boolean;
}

/** Starts the gateway and resolves once it prints its address (rejects after `timeoutMs` or on exit). */
export async function startGateway(opts: StartOptions = {}): Promise<GatewayProcess> {
  const timeoutMs = opts.timeoutMs ?? 60_000;
  ensureUiBuilt();
  const dataDir = mkdtempSync(join(tmpdir(), 'hs-ui-test-'));
  const args = ['bin/homesweep.js', 'start', '--data', dataDir, '--port', '0', '--listen', '127.0.0.1', ...(opts.capture && opts.netns ? [] : ['--no-capture']), '--ui-dir', DIST];
  // `ip netns exec` execs the command in place, so the child's pid is the gateway's and SIGTERM reaches it.
  const [cmd, argv] = opts.netns ? ['ip', ['netns', 'exec', opts.netns, process.execPath, ...args]] : [process.execPath, args];
  const child: ChildProcess = spawn(cmd, argv, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1', ...opts.env } });
  let out = '';
  child.stdout!.setEncoding('utf8').on('data', (s: string) => (out += s));
  child.stderr!.setEncoding('utf8').on('data', (s: string) => (out += s));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => done(new Error(`gateway not ready after ${timeoutMs} ms:\n${out}`)), timeoutMs);
    const onData = (): void => {
      const m = READY.exec(out);
      if (m) done(null, m[1]!.endsWith('/') ? m[1]! : `${m[1]!}/`);
    };
    const onExit = (code: number | null): void => done(new Error(`gateway exited (${code}) before it was ready:\n${out}`));
    function done(err: Error | null, value?: string): void {
      clearTimeout(timer);
      child.stdout!.off('data', onData);
      child.off('exit', onExit);
      if (err) {
        child.kill('SIGKILL');
        rmSync(dataDir, { recursive: true, force: true });
        reject(err);
      } else resolve(value!);
    }
    child.stdout!.on('data', onData);
    child.once('exit', onExit);
  });

  return {
    url,
    dataDir,
    output: () => out,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(killer);
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
