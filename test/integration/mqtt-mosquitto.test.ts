/**
 * The MQTT broker audit against real mosquitto (Debian's), started here on 127.0.0.1 with random ports: an open
 * broker carrying a smart home's topics and hostile data, a broker with a password file, and a home broker bridged
 * to a second ("outside") mosquitto. A separate test client publishes; the auditor must publish nothing, which the
 * broker's own log shows. Fails (never skips) when mosquitto is missing.
 */
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMqttAudit, type MqttAuditResult } from '../../gateway/mqtt/mqtt-audit.ts';
import { loadIdentifier } from '../../gateway/identify-loader.ts';
import { loadRules } from '../../pcap-rules/load.ts';
import { frigateEvent, homeTopics, ownTracks, SHELLY_ANNOUNCE } from '../fixtures/mqtt/home-topics.ts';
import { requireMosquitto, startMosquitto, waitForLog, type Mosquitto } from './mosquitto-process.ts';

const rules = loadRules().rules;
const { identify } = loadIdentifier();
const running: Mosquitto[] = [];

async function broker(opts: Parameters<typeof startMosquitto>[0] = {}): Promise<Mosquitto> {
  const m = await startMosquitto(opts);
  running.push(m);
  return m;
}

async function publisher(port: number, auth: { username?: string; password?: string } = {}): Promise<MqttClient> {
  return mqtt.connectAsync({ host: '127.0.0.1', port, clientId: 'test-publisher', reconnectPeriod: 0, protocolVersion: 5, ...auth });
}

const ruleIds = (r: MqttAuditResult) => [...new Set(r.findings.map((f) => f.finding.rule))].sort();
/** Client ids the broker says sent it a PUBLISH. */
const publishersIn = (log: string) => [...log.matchAll(/Received PUBLISH from (\S+)/g)].map((m) => m[1]!);

beforeAll(() => requireMosquitto());
afterAll(async () => {
  for (const m of running.splice(0)) await m.stop();
});

