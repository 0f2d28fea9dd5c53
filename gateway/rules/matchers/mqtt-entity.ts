/**
 * `mqtt-entity`: something reachable through a home's MQTT broker that reveals location, shows a camera or
 * controls a lock or an alarm (found by the broker audit from OwnTracks, Home Assistant discovery, zigbee2mqtt,
 * Frigate topics). One hit per topic, on the broker's device.
 */
import { z } from 'zod';
import { lazySchema } from '../../util/lazy-schema.ts';
import type { MqttObservationData } from '../../../discovery/mqtt-types.ts';
import { defineMatcher, refOf } from './types.ts';
import { capabilityWord, categoryWord, phrase, phraseEvidence, wrapped } from '../phrases.ts';

const TriState = lazySchema(() => z.enum(['any', 'yes', 'no']));

export const MqttEntityParams = lazySchema(() =>
  z
    .object({
      entities: z.array(z.enum(['location', 'camera', 'lock', 'alarm'])).min(1).meta({ description: 'Entity kinds this rule reports.' }),
      retained: TriState.default('any').meta({ description: 'yes: only when the broker keeps the last message for every new client; no: only when it does not.' }),
      control: TriState.default('any').meta({ description: 'yes: only when a command topic lets a client act on it; no: only when none does.' }),
    })
    .strict(),
);
export type MqttEntityParams = z.infer<typeof MqttEntityParams>;

const text = (v: unknown) => (typeof v === 'string' ? v : '');
const fits = (want: 'any' | 'yes' | 'no', v: unknown) => want === 'any' || (want === 'yes') === (v === true);

const WHAT: Record<string, string> = { location: 'location', camera: 'camera', lock: 'lock', alarm: 'alarm' };

export const mqttEntity = defineMatcher<MqttEntityParams>({
  name: 'mqtt-entity',
  description: 'A location, camera, lock or alarm entity that anyone subscribed to the MQTT broker can see.',
  params: MqttEntityParams,
  sources: ['mqtt'],
  placeholders: ['broker', 'entity', 'name', 'topic', 'via', 'publisher'],
  compile(params) {
    const wanted = new Set<string>(params.entities);
    return {
      observe(obs) {
        const d = obs.data as Partial<Extract<MqttObservationData, { kind: 'entity' }>> | undefined;
        if (!d || typeof d !== 'object' || d.kind !== 'entity') return undefined;
        const entity = text(d.entity);
        const topic = text(d.topic);
        if (!wanted.has(entity) || !topic || !fits(params.retained, d.retained) || !fits(params.control, d.control)) return undefined;
        const broker = text(d.broker);
        const name = text(d.name) || topic;
        const via = text(d.via);
        const publisher = text(d.publisher) || name;
        return [{
          ref: refOf(obs), key: `${entity}:${topic}`, at: obs.at,
          vars: { broker, entity: WHAT[entity] ?? entity, name, topic, via, publisher },
          evidence: phraseEvidence('mqtt', 'mqtt-entity', {
            via: via || phrase('a-client', {}),
            entity: entity === 'location' ? capabilityWord(entity) : WHAT[entity] ? categoryWord(entity) : entity,
            name,
            topic,
            retained: d.retained ? wrapped(phrase('mqtt-retained', {}), ' ') : '',
            command: d.control ? wrapped(phrase('mqtt-command', {}), '; ') : '',
          }),
        }];
      },
    };
  },
});
