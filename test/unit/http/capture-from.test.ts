/**
 * Starting a live audit with a router capture through the API (the page's traffic step): an unknown router key
 * answers 409 with its fingerprint for the page's button, the confirmed key goes through to the source, a FRITZ!Box
 * password reaches the source once and is written nowhere, and a body naming neither interface nor router is
 * refused. The capture source here replays a real pcap file (the SSH and FRITZ!Box sources have their own tests).
 */
import { createReadStream, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CaptureFromOptions, CaptureSource } from '../../../gateway/capture/sources/capture-from.ts';
import { CaptureSourceError } from '../../../gateway/capture/tcpdump-source.ts';
import { client, LAB_CAPTURE, makeHarness } from './app-harness.ts';

const FP = `SHA256:${'A'.repeat(43)}`;

function replaySource(from: CaptureFromOptions, seen: CaptureFromOptions[]): CaptureSource {
  seen.push(from);
  return {
    label: from.url,
    async start() {
      if (from.url.startsWith('ssh://') && from.acceptHostKey !== FP) throw new CaptureSourceError('HOST_KEY_UNKNOWN', `${from.url}: the router's SSH host key is not known yet: ${FP}`, FP);
      return createReadStream(LAB_CAPTURE);
    },
    async stop() {},
    failure: () => undefined,
    settled: async () => undefined,
  };
}

async function ready(seen: CaptureFromOptions[]) {
  const h = await makeHarness(undefined, {}, { createSource: (from) => replaySource(from, seen), live: { discoveryEverySeconds: 0 } });
  const c = client(h);
  await c.call('POST', '/api/setup', { passcode: 'open sesame' });
  return { h, c };
}

describe('POST /api/audits with captureFrom', () => {
  it('answers an unknown router key with 409, the code and the fingerprint; the confirmed key starts the audit', async () => {
    const seen: CaptureFromOptions[] = [];
    const { h, c } = await ready(seen);
    const first = await c.call('POST', '/api/audits', { kind: 'live', captureFrom: { url: 'ssh://root@192.168.1.1', sshKey: '/k' } });
    expect(first.status).toBe(409);
    expect(first.json).toMatchObject({ code: 'host-key-unknown', fingerprint: FP });
    const second = await c.call('POST', '/api/audits', { kind: 'live', captureFrom: { url: 'ssh://root@192.168.1.1', sshKey: '/k', acceptHostKey: FP } });
    expect(second.status).toBe(201);
    expect(seen.at(-1)).toEqual({ url: 'ssh://root@192.168.1.1', sshKey: '/k', acceptHostKey: FP });
    await h.audits.stopAll();
  });

  it('passes the FRITZ!Box password to the source once and keeps it nowhere', async () => {
    const seen: CaptureFromOptions[] = [];
    const { h, c } = await ready(seen);
    const r = await c.call('POST', '/api/audits', { kind: 'live', captureFrom: { url: 'fritzbox://192.168.178.1', password: 'correct horse 42' } });
    expect(r.status).toBe(201);
    expect(seen).toEqual([{ url: 'fritzbox://192.168.178.1', password: 'correct horse 42' }]);
    await h.audits.stopAll();
    const dir = join(h.dir, 'data', 'audits');
    for (const f of readdirSync(dir)) expect(readFileSync(join(dir, f), 'utf8')).not.toContain('correct horse');
  });

  it('refuses a live start that names neither an interface nor a router', async () => {
    const { c } = await ready([]);
    const r = await c.call('POST', '/api/audits', { kind: 'live' });
    expect(r.status).toBe(400);
    expect(r.json.error).toMatch(/^interface: choose an interface or a router/);
  });
});
