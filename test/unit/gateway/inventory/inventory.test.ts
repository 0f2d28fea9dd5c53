import { describe, expect, it } from 'vitest';
import type { Observation } from '../../../../gateway/contract.ts';
import type { FlowData } from '../../../../gateway/capture/engine.ts';
import { createInventory } from '../../../../gateway/inventory/inventory.ts';

const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s)).toISOString();
const flow = (mac: string, ip: string, remoteIp: string, up: number, down: number, s = 0, name?: string): Observation => {
  const data: FlowData = {
    proto: 'tcp', localPort: 50000, remoteIp, remotePort: 443, remoteIsLocal: false, outbound: true, name,
    bytesUp: up, bytesDown: down, packets: 10, firstSeen: at(s), lastSeen: at(s + 5), ongoing: false,
  };
  return { source: 'flow', at: at(s + 5), mac, ip, data: data as never };
};

describe('inventory', () => {
  it('merges observations by MAC and keeps their evidence', () => {
    const inv = createInventory({ vendorOf: (m) => (m.startsWith('00:1a:11') ? 'Google, Inc.' : undefined) });
    inv.observe({ source: 'dhcp', at: at(0), mac: '00:1a:11:00:00:01', data: { hostname: 'Chromecast', vendorClass: 'udhcp 1.0' } });
    inv.observe({ source: 'mdns', at: at(1), mac: '00:1a:11:00:00:01', ip: '192.168.1.20', data: { instance: 'Living Room._googlecast._tcp.local', type: '_googlecast._tcp', host: 'Chromecast-abc.local', txt: { md: 'Chromecast' } } });
    inv.observe({ source: 'dns', at: at(2), mac: '00:1a:11:00:00:01', ip: '192.168.1.20', data: { query: 'clients3.google.com', qtype: 'A', resolver: '192.168.1.1' } });
    inv.observe(flow('00:1a:11:00:00:01', '192.168.1.20', '142.250.1.1', 1000, 50_000, 3, 'clients3.google.com'));
    inv.observe(flow('00:1a:11:00:00:01', '192.168.1.20', '142.250.1.1', 500, 500, 10));
    const [d] = inv.devices();
    expect(d).toMatchObject({
      id: 'mac-001a11000001', mac: '00:1a:11:00:00:01', ips: ['192.168.1.20'], vendor: 'Google, Inc.',
      hostnames: ['Chromecast', 'Chromecast-abc'], names: ['Living Room'], services: ['_googlecast._tcp'],
      firstSeen: at(0), lastSeen: at(15), category: 'unknown',
    });
    expect(d.traffic).toMatchObject({ bytesUp: 1500, bytesDown: 50_500 });
    expect(d.traffic.peers).toEqual([
      expect.objectContaining({ ip: '142.250.1.1', name: 'clients3.google.com', bytesUp: 1500, bytesDown: 50_500, packets: 20, ports: [443] }),
    ]);
    expect(inv.evidence(d.id)?.domains).toEqual(['clients3.google.com']);
  });

  it('folds a device known only by IP into the MAC that turns out to own the address', () => {
    const inv = createInventory();
    inv.observe({ source: 'mdns', at: at(0), ip: '192.168.1.30', data: { instance: 'Printer._ipp._tcp.local', type: '_ipp._tcp' } });
    expect(inv.devices().map((d) => d.id)).toEqual(['ip-192.168.1.30']);
    inv.observe({ source: 'arp', at: at(1), mac: 'aa:bb:cc:00:00:30', ip: '192.168.1.30', data: {} });
    const devices = inv.devices();
    expect(devices).toHaveLength(1);
    expect(devices[0]).toMatchObject({ id: 'mac-aabbcc000030', services: ['_ipp._tcp'], names: ['Printer'], firstSeen: at(0) });
  });

  it('moves an address to the MAC that uses it now', () => {
    const inv = createInventory();
    inv.observe({ source: 'arp', at: at(0), mac: '00:00:00:00:00:01', ip: '10.0.0.5', data: {} });
    inv.observe({ source: 'arp', at: at(9), mac: '00:00:00:00:00:02', ip: '10.0.0.5', data: {} });
    const byMac = Object.fromEntries(inv.devices().map((d) => [d.mac, d.ips]));
    expect(byMac).toEqual({ '00:00:00:00:00:01': [], '00:00:00:00:00:02': ['10.0.0.5'] });
  });

  it('applies identification and marks the router', () => {
    const inv = createInventory({
      identify: (ev) => (ev.hostnames.includes('Ring-1a2b') ? { category: 'doorbell', capabilities: ['camera', 'mic'], profile: { id: 'ring.doorbell', name: 'Ring doorbell', confidence: 0.8, matchedBy: ['dhcpHostname:ring-*'] } } : { category: 'unknown', capabilities: [] }),
      isRandomizedMac: (m) => m.startsWith('da'),
    });
    inv.observe({ source: 'dhcp', at: at(0), mac: '00:00:00:00:00:0b', data: { hostname: 'Ring-1a2b' } });
    inv.observe({ source: 'arp', at: at(0), mac: '00:00:00:00:00:01', ip: '192.168.1.1', data: {} });
    inv.observe({ source: 'arp', at: at(0), mac: 'da:00:00:00:00:02', ip: '192.168.1.77', data: {} });
    inv.setGateway({ mac: '00:00:00:00:00:01' });
    const devices = inv.devices();
    expect(devices[0]).toMatchObject({ mac: '00:00:00:00:00:01', isGateway: true, category: 'router' });
    expect(devices.find((d) => d.mac === '00:00:00:00:00:0b')).toMatchObject({ category: 'doorbell', capabilities: ['camera', 'mic'], profile: { id: 'ring.doorbell' } });
    expect(devices.find((d) => d.mac === 'da:00:00:00:00:02')?.randomizedMac).toBe(true);
  });

  it('bounds the peers kept per device, adding the rest under "*"', () => {
    const inv = createInventory({ maxPeers: 10, peersShown: 100 });
    for (let i = 0; i < 100; i++) inv.observe(flow('00:00:00:00:00:01', '10.0.0.2', `203.0.113.${i}`, 10, 10, i));
    const [d] = inv.devices();
    expect(d.traffic.peers.length).toBe(11);
    expect(d.traffic.peers.find((p) => p.ip === '*')).toMatchObject({ bytesUp: 900, bytesDown: 900 });
    expect(d.traffic.bytesUp).toBe(1000);
  });
});

