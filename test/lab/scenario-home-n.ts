/** Builds bigger lab homes by replicating the families of a base scenario (home-50 from home-12). */
import { scenarioSchema, type Scenario, type ScenarioDevice } from './scenario-schema.ts';

function replicaMac(mac: string, copy: number): string {
  // Keep the OUI (first three bytes) so the vendor stays realistic; vary the NIC part per copy.
  const bytes = mac.split(':').map((h) => parseInt(h, 16));
  const nic = ((bytes[3] << 16) | (bytes[4] << 8) | bytes[5]) ^ (copy * 0x010203);
  const out = [bytes[0], bytes[1], bytes[2], (nic >> 16) & 0xff, (nic >> 8) & 0xff, nic & 0xff];
  return out.map((b) => b.toString(16).padStart(2, '0')).join(':');
}

function replicaDevice(d: ScenarioDevice, copy: number): ScenarioDevice {
  const suffix = `-${copy + 1}`;
  return {
    ...d,
    name: `${d.name}${suffix}`.slice(0, 31),
    mac: replicaMac(d.mac, copy),
    dhcp: { ...d.dhcp, hostname: `${d.dhcp.hostname}${suffix}`.slice(0, 63) },
    mdns: d.mdns.map((s) => ({ ...s, name: `${s.name} ${copy + 1}`.slice(0, 63) })),
    ssdp: d.ssdp ? { ...d.ssdp, friendlyName: `${d.ssdp.friendlyName} ${copy + 1}` } : undefined,
  };
}

/**
 * A home of `count` devices: the base devices first, then copies of them in order (new MACs with the same OUI,
 * numbered names and hostnames). Port mappings keep pointing at the base devices.
 */
export function makeHomeN(base: Scenario, count: number): Scenario {
  const devices: ScenarioDevice[] = [];
  for (let i = 0; i < count; i++) {
    const original = base.devices[i % base.devices.length];
    const copy = Math.floor(i / base.devices.length);
    devices.push(copy === 0 ? original : replicaDevice(original, copy));
  }
  const mappings = base.router.igd.mappings.filter((m) => devices.some((d) => d.name === m.internalClient));
  return scenarioSchema.parse({ ...base, name: `home-${count}`, devices, router: { ...base.router, igd: { ...base.router.igd, mappings } } });
}
