import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AuditSummary, AuditView } from '../../../gateway/contract.ts';
import { createStore } from '../../../gateway/store/store.ts';
import { client, LAB_CAPTURE, makeHarness, type Harness } from './app-harness.ts';

describe('passcode, session and CSRF', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await makeHarness();
  });

  it('starts locked with no passcode, refuses a short one, sets one with a strict cookie', async () => {
    const c = client(h);
    expect((await c.call('GET', '/api/session')).json).toEqual({ passcodeSet: false, authenticated: false });
    expect((await c.call('GET', '/api/audits')).status).toBe(401);
    const short = await c.call('POST', '/api/setup', { passcode: '123' });
    expect(short.status).toBe(400);
    expect(short.json.error).toMatch(/at least 6/);
    const ok = await c.call('POST', '/api/setup', { passcode: 'open sesame' });
    expect(ok.status).toBe(200);
    const cookie = ok.headers.get('Set-Cookie')!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect((await c.call('POST', '/api/setup', { passcode: 'another one' })).status).toBe(409);
    expect((await c.call('GET', '/api/audits')).status).toBe(200);
  });

  it('refuses state changes without the CSRF token or from another site', async () => {
    const c = client(h);
    await c.call('POST', '/api/login', { passcode: 'open sesame' });
    expect((await c.call('POST', '/api/audits', { kind: 'demo' }, { 'X-HomeSweep-CSRF': 'wrong' })).status).toBe(403);
    expect((await c.call('POST', '/api/audits', { kind: 'demo' }, { Origin: 'http://evil.example' })).status).toBe(403);
    expect((await c.call('POST', '/api/login', new TextEncoder().encode('passcode=x'), { 'Content-Type': 'application/x-www-form-urlencoded' })).status).toBe(415);
  });

  it('backs off after wrong passcodes, doubling the wait', async () => {
    const c = client(h);
    const first = await c.call('POST', '/api/login', { passcode: 'nope nope' });
    expect(first.status).toBe(401);
    expect(first.json.retryAfterMs).toBe(1000);
    const during = await c.call('POST', '/api/login', { passcode: 'open sesame' });
    expect(during.status).toBe(429);
    h.clock.now += 1001;
    const second = await c.call('POST', '/api/login', { passcode: 'still wrong' });
    expect(second.json.retryAfterMs).toBe(2000);
    h.clock.now += 2001;
    expect((await c.call('POST', '/api/login', { passcode: 'open sesame' })).status).toBe(200);
    expect((await c.call('GET', '/api/session')).json.authenticated).toBe(true);
  });

  it('sends strict security headers and serves the page for unknown paths', async () => {
    const c = client(h);
    const page = await c.call('GET', '/devices/abc');
    expect(page.status).toBe(200);
    expect(page.text).toContain('Home notes');
    expect(page.headers.get('Content-Security-Policy')).toContain("script-src 'self'");
    expect(page.headers.get('X-Frame-Options')).toBe('DENY');
    expect((await c.call('GET', '/../../etc/passwd')).text).not.toContain('root:');
    expect((await c.call('GET', '/missing.js')).status).toBe(404);
    expect((await c.call('GET', '/api/nothing-here')).status).toBe(401);
  });
});

