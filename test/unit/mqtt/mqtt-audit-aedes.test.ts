/**
 * The audit client against an in-process aedes broker on 127.0.0.1: what it finds, that it publishes nothing,
 * that a wrong password is one attempt with a clear answer, and that a hostile broker's data stays bounded.
 * (aedes speaks MQTT 3.1.1 only, so these runs also cover the one fallback from MQTT 5.)
 */
import { createServer, type AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { runMqttAudit } from '../../../gateway/mqtt/mqtt-audit.ts';
import { haConfig, homeTopics } from '../../fixtures/mqtt/home-topics.ts';
import { startTestBroker, type TestBroker } from './aedes-broker.ts';

let broker: TestBroker | undefined;
afterEach(async () => {
  await broker?.close();
  broker = undefined;
});

const rules = (r: Awaited<ReturnType<typeof runMqttAudit>>) => [...new Set(r.findings.map((f) => f.finding.rule))].sort();

describe('runMqttAudit with aedes', () => {
  it('an open broker with a smart home: devices, entities and findings; nothing published', async () => {
    broker = await startTestBroker();
    for (const m of homeTopics()) await broker.publish(m.topic, m.payload, m.retain);
    const r = await runMqttAudit({ url: `mqtt://127.0.0.1:${broker.port}`, seconds: 1 });
    expect(r.connected).toBe(true);
    expect(r.errors).toEqual([]);
    expect(r.facts).toMatchObject({ anonymous: true, tls: false, ip: '127.0.0.1', port: broker.port });
    expect(r.published).toBe(0);
    expect(broker.clientPublishes).toEqual([]);
    const cats = r.inventory.devices.map((d) => `${d.via}:${d.name}:${d.category}`);
    expect(cats).toEqual(expect.arrayContaining(['zigbee2mqtt:Front door lock:lock', 'zigbee2mqtt:Back door:sensor', 'owntracks:sam/phone (sp):phone', 'home-assistant:Porch camera:camera']));
    expect(rules(r)).toEqual(['HS-MQTT-0001', 'HS-MQTT-0002', 'HS-MQTT-0005', 'HS-MQTT-0006', 'HS-MQTT-0007']);
    expect(r.findings.every((f) => f.finding.device === 'ip-127.0.0.1')).toBe(true);
    expect(r.devices.find((d) => d.names[0] === 'Front door lock')).toMatchObject({ category: 'lock', capabilities: ['lock', 'remote-control'], id: expect.stringMatching(/^mqtt-[0-9a-f]{16}$/) });
    expect(r.devices.find((d) => d.names[0] === 'Kettle plug')).toMatchObject({ id: 'mac-a4cf12000005', ips: ['192.168.1.45'] });
  });

  it('device names from the broker lose control and bidirectional formatting characters', async () => {
    broker = await startTestBroker();
    const cam = haConfig('camera', 'spoof_cam', {
      name: 'Hall\u202egnp.exe\u200f', unique_id: 'spoof_1', topic: 'cams/hall/snapshot',
      device: { identifiers: ['hallcam-01'], name: 'Hall\u202egnp.exe\u0000\u061c', manufacturer: 'Generic', model: 'IPC-100' },
    });
    await broker.publish(cam.topic, cam.payload, cam.retain);
    const r = await runMqttAudit({ url: `mqtt://127.0.0.1:${broker.port}`, seconds: 1 });
    expect(r.devices.map((d) => d.names[0])).toContain('Hallgnp.exe');
    expect(JSON.stringify(r.devices)).not.toMatch(/\\u(202e|0000)|[\u200f\u061c]/);
    expect(JSON.stringify(r.observations)).not.toMatch(/\\u(202e|0000)|[\u202e\u200f\u061c]/);
  });

  it('a wrong password: one attempt, a clear answer, no anonymous probe after a refusal', async () => {
    broker = await startTestBroker({ user: { username: 'ha', password: 'right' }, anonymous: false });
    const r = await runMqttAudit({ url: `mqtt://127.0.0.1:${broker.port}`, username: 'ha', password: 'wrong', seconds: 1 });
    expect(r.connected).toBe(false);
    expect(r.ended).toBe('not-connected');
    expect(r.errors).toEqual(['the broker refused the user name or password']);
    expect(broker.authAttempts).toEqual([{ username: 'ha', ok: false }]);
    expect(r.findings.map((f) => f.finding.rule)).toEqual(['HS-MQTT-0002']);
  });

  it('the right password, and the broker refuses anonymous clients: anonymous is false, no HS-MQTT-0001', async () => {
    broker = await startTestBroker({ user: { username: 'ha', password: 'right' }, anonymous: false });
    const r = await runMqttAudit({ url: `mqtt://127.0.0.1:${broker.port}`, username: 'ha', password: 'right', seconds: 1 });
    expect(r.connected).toBe(true);
    expect(r.facts.anonymous).toBe(false);
    expect(broker.authAttempts).toEqual([{ username: 'ha', ok: true }, { username: undefined, ok: false }]);
    expect(rules(r)).toEqual(['HS-MQTT-0002']);
  });

  it('the right password on a broker that also accepts anyone: anonymous is true', async () => {
    broker = await startTestBroker({ user: { username: 'ha', password: 'right' }, anonymous: true });
    const r = await runMqttAudit({ url: `mqtt://127.0.0.1:${broker.port}`, username: 'ha', password: 'right', seconds: 1 });
    expect(r.facts.anonymous).toBe(true);
    expect(rules(r)).toContain('HS-MQTT-0001');
  });

  it('--no-anonymous-check: only the one connection, anonymous unknown', async () => {
    broker = await startTestBroker({ user: { username: 'ha', password: 'right' }, anonymous: true });
    const r = await runMqttAudit({ url: `mqtt://127.0.0.1:${broker.port}`, username: 'ha', password: 'right', seconds: 1, checkAnonymous: false });
    expect(r.facts.anonymous).toBeNull();
    expect(broker.authAttempts).toHaveLength(1);
  });

  it('hostile live data (huge, binary, deep, thousands of topics) is bounded and the audit ends normally', async () => {
    broker = await startTestBroker();
    const sent = (async () => {
      await broker!.subscribed;
      await broker!.publish('zigbee2mqtt/bridge/devices', Buffer.alloc(600 * 1024, 0x5b), false);
      await broker!.publish('homeassistant/lock/x/config', Buffer.from([0, 1, 2, 0xff, 0xfe]), false);
      await broker!.publish('a/'.repeat(60) + 'b', 'deep', false);
      for (let i = 0; i < 3000; i++) await broker!.publish(`flood/t${i}`, `{"n":${i}}`, false);
      await broker!.publish('owntracks/late/phone', JSON.stringify({ _type: 'location', lat: 1, lon: 2, tst: 1764270000 }), false);
    })();
    const stop = new AbortController();
    void sent.then(() => setTimeout(() => stop.abort(), 300));
    const r = await runMqttAudit({ url: `mqtt://127.0.0.1:${broker.port}`, seconds: 60, signal: stop.signal, bounds: { maxTopics: 1000 } });
    await sent;
    expect(r.ended).toBe('signal');
    expect(r.published).toBe(0);
    expect(r.inventory.stats).toMatchObject({ oversized: 1, binary: 1, tooDeep: 1, topicsSeen: 1000 });
    expect(r.inventory.stats.topicsDropped).toBeGreaterThan(1900);
    expect(rules(r)).toContain('HS-MQTT-0004');
  });

  it('a broker that sends more than maxBytes: reading stops there and the audit says so', async () => {
    broker = await startTestBroker();
    for (let i = 0; i < 8; i++) await broker.publish(`big/${i}`, Buffer.alloc(200 * 1024, 0x41), true);
    const r = await runMqttAudit({ url: `mqtt://127.0.0.1:${broker.port}`, seconds: 60, maxBytes: 512 * 1024 });
    expect(r.ended).toBe('byte-limit');
    expect(r.errors.join(' ')).toMatch(/the audit stopped reading there/);
    expect(r.bytesRead).toBeGreaterThan(512 * 1024);
  });

  it('nothing listening: a plain error, no observation, no finding', async () => {
    const srv = createServer();
    await new Promise<void>((res) => srv.listen(0, '127.0.0.1', res));
    const port = (srv.address() as AddressInfo).port;
    await new Promise<void>((res) => srv.close(() => res()));
    const r = await runMqttAudit({ url: `mqtt://127.0.0.1:${port}`, seconds: 1 });
    expect(r.connected).toBe(false);
    expect(r.errors[0]).toBe(`nothing accepts connections at 127.0.0.1:${port}`);
    expect(r.observations).toEqual([]);
    expect(r.findings).toEqual([]);
  });

  it('a server that accepts TCP but never answers MQTT: a timeout, not a hang', async () => {
    const srv = createServer(() => {});
    await new Promise<void>((res) => srv.listen(0, '127.0.0.1', res));
    const port = (srv.address() as AddressInfo).port;
    try {
      const r = await runMqttAudit({ url: `mqtt://127.0.0.1:${port}`, seconds: 1, connectTimeoutMs: 500 });
      expect(r.connected).toBe(false);
      expect(r.errors[0]).toMatch(/no answer from 127\.0\.0\.1|closed the connection/);
    } finally {
      srv.close();
    }
  });

  it('stopping while the broker has not answered ends the attempt at once', async () => {
    const srv = createServer(() => {});
    await new Promise<void>((res) => srv.listen(0, '127.0.0.1', res));
    const port = (srv.address() as AddressInfo).port;
    const stop = new AbortController();
    srv.once('connection', () => setTimeout(() => stop.abort(), 50));
    try {
      const r = await runMqttAudit({ url: `mqtt://127.0.0.1:${port}`, seconds: 60, connectTimeoutMs: 60_000, signal: stop.signal });
      expect(r.connected).toBe(false);
      expect(r.errors).toEqual(['stopped before the broker answered']);
    } finally {
      srv.close();
    }
  });
});