describe('mqtt-audit against real mosquitto', () => {
  it('an open broker with a smart home and hostile data: inventory, findings, bounds; the auditor publishes nothing', async () => {
    const m = await broker();
    const pub = await publisher(m.port);
    for (const t of homeTopics().filter((x) => x.retain)) await pub.publishAsync(t.topic, t.payload, { retain: true, qos: 1 });
    // Hostile, retained so they reach the auditor on subscribe.
    const garbage = Buffer.from(Array.from({ length: 8192 }, (_, i) => (i * 197 + 13) % 256));
    await pub.publishAsync('hostile/bridge/devices', garbage, { retain: true, qos: 1 });
    await pub.publishAsync('big/600k', Buffer.alloc(600 * 1024, 0x7b), { retain: true, qos: 1 });
    await pub.publishAsync('big/2m', Buffer.alloc(2 * 1024 * 1024, 0x7b), { retain: true, qos: 1 });
    await pub.publishAsync(`${'deep/'.repeat(40)}end`, 'x', { retain: true, qos: 1 });
    for (let i = 0; i < 3000; i++) await pub.publishAsync(`flood/room${i}/temp`, `{"t":${i % 30}}`, { retain: true, qos: 0 });
    await pub.publishAsync('flood/done', '1', { retain: true, qos: 1 });

    const stop = new AbortController();
    const audit = runMqttAudit({ url: `mqtt://127.0.0.1:${m.port}`, seconds: 120, signal: stop.signal, rules, identify, bounds: { maxTopics: 2000 } });
    const subscribe = await waitForLog(m, /Received SUBSCRIBE from mqttjs_[0-9a-f]{8}/);
    const auditor = /from (mqttjs_[0-9a-f]{8})/.exec(subscribe)![1]!;
    // Live (not retained) messages while the auditor listens.
    for (const t of [ownTracks(false, 'alex', 'pixel'), frigateEvent('driveway'), SHELLY_ANNOUNCE]) await pub.publishAsync(t.topic, t.payload, { retain: false, qos: 1 });
    await waitForLog(m, new RegExp(`Sending PUBLISH to ${auditor} .*'shellies/announce'`));
    stop.abort();
    const r = await audit;
    await pub.endAsync();

    expect(r.connected).toBe(true);
    expect(r.ended).toBe('signal');
    expect(r.errors).toEqual([]);
    expect(r.facts).toMatchObject({ anonymous: true, tls: false, ip: '127.0.0.1', version: expect.stringMatching(/^mosquitto version 2\./) });
    const devices = new Map(r.inventory.devices.map((d) => [d.name, d]));
    expect(devices.get('Front door lock')).toMatchObject({ category: 'lock', via: 'zigbee2mqtt', vendor: 'Yale' });
    expect(devices.get('Back door')).toMatchObject({ category: 'sensor', via: 'zigbee2mqtt' });
    expect(devices.get('driveway')).toMatchObject({ category: 'camera', via: 'frigate' });
    expect(devices.get('shelly1-000006')).toMatchObject({ mac: 'e8:db:84:00:00:06', ip: '192.168.1.46' });
    expect(devices.get('sam/phone (sp)')).toMatchObject({ category: 'phone', capabilities: ['location'] });
    expect(r.inventory.entities.filter((e) => e.kind === 'location').map((e) => [e.publisher, e.retained]).sort()).toEqual([
      ['Sam watch', true], ['alex/pixel', false], ['sam/phone', true],
    ]);
    expect(ruleIds(r)).toEqual(['HS-MQTT-0001', 'HS-MQTT-0002', 'HS-MQTT-0004', 'HS-MQTT-0005', 'HS-MQTT-0006', 'HS-MQTT-0007']);

    // Bounds: the 600 KiB payload was delivered and not parsed; the 2 MiB one was over the packet size the
    // auditor announced (MQTT 5), so mosquitto never sent it.
    const s = r.inventory.stats;
    expect(s.oversized).toBe(1);
    expect(s.binary).toBeGreaterThanOrEqual(1);
    expect(s.tooDeep).toBe(1);
    expect(s.topicsSeen).toBe(2000);
    expect(s.topicsDropped).toBeGreaterThan(1000);
    expect(r.bytesRead).toBeGreaterThan(600 * 1024);
    expect(r.bytesRead).toBeLessThan(2 * 1024 * 1024);

    // Read-only: the broker received PUBLISH packets from the test publisher only.
    expect(r.published).toBe(0);
    const log = m.log();
    expect(new Set(publishersIn(log))).toEqual(new Set(['test-publisher']));
    expect(log).toMatch(new RegExp(`New client connected from 127\\.0\\.0\\.1:\\d+ as ${auditor}`));
    expect(log).not.toMatch(/homesweep/i);
  });

  it('a password file: a wrong password is one refused attempt with a clear answer; the right one audits', async () => {
    const m = await broker({ users: { ha: 'correct horse' } });
    const pub = await publisher(m.port, { username: 'ha', password: 'correct horse' });
    await pub.publishAsync(ownTracks(true).topic, ownTracks(true).payload, { retain: true, qos: 1 });
    await pub.endAsync();

    const bad = await runMqttAudit({ url: `mqtt://127.0.0.1:${m.port}`, username: 'ha', password: 'wrong', seconds: 1, rules, identify });
    expect(bad.connected).toBe(false);
    expect(bad.errors).toEqual(['the broker refused the user name or password']);
    // One CONNECT, one refusal (reason 135 "not authorised" is how mosquitto answers a wrong password): no retry.
    // mosquitto writes the disconnect line after the client has already seen the refusal: wait for it.
    await waitForLog(m, /disconnected, not authori[sz]ed/);
    const lines = m.log().split('\n');
    expect(lines.filter((l) => /Sending CONNACK to \S+ \(0, (4|5|134|135)\)/.test(l))).toHaveLength(1);
    expect(lines.filter((l) => /disconnected, not authori[sz]ed/.test(l))).toHaveLength(1);

    const good = await runMqttAudit({ url: `mqtt://127.0.0.1:${m.port}`, username: 'ha', password: 'correct horse', seconds: 1, rules, identify });
    expect(good.connected).toBe(true);
    expect(good.facts.anonymous).toBe(false);
    expect(ruleIds(good)).toEqual(['HS-MQTT-0002', 'HS-MQTT-0005']);
    expect(good.published).toBe(0);
    expect(new Set(publishersIn(m.log()))).toEqual(new Set(['test-publisher']));
  });

  it('a home broker bridged to an outside broker: the bridge is found and reported', async () => {
    const outside = await broker();
    const home = await broker({
      config: [
        'connection outside-bridge',
        `address 127.0.0.1:${outside.port}`,
        'remote_clientid outside-bridge',
        'cleansession true',
        'restart_timeout 1',
        'topic owntracks/# out 0',
      ],
    });
    await waitForLog(outside, /New (bridge|client) connected from .* as outside-bridge/);
    const pub = await publisher(home.port);
    await pub.publishAsync(ownTracks(true).topic, ownTracks(true).payload, { retain: true, qos: 1 });
    await pub.endAsync();

    const r = await runMqttAudit({ url: `mqtt://127.0.0.1:${home.port}`, seconds: 2, rules, identify });
    expect(r.inventory.bridges).toEqual([expect.objectContaining({ name: 'outside-bridge', connected: true, topic: '$SYS/broker/connection/outside-bridge/state' })]);
    const bridge = r.findings.filter((f) => f.finding.rule === 'HS-MQTT-0003');
    expect(bridge).toHaveLength(1);
    expect(bridge[0]!.finding.summary).toContain('a bridge named "outside-bridge" to another broker');
    // The location went out over the bridge (what the finding warns about); the auditor sent nothing either way.
    await waitForLog(outside, /Received PUBLISH from outside-bridge .*'owntracks\/sam\/phone'/);
    expect(new Set(publishersIn(home.log()))).toEqual(new Set(['test-publisher']));
    expect(publishersIn(outside.log()).every((id) => id === 'outside-bridge')).toBe(true);
  });
});
