/** The pure broker inventory: each topic convention, then hostile and bad data, which must be bounded and counted. */
import { describe, expect, it } from 'vitest';
import { createMqttTopicTree, parseMqttTopicTree } from '../../../discovery/mqtt-broker.ts';
import type { MqttMessage } from '../../../discovery/mqtt-types.ts';
import {
  frigateEvent, HA_ALARM, HA_CAMERA, HA_DOOR, HA_LOCK, HA_TRACKER, HA_TRACKER_STATE, homeTopics, ownTracks, SHELLY_ANNOUNCE,
  TASMOTA_CONFIG, TASMOTA_LWT, zigbeeDevices, type HomeMessage,
} from '../../fixtures/mqtt/home-topics.ts';

const AT = '2026-11-27T20:00:00.000Z';
const msg = (topic: string, payload: string | Buffer, retained = false): MqttMessage => ({ topic, payload: Buffer.from(payload), retained, at: AT });
const fromHome = (m: HomeMessage): MqttMessage => msg(m.topic, m.payload, m.retain);
const parse = (ms: HomeMessage[], opts = {}) => parseMqttTopicTree(ms.map(fromHome), opts);

describe('parseMqttTopicTree: conventions', () => {
  it('zigbee2mqtt bridge/devices: a lock, a door sensor and a bulb become devices; the coordinator does not', () => {
    const inv = parse([zigbeeDevices()]);
    const byName = new Map(inv.devices.map((d) => [d.name, d]));
    expect([...byName.keys()].sort()).toEqual(['Back door', 'Front door lock', 'Hall light']);
    expect(byName.get('Front door lock')).toMatchObject({ category: 'lock', capabilities: ['lock', 'remote-control'], vendor: 'Yale', model: 'YRD256HA20BP', ieee: '0x000d6f0000000002', via: 'zigbee2mqtt', classifiedBy: 'exposes' });
    expect(byName.get('Back door')).toMatchObject({ category: 'sensor', vendor: 'Aqara' });
    expect(byName.get('Hall light')!.category).toBe('smart-light');
    expect(inv.entities).toEqual([expect.objectContaining({ kind: 'lock', topic: 'zigbee2mqtt/Front door lock', control: true, retained: false })]);
  });

  it('zigbee2mqtt under another base topic, and a retained lock state marks the lock entity retained', () => {
    const inv = parse([zigbeeDevices('home/z2m'), { topic: 'home/z2m/Front door lock', payload: '{"state":"LOCK"}', retain: true }]);
    expect(inv.entities).toEqual([expect.objectContaining({ kind: 'lock', topic: 'home/z2m/Front door lock', retained: true, count: 2 })]);
  });

  it('a vendor/model the device profiles know wins over the exposes (injected classifier)', () => {
    const classify = (vendor?: string, model?: string) =>
      vendor === 'Aqara' && model === 'MCCGQ11LM' ? { category: 'alarm' as const, capabilities: [], profile: { id: 'test.door', name: 'Test door', confidence: 0.8, matchedBy: ['ssdp'] } } : null;
    const inv = parse([zigbeeDevices()], { classify });
    const d = inv.devices.find((x) => x.name === 'Back door')!;
    expect(d).toMatchObject({ category: 'alarm', classifiedBy: 'profile:test.door', profile: { id: 'test.door' } });
  });

  it('Home Assistant discovery: camera, lock (abbreviated keys, ~ base), alarm, tracker, door sensor', () => {
    const inv = parse([HA_CAMERA, HA_LOCK, HA_ALARM, HA_TRACKER, HA_DOOR]);
    const cats = Object.fromEntries(inv.devices.map((d) => [d.name, d.category]));
    expect(cats).toEqual({ 'Porch camera': 'camera', 'Garage side door': 'lock', 'Alarm panel': 'alarm', 'Sam watch': 'tracker', 'Kitchen door': 'sensor' });
    const kinds = inv.entities.map((e) => [e.kind, e.name, e.control]);
    expect(kinds).toEqual([['camera', 'Porch camera', false], ['lock', 'Garage lock', true], ['alarm', 'House alarm', true], ['location', 'Sam watch', false]]);
    expect(inv.devices.find((d) => d.name === 'Garage side door')).toMatchObject({ vendor: 'Acme', model: 'L2' });
  });

  it('a tracker is retained only when its state is, whichever comes first (config or state)', () => {
    expect(parse([HA_TRACKER]).entities[0]!.retained).toBe(false);
    expect(parse([HA_TRACKER, HA_TRACKER_STATE]).entities[0]!.retained).toBe(true);
    expect(parse([HA_TRACKER_STATE, HA_TRACKER]).entities[0]!.retained).toBe(true);
  });

  it('an empty retained config (removal) adds nothing', () => {
    expect(parse([{ topic: 'homeassistant/lock/x/config', payload: '', retain: true }]).devices).toEqual([]);
  });

  it('OwnTracks: publisher, tracker id and report time kept; coordinates never', () => {
    const inv = parse([ownTracks(true)]);
    expect(inv.entities).toEqual([expect.objectContaining({ kind: 'location', via: 'owntracks', publisher: 'sam/phone', retained: true, reportedAt: '2025-11-27T19:00:00.000Z' })]);
    expect(inv.devices[0]).toMatchObject({ name: 'sam/phone (sp)', category: 'phone', capabilities: ['location'] });
    expect(JSON.stringify(inv)).not.toMatch(/51\.50|0\.127/);
  });

  it('OwnTracks under another base topic is recognised by the payload; a card or waypoint is not a location', () => {
    const other = { ...ownTracks(false), topic: 'phones/alex/pixel' };
    const inv = parse([other, { topic: 'owntracks/sam/phone/info', payload: '{"_type":"card","name":"Sam"}', retain: true }]);
    expect(inv.entities.map((e) => e.publisher)).toEqual(['phones/alex/pixel']);
  });

  it('Frigate: event and camera state topics name cameras; status topics do not', () => {
    const inv = parse([frigateEvent('driveway'), { topic: 'frigate/garden/detect/state', payload: 'ON', retain: true }, { topic: 'frigate/stats', payload: '{}', retain: false }]);
    expect(inv.devices.map((d) => [d.name, d.category]).sort()).toEqual([['driveway', 'camera'], ['garden', 'camera']]);
    expect(inv.entities.find((e) => e.name === 'garden')!.control).toBe(true);
  });

  it('Tasmota and Shelly announcements carry MAC and LAN address; the LWT marks online', () => {
    const inv = parse([TASMOTA_CONFIG, TASMOTA_LWT, SHELLY_ANNOUNCE, { topic: 'shellies/shelly1-000006/online', payload: 'false', retain: true }]);
    expect(inv.devices.find((d) => d.via === 'tasmota')).toMatchObject({ name: 'Kettle plug', mac: 'a4:cf:12:00:00:05', ip: '192.168.1.45', online: true, model: 'Sonoff Basic' });
    expect(inv.devices.find((d) => d.via === 'shelly')).toMatchObject({ mac: 'e8:db:84:00:00:06', ip: '192.168.1.46', online: false, model: 'SHSW-1' });
  });

  it('$SYS: version, clients and bridges', () => {
    const inv = parseMqttTopicTree([
      msg('$SYS/broker/version', 'mosquitto version 2.0.11', true),
      msg('$SYS/broker/clients/connected', '7'),
      msg('$SYS/broker/connection/cloud/state', '1', true),
      msg('$SYS/broker/connection/old/state', '0', true),
    ]);
    expect(inv.broker).toEqual({ version: 'mosquitto version 2.0.11', clientsConnected: 7 });
    expect(inv.bridges.map((b) => [b.name, b.connected])).toEqual([['cloud', true], ['old', false]]);
  });

  it('the whole home: counts per convention', () => {
    const inv = parse(homeTopics());
    const via = (v: string) => inv.devices.filter((d) => d.via === v).length;
    expect([via('zigbee2mqtt'), via('home-assistant'), via('owntracks'), via('frigate'), via('tasmota'), via('shelly')]).toEqual([3, 5, 1, 1, 1, 1]);
    expect(inv.stats).toMatchObject({ messages: homeTopics().length, jsonErrors: 0, binary: 0, oversized: 0, tooDeep: 0, topicsDropped: 0 });
  });
});

