/**
 * Home Assistant MQTT discovery: `<prefix>/<component>/[<node_id>/]<object_id>/config` (retained JSON, prefix
 * `homeassistant` by default). A config names an entity (a device tracker, camera, lock, alarm panel …), the
 * device it belongs to and the topics that read or command it. Keys may be abbreviated (`cmd_t`, `dev`, `mf` …).
 * https://www.home-assistant.io/integrations/mqtt/#mqtt-discovery
 */
import { kindFromComponent } from './mqtt-categories.ts';
import { asObject, cleanName } from './mqtt-payload.ts';
import type { TopicHandler } from './mqtt-sink.ts';

/** A key in its long or abbreviated form. */
function pick(o: Record<string, unknown>, long: string, short: string): unknown {
  return o[long] ?? o[short];
}

/** A topic field, with the `~` base topic expanded where the config uses one. */
function topicField(o: Record<string, unknown>, long: string, short: string): string | undefined {
  const v = pick(o, long, short);
  if (typeof v !== 'string' || v.length === 0 || v.length > 1024) return undefined;
  const base = typeof o['~'] === 'string' ? (o['~'] as string) : undefined;
  if (!base) return v;
  return v.startsWith('~') ? base + v.slice(1) : v.endsWith('~') ? v.slice(0, -1) + base : v;
}

/** Topics that carry an entity's state (a tracker's position, a camera's image, a lock's state). */
const STATE_TOPICS = [['state_topic', 'stat_t'], ['json_attributes_topic', 'json_attr_t'], ['topic', 't']] as const;

/** Handles discovery configs. */
export const handleHomeAssistant: TopicHandler = (m, sink) => {
  const l = m.levels;
  const n = l.length;
  if ((n !== 4 && n !== 5) || l[n - 1] !== 'config') return false;
  const component = l[1]!;
  const cfgProbe = kindFromComponent(component);
  if (!cfgProbe) return false;
  // An empty retained config removes the entity: nothing to add.
  if (m.payload.length === 0) return true;
  const cfg = asObject(sink.json(m));
  if (!cfg) return true;
  const deviceClass = cleanName(pick(cfg, 'device_class', 'dev_cla'), 40);
  const kind = kindFromComponent(component, deviceClass)!;
  const dev = asObject(pick(cfg, 'device', 'dev'));
  const ids = dev ? pick(dev, 'identifiers', 'ids') : undefined;
  const devKey = cleanName(Array.isArray(ids) ? ids[0] : ids) ?? cleanName(pick(cfg, 'unique_id', 'uniq_id')) ?? l.slice(2, n - 1).join('/');
  const devName = cleanName(dev?.name) ?? cleanName(cfg.name) ?? devKey;
  const name = cleanName(cfg.name) ?? cleanName(pick(cfg, 'object_id', 'obj_id')) ?? devName;
  const vendor = cleanName(dev ? pick(dev, 'manufacturer', 'mf') : undefined);
  const model = cleanName(dev ? pick(dev, 'model', 'mdl') : undefined);
  const fromProfile = sink.classify?.(vendor, model) ?? null;
  const id = `home-assistant:${devKey}`;
  sink.device(
    {
      id, via: 'home-assistant', name: devName, vendor, model, topic: m.topic,
      category: fromProfile?.category ?? kind.category,
      capabilities: fromProfile ? [...new Set([...fromProfile.capabilities, ...kind.capabilities])] : kind.capabilities,
      classifiedBy: fromProfile ? `profile:${fromProfile.profile.id}` : 'component',
      profile: fromProfile?.profile,
    },
    m.at,
  );
  if (kind.entity) {
    const control = topicField(cfg, 'command_topic', 'cmd_t') !== undefined;
    // The config is retained by design; whether the entity's state is retained is learnt from its state topic.
    const entity = { kind: kind.entity, via: 'home-assistant' as const, topic: m.topic, name, publisher: kind.entity === 'location' ? devName : undefined, retained: false, control, device: id };
    sink.entity(entity, m.at);
    for (const [long, short] of STATE_TOPICS) {
      const t = topicField(cfg, long, short);
      if (t) sink.watch(t, entity, m.at);
    }
  }
  return true;
};
