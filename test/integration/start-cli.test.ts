import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const BIN = new URL('../../bin/homesweep.js', import.meta.url).pathname;

function startGateway(args: string[]) {
  const child = spawn(process.execPath, [BIN, 'start', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const ready = new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      const m = /HomeSweep is running at (\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`exited ${code}: ${stderr}`)));
  });
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return { child, ready, exited, stderr: () => stderr };
}

describe('homesweep start', () => {
  it('serves the API on loopback and stops cleanly on SIGTERM', async () => {
    const data = mkdtempSync(join(tmpdir(), 'hs-start-'));
    const g = startGateway(['--port', '0', '--data', data, '--no-capture']);
    const url = await g.ready;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const res = await fetch(new URL('api/session', url));
    expect(await res.json()).toEqual({ passcodeSet: false, authenticated: false });
    g.child.kill('SIGTERM');
    expect(await g.exited).toBe(0);
    expect(g.stderr()).toMatch(/stopped; everything is saved/);
  });

  it('gives one line and exit code 2 for a busy port or a bad option', async () => {
    const busy = createServer().listen(0, '127.0.0.1');
    await new Promise((r) => busy.once('listening', r));
    const port = (busy.address() as { port: number }).port;
    const data = mkdtempSync(join(tmpdir(), 'hs-start-'));
    const r = spawnSync(process.execPath, [BIN, 'start', '--port', String(port), '--data', data], { encoding: 'utf8' });
    busy.close();
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n').pop()).toMatch(new RegExp(`port ${port} on 127.0.0.1 is already in use`));
    const bad = spawnSync(process.execPath, [BIN, 'start', '--port', 'http'], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--port must be a number/);
  });
});
