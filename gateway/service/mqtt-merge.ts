/**
 * Merging what an MQTT broker audit found into an audit that already has devices: a device with the same id, or
 * the same MAC, becomes one device; anything else is appended. Pure; used for finished audits and for the devices
 * behind a broker that a live audit's inventory cannot make from observations alone.
 */
import type { Device } from '../contract.ts';

const union = <T>(a: readonly T[], b: readonly T[]): T[] => [...new Set([...a, ...b])];

/** One device from two views of it: the first keeps its id and traffic; names, addresses and evidence add up. */
export function mergeDevice(into: Device, from: Device): Device {
  const betterProfile = from.profile && (!into.profile || from.profile.confidence > into.profile.confidence);
  return {
    ...into,
    mac: into.mac ?? from.mac,
    ips: union(into.ips, from.ips).sort(),
    hostnames: union(into.hostnames, from.hostnames),
    vendor: into.vendor ?? from.vendor,
    names: union(into.names, from.names),
    // What the network showed wins; the broker's word fills in what the network could not tell.
    category: into.category === 'unknown' ? from.category : into.category,
    capabilities: union(into.capabilities, from.capabilities),
    profile: betterProfile ? from.profile : into.profile,
    services: union(into.services ?? [], from.services ?? []),
    firstSeen: from.firstSeen < into.firstSeen ? from.firstSeen : into.firstSeen,
    lastSeen: from.lastSeen > into.lastSeen ? from.lastSeen : into.lastSeen,
  };
}

/** `existing` with `added` merged in (by id, else by MAC) or appended; neither input is changed. */
export function mergeDevices(existing: readonly Device[], added: readonly Device[]): Device[] {
  const out = [...existing];
  for (const d of added) {
    const i = out.findIndex((x) => x.id === d.id || (d.mac !== undefined && x.mac === d.mac));
    if (i >= 0) out[i] = mergeDevice(out[i]!, d);
    else out.push(d);
  }
  return out;
}
