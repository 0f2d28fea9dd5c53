/**
 * An encrypted import on the real gateway: opening the file (scrypt) must not freeze the server, so quick exit,
 * lock and health keep answering while it runs.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { serializeAudit } from '../../gateway/audit/load-audit.ts';
import { smallAudit } from '../unit/audit/small-audit.ts';
import { requestOnce, setUpSession, startGatewayProcess } from './gateway-process.ts';

const data = mkdtempSync(join(tmpdir(), 'hs-import-'));
let child: ChildProcess | undefined;
afterAll(() => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  rmSync(data, { recursive: true, force: true });
});

describe('an encrypted import on the running gateway', () => {
  it('leaves the gateway answering while the file is being opened', async () => {
    const g = startGatewayProcess(data);
    child = g.child;
    const url = await g.ready;
    const { cookie, csrf } = await setUpSession(url);
    // Work factor 16: seconds of scrypt on a loaded machine, far longer than a health check.
    const sealed = await serializeAudit(smallAudit(), { passphrase: 'plum lantern 9', workFactor: 16 });
    const headers = { Cookie: cookie, 'X-HomeSweep-CSRF': csrf };
    const importing = requestOnce(new URL('api/audits/import', url), 'POST', { ...headers, 'Content-Type': 'application/octet-stream', 'X-HomeSweep-Passphrase': Buffer.from('plum lantern 9').toString('base64') }, sealed);
    // The gateway logs when it starts opening the file and when it is done; in between, it must still answer.
    await vi.waitFor(() => expect(g.stderr()).toMatch(/import: opening an encrypted file/), { timeout: 120_000, interval: 5 });
    const health = await requestOnce(new URL('api/health', url), 'GET', headers);
    expect(health.status).toBe(200);
    // Logout is open to every page (the report's quick exit too), so it takes JSON like login and setup.
    const lock = await requestOnce(new URL('api/logout', url), 'POST', { ...headers, 'Content-Type': 'application/json' }, Buffer.from('{}'));
    expect(lock.status).toBe(200);
    expect(g.stderr()).not.toMatch(/import: the encrypted file is open/);
    expect((await importing).status).toBe(201);
    expect(g.stderr()).toMatch(/import: the encrypted file is open/);
    g.child.kill('SIGTERM');
    await g.exited;
    // Starting a gateway and a few seconds of scrypt take minutes on a loaded machine.
  }, 240_000);
});
