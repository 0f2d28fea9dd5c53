/**
 * `mqtt-broker`: what the broker audit learnt about a home's MQTT broker itself: it accepted a client without a
 * user name (`anonymous`), it was reached without TLS (`plaintext`), or it keeps a bridge to another broker
 * (`bridge`, one hit per bridge). One hit per broker (per bridge), on the broker's device.
 */
import { z } from 'zod';
import { lazySchema } from '../../util/lazy-schema.ts';
import type { MqttObservationData } from '../../../discovery/mqtt-types.ts';
import { defineMatcher, refOf, type Hit } from './types.ts';
import { phraseEvidence } from '../phrases.ts';

export const MqttBrokerParams = lazySchema(() =>
  z
    .object({
      fact: z.enum(['anonymous', 'plaintext', 'bridge']).meta({ description: 'The broker fact this rule reports.' }),
    })
    .strict(),
);
export type MqttBrokerParams = z.infer<typeof MqttBrokerParams>;

const text = (v: unknown) => (typeof v === 'string' ? v : '');

export const mqttBroker = defineMatcher<MqttBrokerParams>({
  name: 'mqtt-broker',
  description: 'A fact about an MQTT broker found by the broker audit: anonymous access, no TLS, or a bridge to another broker.',
  params: MqttBrokerParams,
  sources: ['mqtt'],
  placeholders: ['broker', 'bridge', 'version'],
  compile(params) {
    return {
      observe(obs) {
        const d = obs.data as Partial<MqttObservationData> | undefined;
        if (!d || typeof d !== 'object') return undefined;
        const broker = text((d as { broker?: unknown }).broker);
        if (!broker) return undefined;
        const hits: Hit[] = [];
        if (params.fact === 'bridge') {
          if (d.kind !== 'bridge') return undefined;
          const name = text(d.name);
          if (!name) return undefined;
          hits.push({
            ref: refOf(obs), key: `${broker}#${name}`, at: obs.at, vars: { broker, bridge: name, version: '' },
            evidence: phraseEvidence('mqtt', d.connected ? 'mqtt-bridge-connected' : 'mqtt-bridge-idle', { topic: text(d.topic) || '$SYS', name }),
          });
          return hits;
        }
        if (d.kind !== 'broker') return undefined;
        const version = text(d.version);
        if (params.fact === 'anonymous' && d.anonymous === true) {
          hits.push({
            ref: refOf(obs), key: broker, at: obs.at, vars: { broker, bridge: '', version },
            evidence: phraseEvidence('mqtt', 'mqtt-anonymous', { broker, version: version ? ` (${version})` : '' }),
          });
        }
        if (params.fact === 'plaintext' && d.tls === false) {
          hits.push({
            ref: refOf(obs), key: broker, at: obs.at, vars: { broker, bridge: '', version },
            evidence: phraseEvidence('mqtt', 'mqtt-plaintext', { broker }),
          });
        }
        return hits;
      },
    };
  },
});