describe('inventory fast paths (repeated observations)', () => {
  it('keeps each port once per protocol and direction, in first-seen order', () => {
    const inv = createInventory();
    const f = (proto: 'tcp' | 'udp', outbound: boolean, port: number, s: number): Observation => {
      const data: FlowData = {
        proto, localPort: outbound ? 40000 + s : port, remoteIp: '203.0.113.9', remotePort: outbound ? port : 40000 + s, remoteIsLocal: false, outbound,
        bytesUp: 1, bytesDown: 1, packets: 1, firstSeen: at(s), lastSeen: at(s), ongoing: false,
      };
      return { source: 'flow', at: at(s), mac: '00:00:00:00:00:01', ip: '10.0.0.2', data: data as never };
    };
    for (let i = 0; i < 3; i++) {
      inv.observe(f('tcp', true, 443, i));
      inv.observe(f('udp', true, 443, i));
      inv.observe(f('tcp', false, 443, i));
      inv.observe(f('tcp', true, 8883, i));
    }
    expect(inv.evidence('mac-000000000001')?.ports).toEqual([
      { proto: 'tcp', port: 443, direction: 'out' }, { proto: 'udp', port: 443, direction: 'out' },
      { proto: 'tcp', port: 443, direction: 'in' }, { proto: 'tcp', port: 8883, direction: 'out' },
    ]);
    // Outbound flows name their remote port on the peer, once each; inbound ones none.
    expect(inv.devices()[0].traffic.peers[0]).toMatchObject({ ip: '203.0.113.9', packets: 12, ports: [443, 8883], firstSeen: at(0), lastSeen: at(2) });
  });

  it('strips a Host header\'s port and the .local of repeated mDNS names, whatever the letter case', () => {
    const inv = createInventory();
    const mac = '00:00:00:00:00:07';
    for (let i = 0; i < 3; i++) {
      inv.observe({ source: 'http', at: at(i), mac, ip: '10.0.0.7', data: { host: i ? 'cam.example.com:8080' : 'cam.example.com' } });
      inv.observe({ source: 'mdns', at: at(i), mac, ip: '10.0.0.7', data: { host: i === 2 ? 'CAM-7.LOCAL' : 'cam-7.local', instance: 'Hall Cam._hap._tcp.local', type: '_hap._tcp' } });
    }
    inv.observe({ source: 'http', at: at(5), mac, ip: '10.0.0.7', data: { host: '[fe80::1]' } });
    expect(inv.evidence('mac-000000000007')?.domains).toEqual(['cam.example.com', '[fe80::1]']);
    expect(inv.devices()[0]).toMatchObject({ hostnames: ['cam-7'], names: ['Hall Cam'], firstSeen: at(0), lastSeen: at(5) });
  });

  it('follows an address that moves away from a MAC and back', () => {
    const inv = createInventory();
    const arp = (mac: string, s: number): Observation => ({ source: 'arp', at: at(s), mac, ip: '10.0.0.5', data: {} });
    inv.observe(arp('00:00:00:00:00:01', 0));
    inv.observe(arp('00:00:00:00:00:01', 1));
    inv.observe(arp('00:00:00:00:00:02', 2));
    inv.observe(arp('00:00:00:00:00:01', 3));
    const byMac = Object.fromEntries(inv.devices().map((d) => [d.mac, d.ips]));
    expect(byMac).toEqual({ '00:00:00:00:00:01': ['10.0.0.5'], '00:00:00:00:00:02': [] });
    // An observation by IP alone goes to the MAC that holds the address now.
    inv.observe({ source: 'dns', at: at(4), ip: '10.0.0.5', data: { query: 'example.org' } });
    expect(inv.evidence('mac-000000000001')?.domains).toEqual(['example.org']);
  });
});

