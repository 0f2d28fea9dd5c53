import { describe, expect, it, vi } from 'vitest';
import type { AuditProgress, AuditView, Device } from '../../../gateway/contract.ts';
import type { LiveAudit, LiveSnapshot } from '../../../gateway/service/live-audit.ts';
import { client, makeHarness } from '../http/app-harness.ts';
import { createAuditManager } from '../../../gateway/service/audits.ts';
import { loadKnowledge } from '../../../gateway/knowledge.ts';

const t = '2026-11-27T20:00:00.000Z';
const device = (id: string, profile?: string, category: Device['category'] = 'camera'): Device => ({
  id, mac: id.replace('mac-', '').replace(/(..)(?!$)/g, '$1:'), randomizedMac: false, ips: ['10.0.0.9'], hostnames: [], names: [id], category,
  capabilities: category === 'camera' ? ['camera', 'mic'] : [], ...(profile ? { profile: { id: profile, name: profile, confidence: 0.9, matchedBy: [] } } : {}),
  firstSeen: t, lastSeen: t, traffic: { bytesUp: 0, bytesDown: 0, peers: [] },
});

/** A live audit whose snapshots the test sets: the manager's refresh, save and events are the real ones. */
function fakeLive(snaps: LiveSnapshot[]) {
  let stopped = false;
  const live: LiveAudit = {
    async start() {},
    snapshot: () => snaps[0]!,
    observe() {},
    uploadSeries: () => new Map(),
    async stop() {
      stopped = true;
      return snaps[0]!;
    },
  };
  return { live, stopped: () => stopped };
}

describe('live audit lifecycle', () => {
  it('pushes progress, keeps answers as devices appear, and ends as done', async () => {
    const h = await makeHarness();
    const knowledge = loadKnowledge();
    const snaps: LiveSnapshot[] = [{ devices: [device('mac-2caa8e3b7c21', 'wyze.camera')], findings: [], packets: 10 }];
    const fake = fakeLive(snaps);
    const audits = createAuditManager({ store: h.store, knowledge, demoCapture: '', log: () => undefined, refreshMs: 20, createLive: () => fake.live });
    const rec = await audits.startLive('eth0');
    const seen: AuditProgress[] = [];
    audits.subscribe(rec.meta.id, (p) => seen.push(p));
    // Refreshes run every 20 ms; wait for one (bounded), not for a fixed time that a loaded machine can miss.
    await vi.waitFor(() => expect(seen.at(-1)).toMatchObject({ status: 'running', devices: 1, packets: 10 }), { timeout: 10_000, interval: 20 });
    const item = h.store.get(rec.meta.id)!.checklist.find((i) => i.device === 'mac-2caa8e3b7c21')!;
    expect(item, 'the Wyze profile brings its checklist steps').toBeDefined();
    await audits.answer(rec.meta.id, item.id, { status: 'done', answer: 'no' });
    snaps[0] = { devices: [device('mac-2caa8e3b7c21', 'wyze.camera'), device('mac-0cae7d8f224a', 'ring.doorbell', 'doorbell')], findings: [], packets: 99 };
    await vi.waitFor(() => expect(h.store.get(rec.meta.id)!.progress.devices).toBe(2), { timeout: 10_000, interval: 20 });
    const now = h.store.get(rec.meta.id)!;
    expect(now.checklist.find((i) => i.id === item.id)).toMatchObject({ status: 'done', answer: 'no' });
    expect(now.checklist.some((i) => i.device === 'mac-0cae7d8f224a')).toBe(true);
    await expect(audits.startLive('eth1')).rejects.toThrow(/already listening/);
    expect(await audits.markMotion(rec.meta.id)).toMatch(/^\d{4}-/);
    const done = await audits.stopAudit(rec.meta.id);
    expect(fake.stopped()).toBe(true);
    expect(done.status).toBe('done');
    expect(seen.at(-1)!.status).toBe('done');
    await expect(audits.markMotion(rec.meta.id)).rejects.toThrow(/listening now/);
  });

  it('streams progress as server-sent events until the audit ends', async () => {
    const h = await makeHarness();
    const c = client(h);
    await c.call('POST', '/api/setup', { passcode: 'open sesame' });
    const demo = (await c.call('POST', '/api/audits', { kind: 'demo' })).json;
    const res = await h.app.request(`http://localhost/api/audits/${demo.id}/events`, { headers: { Cookie: c.cookie, Host: 'localhost' } });
    expect(res.headers.get('Content-Type')).toMatch(/text\/event-stream/);
    const text = await res.text();
    expect(text).toMatch(/^event: progress\ndata: \{"status":"done"/);
    const view: AuditView = (await c.call('GET', `/api/audits/${demo.id}`)).json;
    expect(JSON.parse(text.split('data: ')[1]!.split('\n')[0]!).devices).toBe(view.progress.devices);
  });
});
