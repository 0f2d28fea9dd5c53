/**
 * Vendor and model from a broker announcement (zigbee2mqtt definition, Home Assistant device, Shelly model) →
 * the device profiles, through the same identifier as everything else: the pair is presented as the
 * manufacturer and model name a UPnP description would carry, which is what profiles match brands and models on.
 */
import type { Identify } from './identify.ts';
import type { ClassifyVendorModel, DescribeDevice } from './mqtt-sink.ts';

/** A classifier over `identify`; a device it cannot place (unknown category, no profile) gives null. */
export function createVendorModelClassifier(identify: Identify): ClassifyVendorModel {
  const cache = new Map<string, ReturnType<ClassifyVendorModel>>();
  return (vendor, model) => {
    if (!vendor && !model) return null;
    const key = `${vendor ?? ''}\0${model ?? ''}`;
    if (cache.has(key)) return cache.get(key)!;
    const id = identify({
      hostnames: [], dhcp: [], mdns: [], domains: [], ports: [],
      ssdp: [{ kind: 'response', description: { manufacturer: vendor, modelName: model } }],
    });
    const out = id.profile && id.category !== 'unknown' ? { category: id.category, capabilities: id.capabilities, profile: id.profile } : null;
    // Bounded: a hostile device list cannot grow it without end.
    if (cache.size < 1000) cache.set(key, out);
    return out;
  };
}

/** What vendor, model and description in words say, through the same identifier (its clues read the words). */
export function createDescriptionClassifier(identify: Identify): DescribeDevice {
  return (vendor, model, description) => {
    if (!description) return null;
    const id = identify({
      hostnames: [], dhcp: [], mdns: [], domains: [], ports: [], descriptions: [description],
      ssdp: [{ kind: 'response', description: { manufacturer: vendor, modelName: model } }],
    });
    return id.category !== 'unknown' ? { category: id.category, capabilities: id.capabilities } : null;
  };
}
