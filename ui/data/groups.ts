/**
 * Room-friendly groups of device categories, and the ordering of devices by risk within them.
 */
import type { Category, DeviceView } from '../../gateway/contract.ts';

/** Group ids; each has a catalog key `group.<id>`. */
export const GROUPS = ['watch-listen', 'doors-alarms', 'speakers-screens', 'home-controls', 'personal', 'network', 'unknown'] as const;
export type GroupId = (typeof GROUPS)[number];

const GROUP_OF: Record<Category, GroupId> = {
  camera: 'watch-listen',
  doorbell: 'watch-listen',
  'baby-monitor': 'watch-listen',
  'smart-speaker': 'speakers-screens',
  'smart-display': 'speakers-screens',
  'tv-streamer': 'speakers-screens',
  lock: 'doors-alarms',
  alarm: 'doors-alarms',
  'garage-door': 'doors-alarms',
  thermostat: 'home-controls',
  hub: 'home-controls',
  'smart-plug': 'home-controls',
  'smart-light': 'home-controls',
  sensor: 'home-controls',
  'robot-vacuum': 'home-controls',
  appliance: 'home-controls',
  phone: 'personal',
  computer: 'personal',
  tablet: 'personal',
  wearable: 'personal',
  vehicle: 'personal',
  tracker: 'personal',
  router: 'network',
  nas: 'network',
  printer: 'network',
  unknown: 'unknown',
};

/** The group of a category (unknown for a category this UI does not know yet). */
export function groupOf(category: string): GroupId {
  return GROUP_OF[category as Category] ?? 'unknown';
}

/** A group and its devices, in the API's risk order. */
export interface DeviceGroup {
  id: GroupId;
  devices: DeviceView[];
}

/**
 * Groups devices by room-friendly group. Groups are ordered by the highest risk score they hold (the API's
 * ranking), ties in the fixed GROUPS order; devices keep the API's order inside a group.
 */
export function groupDevices(devices: DeviceView[]): DeviceGroup[] {
  const byGroup = new Map<GroupId, DeviceView[]>();
  for (const d of devices) {
    const g = groupOf(d.category);
    const list = byGroup.get(g) ?? [];
    list.push(d);
    byGroup.set(g, list);
  }
  const top = (list: DeviceView[]): number => Math.max(...list.map((d) => d.risk?.score ?? 0));
  return [...byGroup.entries()]
    .map(([id, list]) => ({ id, devices: list }))
    .sort((a, b) => top(b.devices) - top(a.devices) || GROUPS.indexOf(a.id) - GROUPS.indexOf(b.id));
}
