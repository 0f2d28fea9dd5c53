/** Observation builders for the matcher tests. */
import type { FlowData } from '../../../../../gateway/capture/engine.ts';
import type { Device, Observation } from '../../../../../gateway/contract.ts';

export const AT = '2025-01-15T21:00:00.000Z';
export const MAC = 'aa:bb:cc:00:00:01';

export const dns = (query: string, resolver = '192.168.1.1', extra: object = {}): Observation =>
  ({ source: 'dns', at: AT, mac: MAC, ip: '192.168.1.10', data: { query, qtype: 'A', resolver, ...extra } });
export const tls = (sni: string, remoteIp = '198.51.100.1'): Observation =>
  ({ source: 'tls', at: AT, mac: MAC, ip: '192.168.1.10', data: { sni, remoteIp, remotePort: 443 } });
export const http = (host: string): Observation =>
  ({ source: 'http', at: AT, mac: MAC, ip: '192.168.1.10', data: { host, method: 'GET', remoteIp: '198.51.100.1', remotePort: 80 } });
export const flow = (f: Partial<FlowData>): Observation => ({
  source: 'flow', at: AT, mac: MAC, ip: '192.168.1.10',
  data: {
    proto: 'tcp', localPort: 50000, remoteIp: '198.51.100.1', remotePort: 443, remoteIsLocal: false, outbound: true,
    bytesUp: 100, bytesDown: 200, packets: 4, firstSeen: AT, lastSeen: AT, ongoing: false, ...f,
  } satisfies FlowData,
});

export function device(d: Partial<Device>): Device {
  return {
    id: 'mac-aabbcc000001', mac: MAC, randomizedMac: false, ips: ['192.168.1.10'], hostnames: [], names: [], category: 'unknown',
    capabilities: [], firstSeen: AT, lastSeen: AT, traffic: { bytesUp: 0, bytesDown: 0, peers: [] }, ...d,
  };
}
