/**
 * `homesweep start` as a process, attacked the way issue 14 did: a real burst of parallel logins, a rebinding
 * Host header, malformed URLs, and the rules for listening beyond loopback (HTTPS with a kept certificate).
 * Everything binds to loopback only.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, statSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { TLSSocket } from 'node:tls';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const BIN = new URL('../../bin/homesweep.js', import.meta.url).pathname;
const PASSCODE = 'kitchen window 7';

function startGateway(args: string[]) {
  const child = spawn(process.execPath, [BIN, 'start', '--port', '0', '--no-capture', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  let stdout = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const ready = new Promise<string>((resolve, reject) => {
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
      const m = /HomeSweep is running at (\S+)\n(?:[^]*?\n)?/.exec(stdout);
      // With HTTPS the fingerprint line follows the address line.
      if (m && (!m[1]!.startsWith('https') || /fingerprint/.test(stdout))) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`exited ${code}: ${stderr}`)));
  });
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const stop = async () => {
    if (child.exitCode === null) child.kill('SIGTERM');
    return exited;
  };
  return { child, ready, exited, stop, stderr: () => stderr, stdout: () => stdout };
}

interface Answer {
  status: number;
  body: string;
  fingerprint?: string;
}

/** One request on its own connection (no keep-alive), optionally from a given loopback source address. */
function send(url: string, opts: { method?: string; path: string; body?: unknown; host?: string; from?: string }): Promise<Answer> {
  const u = new URL(url);
  const https = u.protocol === 'https:';
  const body = opts.body === undefined ? undefined : JSON.stringify(opts.body);
  return new Promise((resolve, reject) => {
    const req = (https ? httpsRequest : httpRequest)(
      {
        host: u.hostname,
        port: u.port,
        method: opts.method ?? 'GET',
        path: opts.path,
        agent: false,
        ...(opts.from ? { localAddress: opts.from } : {}),
        ...(https ? { rejectUnauthorized: false } : {}),
        headers: { Host: opts.host ?? u.host, ...(body ? { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) } : {}) },
      },
      (res) => {
        const fingerprint = https ? (res.socket as TLSSocket).getPeerCertificate().fingerprint256 : undefined;
        let text = '';
        res.setEncoding('utf8').on('data', (d: string) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode!, body: text, ...(fingerprint ? { fingerprint } : {}) }));
      },
    );
    req.setTimeout(60_000, () => req.destroy(new Error('no answer in 60 s')));
    req.once('error', reject);
    req.end(body);
  });
}

const running: ReturnType<typeof startGateway>[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((g) => g.stop()));
});
function gateway(args: string[]) {
  const g = startGateway(args);
  running.push(g);
  return g;
}
const dataDir = () => mkdtempSync(join(tmpdir(), 'hs-harden-'));

