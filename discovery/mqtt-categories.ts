/**
 * What a device behind a broker is, from the generic vocabulary of the software that announced it: zigbee2mqtt's
 * expose types and Home Assistant's MQTT discovery components. These are the protocols' own schema words, not
 * vendors; brands and models go through the device profiles (an injected classifier), which win when they know.
 */
import type { Capability, Category } from '../gateway/contract.ts';
import type { MqttEntityKind } from './mqtt-types.ts';

export interface Kind {
  category: Category;
  capabilities: Capability[];
  /** The entity this makes reachable through the broker, if any. */
  entity?: MqttEntityKind;
}

/**
 * zigbee2mqtt exposes (https://www.zigbee2mqtt.io/guide/usage/exposes.html): specific types, then the names of
 * generic binary features. Listed strongest first: a device exposing `lock` is a lock even if it also reports
 * `contact`.
 */
const Z2M_SPECIFIC: [string, Kind][] = [
  ['lock', { category: 'lock', capabilities: ['lock', 'remote-control'], entity: 'lock' }],
  ['climate', { category: 'thermostat', capabilities: ['remote-control'] }],
  ['light', { category: 'smart-light', capabilities: ['remote-control'] }],
  ['cover', { category: 'appliance', capabilities: ['remote-control'] }],
  ['switch', { category: 'smart-plug', capabilities: ['remote-control'] }],
];

const Z2M_FEATURES: [string, Kind][] = [
  // IAS warning devices (sirens) and arm/disarm keypads.
  ['warning', { category: 'alarm', capabilities: ['remote-control'], entity: 'alarm' }],
  ['arm_mode', { category: 'alarm', capabilities: ['remote-control'], entity: 'alarm' }],
  ['contact', { category: 'sensor', capabilities: [] }],
  ['occupancy', { category: 'sensor', capabilities: [] }],
  ['presence', { category: 'sensor', capabilities: [] }],
  ['vibration', { category: 'sensor', capabilities: [] }],
  ['water_leak', { category: 'sensor', capabilities: [] }],
  ['smoke', { category: 'sensor', capabilities: [] }],
  ['temperature', { category: 'sensor', capabilities: [] }],
];

/** Home Assistant MQTT discovery components (https://www.home-assistant.io/integrations/mqtt/#mqtt-discovery). */
const HA_COMPONENTS: Record<string, Kind> = {
  device_tracker: { category: 'tracker', capabilities: ['location'], entity: 'location' },
  camera: { category: 'camera', capabilities: ['camera'], entity: 'camera' },
  image: { category: 'camera', capabilities: ['camera'], entity: 'camera' },
  lock: { category: 'lock', capabilities: ['lock', 'remote-control'], entity: 'lock' },
  alarm_control_panel: { category: 'alarm', capabilities: ['remote-control'], entity: 'alarm' },
  siren: { category: 'alarm', capabilities: ['remote-control'] },
  climate: { category: 'thermostat', capabilities: ['remote-control'] },
  light: { category: 'smart-light', capabilities: ['remote-control'] },
  switch: { category: 'smart-plug', capabilities: ['remote-control'] },
  vacuum: { category: 'robot-vacuum', capabilities: ['remote-control'] },
  cover: { category: 'appliance', capabilities: ['remote-control'] },
  binary_sensor: { category: 'sensor', capabilities: [] },
  sensor: { category: 'sensor', capabilities: [] },
};

/** HA `cover` with this device class is a garage door. */
const GARAGE_CLASSES = new Set(['garage', 'gate']);

/** Kind of a zigbee2mqtt device from its `definition.exposes` (already bounded by the caller). */
export function kindFromExposes(exposes: unknown[]): Kind | null {
  const types = new Set<string>();
  const names = new Set<string>();
  const visit = (e: unknown, depth: number): void => {
    if (!e || typeof e !== 'object' || depth > 4) return;
    const o = e as Record<string, unknown>;
    if (typeof o.type === 'string') types.add(o.type);
    if (typeof o.name === 'string') names.add(o.name);
    if (typeof o.property === 'string') names.add(o.property);
    if (Array.isArray(o.features)) for (const f of o.features.slice(0, 64)) visit(f, depth + 1);
  };
  for (const e of exposes.slice(0, 128)) visit(e, 0);
  for (const [t, k] of Z2M_SPECIFIC) if (types.has(t)) return k;
  for (const [n, k] of Z2M_FEATURES) if (names.has(n)) return k;
  return null;
}

/** Kind of a Home Assistant discovery config's component; `deviceClass` refines covers. */
export function kindFromComponent(component: string, deviceClass?: string): Kind | null {
  if (!Object.hasOwn(HA_COMPONENTS, component)) return null;
  if (component === 'cover' && deviceClass && GARAGE_CLASSES.has(deviceClass)) return { category: 'garage-door', capabilities: ['remote-control'] };
  return HA_COMPONENTS[component]!;
}
