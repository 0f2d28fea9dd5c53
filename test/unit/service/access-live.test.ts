/** Access entries in a live audit: quiet-check entries from each snapshot and account-check entries added meanwhile. */
import { describe, expect, it } from 'vitest';
import type { AccessEntry, Device } from '../../../gateway/contract.ts';
import type { LiveAudit, LiveSnapshot } from '../../../gateway/service/live-audit.ts';
import { createAuditManager } from '../../../gateway/service/audits.ts';
import { loadKnowledge } from '../../../gateway/knowledge.ts';
import { makeHarness } from '../http/app-harness.ts';

const t = '2026-11-27T20:00:00.000Z';
const entry = (id: string, e: Partial<AccessEntry>): AccessEntry => ({ id, kind: 'cloud-account', label: id, source: 'test', notice: 'N0', at: t, ...e });
const device = (n: number, access: AccessEntry[] = []): Device => ({
  id: `mac-02000000000${n}`, mac: `02:00:00:00:00:0${n}`, randomizedMac: false, ips: [`10.0.0.${n}`], hostnames: [], names: [`dev ${n}`],
  category: 'smart-plug', capabilities: [], firstSeen: t, lastSeen: t, traffic: { bytesUp: 0, bytesDown: 0, peers: [] },
  ...(access.length ? { access } : {}),
});
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('access in a live audit', () => {
  it('quiet entries become findings and checklist items each refresh without doubling; account-check entries survive refreshes and the stop', async () => {
    const h = await makeHarness();
    const kasa = entry('kasa-account:mac-020000000001', { label: 'Linked to the TP-Link account s***@example.com', outside: true });
    const snaps: LiveSnapshot[] = [{ devices: [device(1, [kasa]), device(2)], findings: [], packets: 5 }];
    const live: LiveAudit = { async start() {}, snapshot: () => snaps[0]!, observe() {}, uploadSeries: () => new Map(), async stop() { return snaps[0]!; } };
    const audits = createAuditManager({ store: h.store, knowledge: loadKnowledge(), demoCapture: '', log: () => undefined, refreshMs: 20, createLive: () => live });
    const rec = await audits.startLive('eth0');
    await wait(120);
    const first = h.store.get(rec.meta.id)!;
    const cloud = first.findings.filter((f) => f.rule === 'HS-ACCESS-0006');
    expect(cloud.map((f) => [f.device, f.count])).toEqual([['mac-020000000001', 1]]);
    expect(first.checklist.some((i) => i.id === `access@${kasa.id}` && i.text === 'Is this account yours, or one you know? Linked to the TP-Link account s***@example.com')).toBe(true);

    // An account check while the audit listens: its entries are put back on every refresh.
    const session = entry('home-assistant:mac-020000000002:session-x', { kind: 'session', label: 'Logged into your account: Pixel 7', outside: true, source: 'home-assistant', notice: 'N2' });
    const added = await audits.addAccess(rec.meta.id, 'mac-020000000002', [session]);
    expect(added.findings).toHaveLength(1);
    await wait(120);
    const later = h.store.get(rec.meta.id)!;
    expect(later.devices.find((d) => d.id === 'mac-020000000002')!.access!.map((e) => e.id)).toEqual([session.id]);
    expect(later.findings.filter((f) => f.rule.startsWith('HS-ACCESS-')).map((f) => [f.rule, f.count]).sort()).toEqual([['HS-ACCESS-0001', 1], ['HS-ACCESS-0006', 1]]);
    expect(later.findings.find((f) => f.rule === 'HS-ACCESS-0001')!.id).toBe(added.findings[0]);

    const done = await audits.stopAudit(rec.meta.id);
    expect(done.status).toBe('done');
    expect(done.devices.find((d) => d.id === 'mac-020000000002')!.access).toHaveLength(1);
    expect(done.checklist.some((i) => i.id === `access@${session.id}`)).toBe(true);
    await expect(audits.addAccess(rec.meta.id, 'mac-0200000000ff', [session])).rejects.toThrow(/no device/);
  });
});