describe('homesweep start under attack (issue 14)', () => {
  it('a burst of 200 parallel wrong logins from many loopback addresses gets only the guesses the backoff allows', async () => {
    const g = gateway(['--data', dataDir()]);
    const url = await g.ready;
    expect((await send(url, { method: 'POST', path: '/api/setup', body: { passcode: PASSCODE } })).status).toBe(200);
    const started = Date.now();
    const answers = await Promise.all(
      Array.from({ length: 200 }, (_, i) => send(url, { method: 'POST', path: '/api/login', body: { passcode: `wrong ${i}` }, from: `127.0.0.${(i % 50) + 2}` })),
    );
    const elapsedMs = Date.now() - started;
    const verified = answers.filter((a) => a.status === 401).length;
    const refused = answers.filter((a) => a.status === 429).length;
    // The backoff allows a first try at once, then one after 1 s, 3 s, 7 s … (waits 1, 2, 4 s …).
    const allowed = 1 + Math.floor(Math.log2(elapsedMs / 1000 + 1));
    console.log(`burst of 200: ${verified} verified, ${refused} refused in ${elapsedMs} ms (allowed ${allowed})`);
    expect(verified).toBeGreaterThanOrEqual(1);
    expect(verified).toBeLessThanOrEqual(allowed);
    expect(verified + refused).toBe(200);
  });

  it('refuses a rebinding Host on setup and login; answers by its own address', async () => {
    const g = gateway(['--data', dataDir(), '--host-name', 'notes.home.arpa']);
    const url = await g.ready;
    const port = new URL(url).port;
    const claim = await send(url, { method: 'POST', path: '/api/setup', body: { passcode: PASSCODE }, host: `rebind.attacker.example:${port}` });
    expect(claim.status).toBe(421);
    expect(claim.body).toMatch(/does not answer to that address/);
    expect(JSON.parse((await send(url, { path: '/api/session' })).body)).toEqual({ passcodeSet: false, authenticated: false });
    expect((await send(url, { method: 'POST', path: '/api/setup', body: { passcode: PASSCODE }, host: `notes.home.arpa:${port}` })).status).toBe(200);
    expect((await send(url, { method: 'POST', path: '/api/login', body: { passcode: PASSCODE }, host: `rebind.attacker.example:${port}` })).status).toBe(421);
    expect((await send(url, { method: 'POST', path: '/api/login', body: { passcode: PASSCODE }, host: `localhost:${port}` })).status).toBe(200);
  });

  it('answers malformed URLs with 400 and logs one line for a flood of them', async () => {
    const g = gateway(['--data', dataDir()]);
    const url = await g.ready;
    const answers = await Promise.all(Array.from({ length: 40 }, () => send(url, { path: '/%zz' })));
    expect(answers.every((a) => a.status === 400)).toBe(true);
    expect((await send(url, { path: '/api/health/live' })).status).toBe(200);
    const lines = g.stderr().split('\n').filter((l) => /malformed URL/.test(l));
    expect(lines).toHaveLength(1);
    expect(g.stderr()).not.toMatch(/URIError|at .*\.ts:\d+/);
  });
});

describe('homesweep start beyond loopback (issue 14, item 10)', () => {
  it('refuses --listen 0.0.0.0 before a passcode is set, binding nothing', () => {
    const r = spawnSync(process.execPath, [BIN, 'start', '--port', '0', '--no-capture', '--data', dataDir(), '--listen', '0.0.0.0'], { encoding: 'utf8', timeout: 60_000 });
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n').pop()).toMatch(/--listen 0\.0\.0\.0: choose the passcode first/);
    expect(r.stdout).not.toMatch(/running at/);
  });

  it('serves HTTPS with a certificate kept in the data folder, and prints its fingerprint', async () => {
    const data = dataDir();
    const g = gateway(['--data', data, '--tls']);
    const url = await g.ready;
    expect(url).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/$/);
    const printed = /Certificate fingerprint \(SHA-256\): ([0-9A-F:]{95})/.exec(g.stdout())?.[1];
    expect(printed).toBeDefined();
    const answer = await send(url, { path: '/api/session' });
    expect(answer.status).toBe(200);
    expect(answer.fingerprint).toBe(printed);
    expect(statSync(join(data, 'tls', 'key.pem')).mode & 0o077).toBe(0);
    expect(await g.stop()).toBe(0);
    // Started again: the same certificate, so the fingerprint the owner noted still holds.
    const again = gateway(['--data', data, '--tls']);
    const url2 = await again.ready;
    expect(/Certificate fingerprint \(SHA-256\): (\S+)/.exec(again.stdout())?.[1]).toBe(printed);
    expect((await send(url2, { path: '/api/session' })).fingerprint).toBe(printed);
    expect(again.stderr()).not.toMatch(/made a new TLS certificate/);
  });

  it('refuses --tls together with --insecure-http', () => {
    const r = spawnSync(process.execPath, [BIN, 'start', '--port', '0', '--no-capture', '--data', dataDir(), '--tls', '--insecure-http'], { encoding: 'utf8', timeout: 60_000 });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/cannot be used together/);
  });
});
