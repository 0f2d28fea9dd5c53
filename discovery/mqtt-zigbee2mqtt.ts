/**
 * zigbee2mqtt's `<base>/bridge/devices` (retained): the list of every Zigbee device paired to the bridge, with
 * its IEEE address, friendly name and definition (vendor, model, description, exposes). The base topic is
 * configurable (default `zigbee2mqtt`), so the suffix and the payload's shape decide, not the prefix.
 * https://www.zigbee2mqtt.io/guide/usage/mqtt_topics_and_messages.html#zigbee2mqtt-bridge-devices
 */
import { kindFromExposes } from './mqtt-categories.ts';
import { asObject, cleanName } from './mqtt-payload.ts';
import type { TopicHandler } from './mqtt-sink.ts';

/** Handles `<base>/bridge/devices`. */
export const handleZigbee2mqtt: TopicHandler = (m, sink) => {
  const l = m.levels;
  const n = l.length;
  if (n < 3 || l[n - 2] !== 'bridge' || l[n - 1] !== 'devices') return false;
  const list = sink.json(m);
  if (!Array.isArray(list)) return true;
  const base = l.slice(0, n - 2).join('/');
  for (const raw of list.slice(0, sink.maxListEntries)) {
    const d = asObject(raw);
    if (!d) continue;
    const ieee = cleanName(d.ieee_address, 32);
    if (!ieee || d.type === 'Coordinator') continue;
    const def = asObject(d.definition);
    const vendor = cleanName(def?.vendor) ?? cleanName(d.manufacturer);
    const model = cleanName(def?.model) ?? cleanName(d.model_id);
    const description = cleanName(def?.description, 200);
    const name = cleanName(d.friendly_name) ?? ieee;
    const fromProfile = sink.classify?.(vendor, model) ?? null;
    const fromExposes = Array.isArray(def?.exposes) ? kindFromExposes(def.exposes) : null;
    // A device with neither: its own description in words ("… lock …") may still say what it is.
    const fromWords = !fromProfile && !fromExposes ? (sink.describe?.(vendor, model, description) ?? null) : null;
    const kind = fromProfile ?? fromExposes ?? fromWords;
    const id = `zigbee2mqtt:${ieee}`;
    sink.device(
      {
        id, via: 'zigbee2mqtt', name, vendor, model, description, ieee, topic: m.topic,
        category: kind?.category ?? 'unknown',
        capabilities: kind?.capabilities ?? [],
        classifiedBy: fromProfile ? `profile:${fromProfile.profile.id}` : fromExposes ? 'exposes' : fromWords ? 'description' : 'none',
        profile: fromProfile?.profile,
      },
      m.at,
    );
    // Entities come from the exposes (what the device can be told to do), whatever the profile's category.
    if (fromExposes?.entity) {
      const entity = { kind: fromExposes.entity, via: 'zigbee2mqtt' as const, topic: `${base}/${name}`, name, retained: false, control: true, device: id };
      sink.entity(entity, m.at);
      sink.watch(entity.topic, entity, m.at);
    }
  }
  return true;
};