describe('parseMqttTopicTree: hostile and bad data is bounded and counted', () => {
  const garbage = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 151 + 7) % 256));

  it.each([
    ['binary garbage on a JSON topic', msg('zigbee2mqtt/bridge/devices', garbage), { binary: 1 }],
    ['invalid UTF-8 on a text topic', msg('$SYS/broker/connection/x/state', Buffer.from([0xff, 0xfe, 0x31])), { binary: 1 }],
    ['truncated JSON', msg('homeassistant/lock/a/config', '{"name": "x", "device": {'), { jsonErrors: 1 }],
    ['JSON of the wrong shape', msg('zigbee2mqtt/bridge/devices', '{"not":"a list"}'), { jsonErrors: 0 }],
    ['an oversized payload', msg('zigbee2mqtt/bridge/devices', Buffer.alloc(300 * 1024, 0x5b)), { oversized: 1 }],
    ['a topic 1000 levels deep', msg('a/'.repeat(999) + 'b', '1'), { tooDeep: 1 }],
    ['a topic of 70 000 characters', msg('x'.repeat(70_000), '1'), { tooDeep: 1 }],
    ['an empty topic', msg('', '1'), { tooDeep: 1 }],
  ])('%s', (_name, m, counts) => {
    const inv = parseMqttTopicTree([m]);
    expect(inv.stats).toMatchObject(counts);
    expect(inv.devices).toEqual([]);
  });

  it('JSON nested 100 000 deep is counted or ignored, never thrown', () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    const inv = parseMqttTopicTree([msg('zigbee2mqtt/bridge/devices', deep), msg('owntracks/a/b', `{"_type":"location","x":${deep}}`)]);
    expect(inv.devices).toEqual([]);
    expect(inv.stats.messages).toBe(2);
  });

  it('hostile names: control and bidi characters removed, long names cut', () => {
    const payload = JSON.stringify([{ ieee_address: '0x1', friendly_name: `evil\u202e\u0000${'n'.repeat(5000)}`, definition: { exposes: [{ type: 'lock' }], vendor: 'v\u0007' } }]);
    const d = parseMqttTopicTree([msg('zigbee2mqtt/bridge/devices', payload)]).devices[0]!;
    expect(d.name).toMatch(/^eviln+$/);
    expect(d.name.length).toBe(128);
    expect(d.vendor).toBe('v');
  });

  it('thousands of topics: at most maxTopics remembered, the rest counted', () => {
    const tree = createMqttTopicTree({ maxTopics: 5000 });
    for (let i = 0; i < 12_000; i++) tree.message(msg(`sensors/room${i}/temperature`, '21.5'));
    const inv = tree.inventory();
    expect(inv.stats.topicsSeen).toBe(5000);
    expect(inv.stats.topicsDropped).toBe(7000);
    expect(inv.prefixes).toEqual([{ prefix: 'sensors', messages: 12_000 }]);
  });

  it('a device list of 50 000 entries: at most maxListEntries read, devices capped at maxDevices', () => {
    const list = Array.from({ length: 50_000 }, (_, i) => ({ ieee_address: `0x${i.toString(16)}`, friendly_name: `d${i}`, definition: { exposes: [{ type: 'lock' }] } }));
    const inv = parseMqttTopicTree([msg('zigbee2mqtt/bridge/devices', JSON.stringify(list))], { maxPayloadBytes: 8 * 1024 * 1024, maxListEntries: 3000, maxDevices: 1000, maxEntities: 500 });
    expect(inv.devices).toHaveLength(1000);
    expect(inv.entities).toHaveLength(500);
    expect(inv.stats.itemsDropped).toBe(2000 + 2500);
  });

  it('distinct top-level prefixes are capped', () => {
    const inv = parseMqttTopicTree(Array.from({ length: 1000 }, (_, i) => msg(`p${i}/x`, '1')));
    expect(inv.prefixes.length).toBeLessThanOrEqual(20);
  });

  it('non-Buffer payloads and non-string topics from a bad caller are counted, not thrown', () => {
    const tree = createMqttTopicTree();
    tree.message({ topic: 42 as unknown as string, payload: 'x' as unknown as Buffer, retained: true });
    tree.message({ topic: 'owntracks/a/b', payload: null as unknown as Buffer, retained: false });
    expect(tree.inventory().stats.messages).toBe(2);
  });
});
