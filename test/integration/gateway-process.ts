/** The real gateway as a person starts it (`homesweep start` on loopback, port 0), for tests that need the process. */
import { spawn, type ChildProcess } from 'node:child_process';
import { request } from 'node:http';

const BIN = new URL('../../bin/homesweep.js', import.meta.url).pathname;

export interface GatewayProcess {
  child: ChildProcess;
  /** Resolves with the URL once the gateway says it is running. */
  ready: Promise<URL>;
  exited: Promise<void>;
  stderr(): string;
}

/** Starts `homesweep start --port 0 --data DIR --no-capture` (plus `args`). */
export function startGatewayProcess(data: string, args: string[] = []): GatewayProcess {
  const child = spawn(process.execPath, [BIN, 'start', '--port', '0', '--data', data, '--no-capture', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const ready = new Promise<URL>((resolve, reject) => {
    let out = '';
    child.stdout!.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      const m = /HomeSweep is running at (\S+)/.exec(out);
      if (m) resolve(new URL(m[1]!));
    });
    child.once('exit', (code) => reject(new Error(`exited ${code}: ${stderr}`)));
  });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  return { child, ready, exited, stderr: () => stderr };
}

/** Sets the passcode of a fresh gateway; returns the session cookie and CSRF token. */
export async function setUpSession(url: URL, passcode = 'lantern harbour 42'): Promise<{ cookie: string; csrf: string }> {
  const res = await fetch(new URL('api/setup', url), { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ passcode }) });
  if (res.status !== 200) throw new Error(`setup answered ${res.status}: ${await res.text()}`);
  const { csrf } = (await res.json()) as { csrf: string };
  return { cookie: res.headers.get('Set-Cookie')!.split(';')[0]!, csrf };
}

/**
 * One request on a connection of its own (no keep-alive pool: a pooled connection the server has since closed
 * would fail the request for reasons that have nothing to do with the test).
 */
export function requestOnce(url: URL, method: string, headers: Record<string, string>, body?: Uint8Array): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (d: string) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}