describe('inventory bounds', () => {
  it('keeps at most maxDevices devices and counts what it sets aside', () => {
    const inv = createInventory({ maxDevices: 5 });
    for (let i = 0; i < 100; i++) inv.observe({ source: 'arp', at: at(i), mac: `02:00:00:00:00:${i.toString(16).padStart(2, '0')}`, ip: `10.0.0.${i}`, data: {} });
    expect(inv.size).toBeLessThanOrEqual(6);
    expect(inv.overflowed).toBe(95);
  });
});

describe('router port mappings', () => {
  it('attaches each mapping to the device behind it and marks the router', () => {
    const inv = createInventory();
    inv.observe({ source: 'arp', at: at(0), mac: '00:00:00:00:00:01', ip: '10.77.0.1', data: {} });
    inv.observe({ source: 'arp', at: at(0), mac: '7c:a7:b0:51:9e:0c', ip: '10.77.0.12', data: {} });
    inv.observe({
      source: 'upnp-igd', at: at(5), ip: '10.77.0.1',
      data: {
        router: '10.77.0.1',
        mappings: [
          { protocol: 'TCP', externalPort: 8554, internalClient: '10.77.0.12', internalPort: 554, enabled: true, description: 'IPCAM RTSP' },
          { protocol: 'UDP', externalPort: 32100, internalClient: '10.77.0.12', internalPort: 32100, enabled: true },
          { protocol: 'TCP', externalPort: 8443, internalClient: '10.77.0.20', internalPort: 443, enabled: true },
        ],
      },
    });
    const devices = inv.devices();
    expect(devices[0]).toMatchObject({ mac: '00:00:00:00:00:01', isGateway: true });
    expect(devices.find((d) => d.mac === '7c:a7:b0:51:9e:0c')?.portMappings?.map((m) => `${m.protocol} ${m.externalPort}`)).toEqual(['TCP 8554', 'UDP 32100']);
    // A mapping to an address not seen yet still shows up, as a device known by IP.
    expect(devices.find((d) => d.id === 'ip-10.77.0.20')?.portMappings).toHaveLength(1);
    expect(devices[0].portMappings).toBeUndefined();
  });
});
