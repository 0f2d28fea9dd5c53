/**
 * A capture upload cut short by a crash: the real gateway is killed with SIGKILL while a capture is streaming in,
 * and the raw upload (household traffic) must be gone once the gateway starts again.
 */
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { setUpSession, startGatewayProcess } from './gateway-process.ts';

const data = mkdtempSync(join(tmpdir(), 'hs-upload-crash-'));
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  rmSync(data, { recursive: true, force: true });
});

function startGateway() {
  const g = startGatewayProcess(data);
  children.push(g.child);
  return g;
}

const uploads = () => (existsSync(join(data, 'uploads')) ? readdirSync(join(data, 'uploads')) : []);

describe('a capture upload cut short by a crash', () => {
  it('leaves no raw upload behind once the gateway starts again', async () => {
    const first = startGateway();
    const url = await first.ready;
    const { cookie, csrf } = await setUpSession(url);

    // A capture streams in slowly; the gateway is killed while the upload is still being written.
    const req = request(new URL('api/audits/capture?name=home.pcap', url), { method: 'POST', headers: { Cookie: cookie, 'X-HomeSweep-CSRF': csrf, 'Content-Type': 'application/octet-stream' } });
    req.on('error', () => undefined);
    req.write(Buffer.alloc(256 * 1024, 0x5a));
    await vi.waitFor(() => expect(uploads().some((f) => f.endsWith('.upload') && statSync(join(data, 'uploads', f)).size > 0)).toBe(true), { timeout: 120_000, interval: 20 });
    first.child.kill('SIGKILL');
    await first.exited;
    req.destroy();
    const left = uploads().filter((f) => f.endsWith('.upload'));
    expect(left).toHaveLength(1);

    const second = startGateway();
    await second.ready;
    expect(uploads()).toEqual([]);
    expect(second.stderr()).toMatch(/removed 1 upload left over/);
    second.child.kill('SIGTERM');
    await second.exited;
    // Two gateway starts take most of a minute on a loaded machine.
  }, 240_000);
});
