/**
 * Real mosquitto (Debian's /usr/sbin/mosquitto) for the integration tests: started on 127.0.0.1 with a random
 * free port and a temporary config, logging everything to a file the tests read; stopped by its pid.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const MOSQUITTO = '/usr/sbin/mosquitto';
export const MOSQUITTO_PASSWD = '/usr/bin/mosquitto_passwd';

/** Fails (never skips) when mosquitto is not installed. */
export function requireMosquitto(): void {
  for (const bin of [MOSQUITTO, MOSQUITTO_PASSWD]) {
    if (!existsSync(bin)) throw new Error(`${bin} is missing: these tests need Debian's mosquitto package (apt-get install mosquitto)`);
  }
}

export async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((res) => srv.listen(0, '127.0.0.1', res));
  const { port } = srv.address() as AddressInfo;
  await new Promise<void>((res) => srv.close(() => res()));
  return port;
}

export interface Mosquitto {
  port: number;
  dir: string;
  log(): string;
  stop(): Promise<void>;
}

export interface MosquittoOptions {
  /** Extra config lines (after the listener). */
  config?: string[];
  /** Users for a password file (mosquitto_passwd -b); with users, anonymous clients are refused. */
  users?: Record<string, string>;
  allowAnonymous?: boolean;
}

async function waitForPort(port: number, proc: ChildProcess, deadlineMs: number): Promise<void> {
  const end = Date.now() + deadlineMs;
  while (Date.now() < end) {
    if (proc.exitCode !== null) throw new Error(`mosquitto exited with code ${proc.exitCode} before listening`);
    const ok = await new Promise<boolean>((res) => {
      const s = connect(port, '127.0.0.1');
      s.once('connect', () => {
        s.destroy();
        res(true);
      });
      s.once('error', () => res(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`mosquitto did not listen on 127.0.0.1:${port} within ${deadlineMs} ms`);
}

export async function startMosquitto(opts: MosquittoOptions = {}): Promise<Mosquitto> {
  requireMosquitto();
  const dir = mkdtempSync(join(tmpdir(), 'hs-mosquitto-'));
  const port = await freePort();
  const logFile = join(dir, 'mosquitto.log');
  const lines = [
    `listener ${port} 127.0.0.1`,
    `allow_anonymous ${opts.allowAnonymous ?? !opts.users}`,
    'persistence false',
    // Run as the user that started it (root in CI), so it can read the temporary files.
    'user root',
    `log_dest file ${logFile}`,
    'log_type all',
    'connection_messages true',
    'sys_interval 1',
  ];
  if (opts.users) {
    const pw = join(dir, 'passwd');
    writeFileSync(pw, '');
    for (const [user, password] of Object.entries(opts.users)) {
      const r = spawnSync(MOSQUITTO_PASSWD, ['-b', pw, user, password], { encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`mosquitto_passwd failed: ${r.stderr}`);
    }
    lines.push(`password_file ${pw}`);
  }
  lines.push(...(opts.config ?? []));
  const conf = join(dir, 'mosquitto.conf');
  writeFileSync(conf, lines.join('\n') + '\n');
  const proc = spawn(MOSQUITTO, ['-c', conf], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  proc.stderr!.on('data', (c) => (stderr += c));
  try {
    await waitForPort(port, proc, 5000);
  } catch (err) {
    proc.kill('SIGKILL');
    throw new Error(`${(err as Error).message}; stderr: ${stderr}; log: ${existsSync(logFile) ? readFileSync(logFile, 'utf8') : ''}`);
  }
  return {
    port,
    dir,
    log: () => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : ''),
    stop: async () => {
      if (proc.exitCode === null) {
        const exited = new Promise<void>((res) => proc.once('exit', () => res()));
        proc.kill('SIGTERM');
        const t = setTimeout(() => proc.kill('SIGKILL'), 3000);
        await exited;
        clearTimeout(t);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Waits until the log has a line matching `re` (bounded). */
export async function waitForLog(m: Mosquitto, re: RegExp, deadlineMs = 10_000): Promise<string> {
  const end = Date.now() + deadlineMs;
  while (Date.now() < end) {
    const hit = m.log().split('\n').find((l) => re.test(l));
    if (hit) return hit;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no mosquitto log line matching ${re} within ${deadlineMs} ms; log:\n${m.log().slice(-3000)}`);
}
