/**
 * POST /api/audits/:id/mqtt through app.request(), against real mosquitto on loopback (Debian's, started by
 * test/integration/mosquitto-process.ts): a zigbee2mqtt lock and an OwnTracks phone's retained location. A finished
 * audit gets the broker's devices and findings merged in (checklist grown, answers kept, nothing twice); a
 * listening audit takes the broker's observations into its own rules and inventory. The password never reaches
 * the data folder or the log.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditSummary, AuditView } from '../../../gateway/contract.ts';
import { loadRiskWeights } from '../../../gateway/audit/risk.ts';
import { loadCannotSee } from '../../../gateway/audit/view.ts';
import { createApp } from '../../../gateway/http/app.ts';
import { createSessions } from '../../../gateway/http/sessions.ts';
import { loadKnowledge } from '../../../gateway/knowledge.ts';
import { createAuditManager } from '../../../gateway/service/audits.ts';
import { createStore } from '../../../gateway/store/store.ts';
import { ownTracks, zigbeeDevices } from '../../fixtures/mqtt/home-topics.ts';
import { startMosquitto, waitForLog, type Mosquitto } from '../../integration/mosquitto-process.ts';
import { client, LAB_CAPTURE, type Harness } from './app-harness.ts';

const PASSWORD = 'pw-Kq7-unlikely-3491';
const knowledge = loadKnowledge({ indicatorsPath: join(tmpdir(), 'no-indicators-here') });
const brokers: Mosquitto[] = [];

/** The real app over a real store; live audits listen with no capture and no discovery (nothing is sent). */
async function harness(): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), 'hs-mqtt-app-'));
  const uiDir = join(dir, 'ui');
  mkdirSync(uiDir, { recursive: true });
  writeFileSync(join(uiDir, 'index.html'), '<!doctype html><title>Home notes</title>');
  const logs: string[] = [];
  const store = createStore({ dir: join(dir, 'data'), log: (m) => logs.push(m) });
  await store.start();
  const clock = { now: Date.now() };
  const sessions = createSessions({ now: () => clock.now });
  const audits = createAuditManager({ store, knowledge, demoCapture: LAB_CAPTURE, log: (m) => logs.push(m), live: { capture: false, discoveryEverySeconds: 0 } });
  const app = createApp({
    store, sessions, audits, uploadsDir: join(dir, 'data', 'uploads'), uiDir, log: (m) => logs.push(m),
    view: { profiles: knowledge.profiles, risk: loadRiskWeights(), cannotSee: loadCannotSee() },
    interfaces: () => [{ name: 'lo', addresses: ['127.0.0.1'] }],
    health: () => ({ ok: true, version: 'test', profiles: knowledge.health.profiles, rules: knowledge.health.rules, indicators: knowledge.health.indicators, capture: { tcpdump: false, interfaces: [] } }),
  });
  return { app, store, audits, sessions, dir, clock, logs };
}

