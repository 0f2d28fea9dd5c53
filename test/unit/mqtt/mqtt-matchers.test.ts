/** The mqtt-broker and mqtt-entity matchers: params validation and hits from observations, with odd data. */
import { describe, expect, it } from 'vitest';
import type { Observation } from '../../../gateway/contract.ts';
import { mqttBroker, MqttBrokerParams } from '../../../gateway/rules/matchers/mqtt-broker.ts';
import { mqttEntity, MqttEntityParams } from '../../../gateway/rules/matchers/mqtt-entity.ts';
import { MATCHERS } from '../../../gateway/rules/matchers/index.ts';

const AT = '2026-11-27T20:00:00.000Z';
const obs = (data: object): Observation => ({ source: 'mqtt', at: AT, ip: '192.168.1.20', data });
const broker = (over: object = {}) => obs({ kind: 'broker', broker: '192.168.1.20:1883', ip: '192.168.1.20', port: 1883, tls: false, anonymous: true, ...over });
const entity = (over: object = {}) =>
  obs({ kind: 'entity', broker: '192.168.1.20:1883', entity: 'location', via: 'owntracks', topic: 'owntracks/a/b', name: 'a/b', publisher: 'a/b', retained: true, control: false, ...over });

describe('mqtt-broker matcher', () => {
  it('is registered', () => expect(MATCHERS.get('mqtt-broker')).toBe(mqttBroker));

  it.each([
    ['anonymous', broker(), 1],
    ['anonymous', broker({ anonymous: false }), 0],
    ['anonymous', broker({ anonymous: null }), 0],
    ['plaintext', broker(), 1],
    ['plaintext', broker({ tls: true }), 0],
    ['bridge', obs({ kind: 'bridge', broker: 'b:1883', name: 'cloud', connected: true, topic: '$SYS/broker/connection/cloud/state' }), 1],
    ['bridge', obs({ kind: 'bridge', broker: 'b:1883', name: '', connected: true }), 0],
    ['bridge', broker(), 0],
    ['anonymous', obs({ kind: 'bridge', broker: 'b', name: 'x' }), 0],
    ['anonymous', obs({}), 0],
    ['anonymous', obs(null as unknown as object), 0],
    ['anonymous', obs({ kind: 'broker', anonymous: true }), 0],
  ] as const)('%s on %j → %i hits', (fact, o, n) => {
    const m = mqttBroker.compile(MqttBrokerParams.parse({ fact }), {});
    expect(m.observe!(o) ?? []).toHaveLength(n);
  });

  it('a bridge hit is keyed per bridge and says its state', () => {
    const m = mqttBroker.compile({ fact: 'bridge' }, {});
    const [h] = m.observe!(obs({ kind: 'bridge', broker: 'b:1883', name: 'cloud', connected: false, topic: 't' }))!;
    expect(h).toMatchObject({ key: 'b:1883#cloud', vars: { bridge: 'cloud' }, ref: { ip: '192.168.1.20' } });
    expect(h!.evidence.detail).toMatch(/not connected now/);
  });

  it('rejects unknown facts', () => expect(MqttBrokerParams.safeParse({ fact: 'open' }).success).toBe(false));
});

describe('mqtt-entity matcher', () => {
  const compile = (p: object) => mqttEntity.compile(MqttEntityParams.parse(p), {});

  it('is registered', () => expect(MATCHERS.get('mqtt-entity')).toBe(mqttEntity));

  it.each([
    [{ entities: ['location'] }, entity(), 1],
    [{ entities: ['location'], retained: 'yes' }, entity(), 1],
    [{ entities: ['location'], retained: 'no' }, entity(), 0],
    [{ entities: ['location'], retained: 'no' }, entity({ retained: false }), 1],
    [{ entities: ['camera'] }, entity(), 0],
    [{ entities: ['lock', 'alarm'], control: 'yes' }, entity({ entity: 'alarm', control: true }), 1],
    [{ entities: ['lock', 'alarm'], control: 'yes' }, entity({ entity: 'lock', control: false }), 0],
    [{ entities: ['location'] }, entity({ topic: '' }), 0],
    [{ entities: ['location'] }, entity({ kind: 'device' }), 0],
    [{ entities: ['location'] }, obs({ kind: 'entity', entity: 'location', topic: 5 }), 0],
  ] as const)('%j on an entity → %i hits', (params, o, n) => {
    expect(compile(params).observe!(o) ?? []).toHaveLength(n);
  });

  it('fills the placeholders and keys by entity and topic', () => {
    const [h] = compile({ entities: ['location'] }).observe!(entity())!;
    expect(h).toMatchObject({ key: 'location:owntracks/a/b', vars: { publisher: 'a/b', topic: 'owntracks/a/b', via: 'owntracks', entity: 'location' } });
    expect(h!.evidence.detail).toMatch(/kept by the broker/);
  });

  it('needs at least one entity kind', () => expect(MqttEntityParams.safeParse({ entities: [] }).success).toBe(false));
});
