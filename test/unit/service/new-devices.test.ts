import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { AuditView } from '../../../gateway/contract.ts';
import { client, LAB_CAPTURE, makeHarness } from '../http/app-harness.ts';

const PLANTED = new URL('../../fixtures/lab-planted.pcap', import.meta.url).pathname;
const NEW_DEVICE_RULES = ['HS-DEVICE-0002', 'HS-DEVICE-0003'];

describe('new devices since the last audit', () => {
  it('reports devices the previous capture audit did not have, and only those', async () => {
    const h = await makeHarness();
    const c = client(h);
    await c.call('POST', '/api/setup', { passcode: 'open sesame' });
    const upload = (file: string) => c.call('POST', `/api/audits/capture?name=${file.split('/').pop()}`, new Uint8Array(readFileSync(file)), { 'Content-Type': 'application/octet-stream' });
    const first = (await upload(LAB_CAPTURE)).json;
    const firstView: AuditView = (await c.call('GET', `/api/audits/${first.id}`)).json;
    expect(firstView.findings.filter((f) => NEW_DEVICE_RULES.includes(f.rule)), 'no previous audit: nothing is new').toEqual([]);
    const second = (await upload(PLANTED)).json;
    const view: AuditView = (await c.call('GET', `/api/audits/${second.id}`)).json;
    const before = new Set(firstView.devices.map((d) => d.id));
    const flagged = new Set(view.findings.filter((f) => NEW_DEVICE_RULES.includes(f.rule)).map((f) => f.device));
    const fresh = view.devices.filter((d) => !before.has(d.id) && !d.isGateway).map((d) => d.id);
    expect(fresh.length).toBeGreaterThan(0);
    for (const id of flagged) expect(before.has(id!), `${id} was in the previous audit`).toBe(false);
    expect(flagged.size).toBeGreaterThan(0);
    expect(view.newSinceLast!.devices).toEqual(expect.arrayContaining([...flagged]));
  });
});