/** A broker carrying the home's retained lock list and location. */
async function homeBroker(opts: Parameters<typeof startMosquitto>[0] = {}): Promise<Mosquitto> {
  const m = await startMosquitto(opts);
  brokers.push(m);
  const auth = opts.users ? { username: Object.keys(opts.users)[0], password: Object.values(opts.users)[0] } : {};
  const pub = await mqtt.connectAsync({ host: '127.0.0.1', port: m.port, clientId: 'home-publisher', reconnectPeriod: 0, ...auth });
  for (const t of [zigbeeDevices(), ownTracks(true)]) await pub.publishAsync(t.topic, t.payload, { retain: true, qos: 1 });
  await pub.endAsync();
  return m;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

const rulesOf = (v: AuditView, device: string) => v.findings.filter((f) => f.device === device).map((f) => f.rule).sort();

afterAll(async () => {
  for (const m of brokers.splice(0)) await m.stop();
});

describe('POST /api/audits/:id/mqtt on a finished audit', () => {
  let h: Harness;
  let c: ReturnType<typeof client>;
  let demo: AuditSummary;
  let broker: Mosquitto;
  let before: AuditView;
  const answered = { id: '', status: 'done' as const, note: 'asked about it' };

  beforeAll(async () => {
    h = await harness();
    c = client(h);
    await c.call('POST', '/api/setup', { passcode: 'open sesame' });
    demo = (await c.call('POST', '/api/audits', { kind: 'demo' })).json;
    before = (await c.call('GET', `/api/audits/${demo.id}`)).json;
    answered.id = before.checklist[0]!.id;
    await c.call('PATCH', `/api/audits/${demo.id}/checklist/${encodeURIComponent(answered.id)}`, { status: answered.status, note: answered.note });
    broker = await homeBroker();
  }, 60_000);

  it('refuses bad input before connecting anywhere', async () => {
    const url = `/api/audits/${demo.id}/mqtt`;
    expect((await c.call('POST', url, { url: 'http://127.0.0.1/' })).json.error).toMatch(/^url: .*only mqtt:\/\/ and mqtts:\/\//);
    expect((await c.call('POST', url, { url: 'mqtt://u:secret@127.0.0.1' })).status).toBe(400);
    expect((await c.call('POST', url, { url: 'mqtt://127.0.0.1', seconds: 3 })).json.error).toMatch(/^seconds/);
    expect((await c.call('POST', url, { url: 'mqtt://127.0.0.1', seconds: 121 })).status).toBe(400);
    expect((await c.call('POST', url, { url: 'mqtt://127.0.0.1', extra: 1 })).status).toBe(400);
    expect((await c.call('POST', '/api/audits/nope/mqtt', { url: 'mqtt://127.0.0.1' })).status).toBe(404);
    expect((await c.call('POST', url, { url: 'mqtt://127.0.0.1' }, { 'X-HomeSweep-CSRF': 'wrong' })).status).toBe(403);
    // Nothing of this reached the broker.
    expect(broker.log()).not.toMatch(/New client connected from 127\.0\.0\.1:\d+ as mqttjs_/);
  });

  it('merges the broker, its Zigbee lock and the location publisher into the audit view', async () => {
    const res = await c.call('POST', `/api/audits/${demo.id}/mqtt`, { url: `mqtt://127.0.0.1:${broker.port}`, seconds: 5 });
    expect(res.status).toBe(200);
    expect(res.json.summary).toMatchObject({ url: `mqtt://127.0.0.1:${broker.port}`, connected: true, anonymous: true, tls: false, withCredentials: false, bridges: [] });
    expect(res.json.errors).toEqual([]);
    expect(res.json.devices).toBeGreaterThanOrEqual(4);
    expect(res.json.findings).toBeGreaterThanOrEqual(3);

    const v: AuditView = (await c.call('GET', `/api/audits/${demo.id}`)).json;
    const brokerDevice = v.devices.find((d) => d.ips.includes('127.0.0.1'))!;
    expect(brokerDevice).toBeDefined();
    expect(rulesOf(v, brokerDevice.id)).toEqual(['HS-MQTT-0001', 'HS-MQTT-0002', 'HS-MQTT-0005', 'HS-MQTT-0007']);
    expect(brokerDevice.findingIds).toHaveLength(4);
    const location = v.findings.find((f) => f.rule === 'HS-MQTT-0005')!;
    expect(location.summary).toContain('sam/phone');
    expect(location.noticeRisk.length).toBeGreaterThan(10);
    const lock = v.devices.find((d) => d.names.includes('Front door lock'))!;
    expect(lock).toMatchObject({ category: 'lock', vendor: 'Yale', services: ['mqtt:zigbee2mqtt'] });
    expect(v.devices.find((d) => d.names.includes('sam/phone (sp)'))).toMatchObject({ category: 'phone', capabilities: ['location'] });
    // Nothing lost: every device and finding of the capture is still there.
    for (const d of before.devices) expect(v.devices.some((x) => x.id === d.id)).toBe(true);
    for (const f of before.findings) expect(v.findings.some((x) => x.id === f.id)).toBe(true);
    // The checklist grew by the broker's findings, and the earlier answer is kept.
    expect(v.checklist.length).toBeGreaterThan(before.checklist.length);
    for (const f of v.findings.filter((x) => x.rule.startsWith('HS-MQTT') && x.severity !== 'info')) expect(v.checklist.some((i) => i.id === `finding@${f.id}`)).toBe(true);
    expect(v.checklist.find((i) => i.id === answered.id)).toMatchObject({ status: 'done', note: answered.note });
    expect(v.progress.devices).toBe(v.devices.length);
  }, 30_000);

  it('a second audit of the same broker adds nothing twice and keeps one summary per broker', async () => {
    const first: AuditView = (await c.call('GET', `/api/audits/${demo.id}`)).json;
    const res = await c.call('POST', `/api/audits/${demo.id}/mqtt`, { url: `127.0.0.1:${broker.port}`, seconds: 5 });
    expect(res.status).toBe(200);
    const v: AuditView = (await c.call('GET', `/api/audits/${demo.id}`)).json;
    expect(v.devices.map((d) => d.id).sort()).toEqual(first.devices.map((d) => d.id).sort());
    expect(v.findings.map((f) => f.id).sort()).toEqual(first.findings.map((f) => f.id).sort());
    expect(v.checklist.length).toBe(first.checklist.length);
    expect(h.store.get(demo.id)!.mqttBrokers).toHaveLength(1);
  }, 30_000);

  it('answers 409 on a read-only review', async () => {
    h.store.get(demo.id)!.readOnly = true;
    try {
      expect((await c.call('POST', `/api/audits/${demo.id}/mqtt`, { url: `mqtt://127.0.0.1:${broker.port}` })).status).toBe(409);
    } finally {
      h.store.get(demo.id)!.readOnly = false;
    }
  });
});

describe('POST /api/audits/:id/mqtt with a password', () => {
  it('uses the password once, reports a refusal plainly, and never stores or logs it', async () => {
    const h = await harness();
    const c = client(h);
    await c.call('POST', '/api/setup', { passcode: 'open sesame' });
    const demo: AuditSummary = (await c.call('POST', '/api/audits', { kind: 'demo' })).json;
    const m = await homeBroker({ users: { ha: PASSWORD } });
    const url = `mqtt://127.0.0.1:${m.port}`;

    const wrong = await c.call('POST', `/api/audits/${demo.id}/mqtt`, { url, username: 'ha', password: `${PASSWORD}x`, seconds: 5 });
    expect(wrong.status).toBe(200);
    expect(wrong.json.summary).toMatchObject({ connected: false, withCredentials: true });
    expect(wrong.json.errors).toEqual(['the broker refused the user name or password']);

    const good = await c.call('POST', `/api/audits/${demo.id}/mqtt`, { url, username: 'ha', password: PASSWORD, seconds: 5 });
    expect(good.json.summary).toMatchObject({ connected: true, anonymous: false, withCredentials: true });
    const v: AuditView = (await c.call('GET', `/api/audits/${demo.id}`)).json;
    expect(v.findings.some((f) => f.rule === 'HS-MQTT-0005')).toBe(true);
    expect(v.findings.some((f) => f.rule === 'HS-MQTT-0001')).toBe(false);
    expect(v.devices.some((d) => d.names.includes('Front door lock'))).toBe(true);
    // The broker saw the right password once (its log), and HomeSweep kept it nowhere.
    await waitForLog(m, /New client connected .* u'ha'/);
    for (const file of filesUnder(join(h.dir, 'data'))) expect(readFileSync(file, 'utf8'), file).not.toContain(PASSWORD);
    expect(h.logs.join('\n')).not.toContain(PASSWORD);
    expect(good.text).not.toContain(PASSWORD);
    expect(JSON.stringify(h.store.get(demo.id))).not.toContain('"ha"');
  }, 60_000);
});

describe('POST /api/audits/:id/mqtt on a listening audit', () => {
  it('feeds the live audit: its rules find the broker, the lock joins its devices and stays after stop', async () => {
    const h = await harness();
    const c = client(h);
    await c.call('POST', '/api/setup', { passcode: 'open sesame' });
    const live: AuditSummary = (await c.call('POST', '/api/audits', { kind: 'live', interface: 'lo' })).json;
    expect(live.status).toBe('running');
    const m = await homeBroker();
    const res = await c.call('POST', `/api/audits/${live.id}/mqtt`, { url: `mqtt://127.0.0.1:${m.port}`, seconds: 5 });
    expect(res.status).toBe(200);
    const v: AuditView = (await c.call('GET', `/api/audits/${live.id}`)).json;
    expect(v.audit.status).toBe('running');
    const brokerDevice = v.devices.find((d) => d.ips.includes('127.0.0.1'))!;
    expect(rulesOf(v, brokerDevice.id)).toEqual(['HS-MQTT-0001', 'HS-MQTT-0002', 'HS-MQTT-0005', 'HS-MQTT-0007']);
    expect(v.devices.find((d) => d.names.includes('Front door lock'))?.category).toBe('lock');
    expect(v.checklist.filter((i) => i.id.startsWith('finding@')).length).toBeGreaterThanOrEqual(4);

    const stopped = await c.call('POST', `/api/audits/${live.id}/stop`, {});
    expect(stopped.json.status).toBe('done');
    const after: AuditView = (await c.call('GET', `/api/audits/${live.id}`)).json;
    expect(after.devices.find((d) => d.names.includes('Front door lock'))?.category).toBe('lock');
    expect(after.findings.filter((f) => f.rule.startsWith('HS-MQTT')).length).toBe(4);
    expect(h.store.get(live.id)!.mqttBrokers?.[0]).toMatchObject({ url: `mqtt://127.0.0.1:${m.port}`, anonymous: true });
  }, 60_000);
});