describe('audits through the API', () => {
  let h: Harness;
  let c: ReturnType<typeof client>;
  let demo: AuditSummary;
  beforeAll(async () => {
    h = await makeHarness();
    c = client(h);
    await c.call('POST', '/api/setup', { passcode: 'open sesame' });
    const res = await c.call('POST', '/api/audits', { kind: 'demo' });
    expect(res.status).toBe(201);
    demo = res.json;
  });

  it('opens the demo home: devices ranked by risk, texts in the asked language', async () => {
    expect(demo.mode).toBe('demo');
    expect(demo.devices).toBeGreaterThanOrEqual(12);
    const en: AuditView = (await c.call('GET', `/api/audits/${demo.id}?lang=en`)).json;
    const scores = en.devices.map((d) => d.risk.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    const camera = en.devices.find((d) => d.capabilities.includes('camera'))!;
    expect(camera.risk.reasons).toContain('Can see (camera)');
    expect(en.checklist.length).toBeGreaterThan(5);
    expect(en.cannotSee.join(' ')).toMatch(/Bluetooth/);
    const es: AuditView = (await c.call('GET', `/api/audits/${demo.id}?lang=es`)).json;
    expect(es.devices.find((d) => d.id === camera.id)!.risk.reasons).toContain('Puede ver (cámara)');
    const withSteps = es.devices.find((d) => d.remoteAccess.length)!;
    const sameEn = en.devices.find((d) => d.id === withSteps.id)!;
    expect(withSteps.remoteAccess[0]!.whereToCheck).not.toBe(sameEn.remoteAccess[0]!.whereToCheck);
  });

  it('saves checklist answers so a new store opened on the same folder has them', async () => {
    const view: AuditView = (await c.call('GET', `/api/audits/${demo.id}`)).json;
    const item = view.checklist[0]!;
    const res = await c.call('PATCH', `/api/audits/${demo.id}/checklist/${encodeURIComponent(item.id)}`, { status: 'done', answer: 'yes', note: 'my sister set it up' });
    expect(res.status).toBe(200);
    expect((await c.call('PATCH', `/api/audits/${demo.id}/checklist/${encodeURIComponent(item.id)}`, { status: 'maybe' })).json.error).toMatch(/^status/);
    const again = createStore({ dir: join(h.dir, 'data') });
    await again.start();
    const saved = again.get(demo.id)!.checklist.find((i) => i.id === item.id)!;
    expect(saved).toMatchObject({ status: 'done', answer: 'yes', note: 'my sister set it up' });
    expect(readdirSync(join(h.dir, 'data', 'audits')).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('analyses an uploaded capture, keeps no copy of it, and refuses a file that is not a capture', async () => {
    const bytes = new Uint8Array(readFileSync(LAB_CAPTURE));
    const res = await c.call('POST', '/api/audits/capture?name=home.pcap', bytes, { 'Content-Type': 'application/octet-stream' });
    expect(res.status).toBe(201);
    expect(res.json.title).toBe('Capture home.pcap');
    expect(res.json.devices).toBe(demo.devices);
    expect(readdirSync(join(h.dir, 'data', 'uploads'))).toEqual([]);
    const bad = await c.call('POST', '/api/audits/capture?name=notes.txt', new TextEncoder().encode('hello, this is not a capture'), { 'Content-Type': 'application/octet-stream' });
    expect(bad.status).toBe(400);
    expect(bad.json.error).toMatch(/notes\.txt/);
    // The page words the reason itself, in its language.
    expect(bad.json.code).toBe('not-a-capture');
    // The same file again is told apart by its title.
    const second = await c.call('POST', '/api/audits/capture?name=home.pcap', bytes, { 'Content-Type': 'application/octet-stream' });
    expect(second.json.title).toBe('Capture home.pcap (2)');
  });

  it('reopens the demo home instead of adding an identical one', async () => {
    const again = await c.call('POST', '/api/audits', { kind: 'demo' });
    expect(again.json.id).toBe(demo.id);
    const list: AuditSummary[] = (await c.call('GET', '/api/audits')).json;
    expect(list.filter((a) => a.mode === 'demo')).toHaveLength(1);
  });

  it("records the person's own file name (made safe) for an uploaded capture, not the temporary one", async () => {
    const res = await c.call('POST', `/api/audits/capture?name=${encodeURIComponent('../kitchen <1>.pcap')}`, new Uint8Array(readFileSync(LAB_CAPTURE)), { 'Content-Type': 'application/octet-stream' });
    expect(res.status).toBe(201);
    const meta = h.store.get(res.json.id)!.meta;
    expect(meta.capture?.file).toBe('.._kitchen _1_.pcap');
    expect(meta.title).toBe('Capture .._kitchen _1_.pcap');
  });

  it('adds comments, refuses live audits it cannot start, and lists audits newest first', async () => {
    const com = await c.call('POST', `/api/audits/${demo.id}/comments`, { target: { kind: 'audit' }, text: 'Looked at with Ana' });
    expect(com.status).toBe(201);
    expect((await c.call('POST', '/api/audits', { kind: 'live', interface: '-i eth0' })).status).toBe(400);
    expect((await c.call('POST', `/api/audits/${demo.id}/motion/mark`, {})).status).toBe(409);
    const list: AuditSummary[] = (await c.call('GET', '/api/audits')).json;
    expect(list.map((a) => a.startedAt)).toEqual([...list.map((a) => a.startedAt)].sort().reverse());
  });

  it('wipes everything: audits, passcode and session', async () => {
    expect((await c.call('POST', '/api/wipe', { confirm: 'yes' })).status).toBe(400);
    expect((await c.call('POST', '/api/wipe', { confirm: 'wipe everything' })).status).toBe(200);
    expect(h.store.list()).toEqual([]);
    expect((await c.call('GET', '/api/session')).json).toEqual({ passcodeSet: false, authenticated: false });
    expect(readdirSync(join(h.dir, 'data', 'audits'))).toEqual([]);
  });
});
