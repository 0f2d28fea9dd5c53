/**
 * `homesweep start --listen 0.0.0.0` for real, inside two network namespaces of our own joined by a veth pair
 * (hs-ha1: the gateway's computer, 10.79.0.1/24; hs-ha2: two other devices of the home, 10.79.0.2 and .3), so
 * "every address" is only the namespace's (issue 14, items 2, 3 and 10). Nothing binds in the root namespace.
 */
import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPasscode } from '../../gateway/http/passcode.ts';
import { createStore } from '../../gateway/store/store.ts';
import { ip, killNamespaceProcesses } from './netns.ts';

const GW = 'hs-ha1';
const HOME = 'hs-ha2';
const ROOT = new URL('../../', import.meta.url).pathname;
const PASSCODE = 'kitchen window 7';

async function teardown(): Promise<void> {
  const existing = (await ip(['netns', 'list'])).split('\n').map((line) => line.split(' ')[0]);
  const mine = [GW, HOME].filter((ns) => existing.includes(ns));
  await killNamespaceProcesses(mine, 500);
  for (const ns of mine) await ip(['netns', 'del', ns]);
}

async function setup(): Promise<void> {
  await teardown();
  for (const ns of [GW, HOME]) {
    await ip(['netns', 'add', ns]);
    await ip(['-n', ns, 'link', 'set', 'lo', 'up']);
  }
  // Both veth ends are created inside the namespaces, never in the root namespace.
  await ip(['-n', GW, 'link', 'add', 'eth0', 'type', 'veth', 'peer', 'name', 'eth0', 'netns', HOME]);
  await ip(['-n', GW, 'addr', 'add', '10.79.0.1/24', 'dev', 'eth0']);
  await ip(['-n', HOME, 'addr', 'add', '10.79.0.2/24', 'dev', 'eth0']);
  await ip(['-n', HOME, 'addr', 'add', '10.79.0.3/24', 'dev', 'eth0']);
  for (const ns of [GW, HOME]) await ip(['-n', ns, 'link', 'set', 'eth0', 'up']);
}

/** `homesweep start` in the gateway's namespace; resolves with its stdout once it is running (or its exit). */
function startInNs(args: string[]): { child: ChildProcess; ready: Promise<{ code: number | null; stdout: string; stderr: string }> } {
  const child = spawn('ip', ['netns', 'exec', GW, process.execPath, 'bin/homesweep.js', 'start', '--no-capture', '--port', '0', ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const ready = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.stdout!.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
      if (/running at/.test(stdout) && (/^HomeSweep is running at http:/m.test(stdout) || /fingerprint/.test(stdout))) {
        clearTimeout(kill);
        resolve({ code: null, stdout, stderr });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(kill);
      resolve({ code, stdout, stderr });
    });
  });
  return { child, ready };
}

/** curl inside a namespace: the HTTP status (0 when no HTTP answer) and the body. */
function curl(ns: string, args: string[]): Promise<{ status: number; body: string }> {
  return new Promise((resolve) =>
    execFile('ip', ['netns', 'exec', ns, 'curl', '-sk', '-m', '30', '-o', '-', '-w', '\n%{http_code}', ...args], { encoding: 'utf8' }, (_err, out) => {
      const at = out.lastIndexOf('\n');
      resolve({ status: Number(out.slice(at + 1)) || 0, body: out.slice(0, at) });
    }),
  );
}

const login = (ns: string, url: string, passcode: string, from?: string) =>
  curl(ns, [...(from ? ['--interface', from] : []), '-H', 'Content-Type: application/json', '-d', JSON.stringify({ passcode }), `${url}api/login`]);

let data: string;
const children: ChildProcess[] = [];

beforeAll(async () => {
  if (process.getuid?.() !== 0) throw new Error('test/lab/gateway-beyond-loopback.test.ts needs root (it creates network namespaces hs-ha1 and hs-ha2)');
  await setup();
  data = mkdtempSync(join(tmpdir(), 'hs-beyond-'));
});

afterAll(async () => {
  for (const c of children) c.kill('SIGKILL');
  if (process.getuid?.() !== 0) return;
  await teardown();
  if (data) rmSync(data, { recursive: true, force: true });
});

describe('listening on every address of a home network', () => {
  it('refuses to start before the passcode is set', async () => {
    const g = startInNs(['--data', data, '--listen', '0.0.0.0']);
    children.push(g.child);
    const r = await g.ready;
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/choose the passcode first/);
  });

  it('serves HTTPS to the home with the printed certificate; holds back a guessing device, not the owner', async () => {
    const store = createStore({ dir: data, log: () => {} });
    await store.start();
    await store.setAuth({ schema: 1, passcode: await hashPasscode(PASSCODE) });
    await store.stop();

    const g = startInNs(['--data', data, '--listen', '0.0.0.0']);
    children.push(g.child);
    const r = await g.ready;
    expect(r.code).toBeNull();
    const port = /running at https:\/\/0\.0\.0\.0:(\d+)\//.exec(r.stdout)?.[1];
    expect(port).toBeDefined();
    const printed = /Certificate fingerprint \(SHA-256\): (\S+)/.exec(r.stdout)?.[1];
    const url = `https://10.79.0.1:${port}/`;

    // What a device of the home sees: this certificate, over TLS only.
    const seen = execFileSync('sh', ['-c', `ip netns exec ${HOME} openssl s_client -connect 10.79.0.1:${port} </dev/null 2>/dev/null | openssl x509 -noout -fingerprint -sha256`], { encoding: 'utf8' });
    expect(seen.trim().split('=')[1]).toBe(printed);
    expect((await curl(HOME, [`${url}api/session`])).status).toBe(200);
    expect((await curl(HOME, [`http://10.79.0.1:${port}/api/session`])).status).not.toBe(200);
    // A rebinding name is refused even from the home network.
    expect((await curl(HOME, ['-H', `Host: rebind.attacker.example:${port}`, `${url}api/session`])).status).toBe(421);

    // A device (10.79.0.2) guesses six times, each time after the wait it was given.
    for (let i = 0; i < 6; i++) {
      const a = await login(HOME, url, `guess ${i}`, '10.79.0.2');
      expect(a.status).toBe(401);
      const wait = (JSON.parse(a.body) as { retryAfterMs: number }).retryAfterMs;
      if (i < 5) await new Promise((res) => setTimeout(res, wait + 100));
    }
    expect((await login(HOME, url, PASSCODE, '10.79.0.2')).status).toBe(429);
    // The owner, on her phone (10.79.0.3) or at the gateway's own screen, gets in at once.
    expect((await login(HOME, url, PASSCODE, '10.79.0.3')).status).toBe(200);
    expect((await login(GW, `https://127.0.0.1:${port}/`, PASSCODE)).status).toBe(200);
    expect((await login(HOME, url, PASSCODE, '10.79.0.2')).status).toBe(429);
    g.child.kill('SIGTERM');
  }, 120_000);
});
