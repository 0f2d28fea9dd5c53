/** Small builders shared by the access unit tests. */
import type { Device, MdnsData, Observation } from '../../../gateway/contract.ts';

/** A device with only what the access code reads. */
export function device(id: string, ip: string, extra: Partial<Device> = {}): Device {
  return {
    id,
    randomizedMac: false,
    ips: [ip],
    hostnames: [],
    names: [],
    category: 'unknown',
    capabilities: [],
    firstSeen: '2026-01-01T00:00:00Z',
    lastSeen: '2026-01-01T00:00:00Z',
    traffic: { bytesUp: 0, bytesDown: 0, peers: [] },
    ...extra,
  };
}

/** An mDNS observation. */
export function mdns(ip: string | undefined, data: MdnsData, at = '2026-01-01T00:00:00Z'): Observation<MdnsData> {
  return { source: 'mdns', at, ...(ip ? { ip } : {}), data };
}

/** A `_matter._tcp` instance observation. */
export function matter(ip: string | undefined, fabric: string, node: string, at?: string, host?: string): Observation<MdnsData> {
  return mdns(ip, { instance: `${fabric}-${node}._matter._tcp.local`, type: '_matter._tcp', ...(host ? { host } : {}) }, at);
}
