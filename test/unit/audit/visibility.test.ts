/**
 * The visibility verdict over synthetic observations: table-driven for the pure decision, then the tracker fed the
 * observations the packet engine emits (flows to the internet, DNS questions and answers) for a router's view, a
 * laptop's view beside the router, and the edge cases.
 */
import { describe, expect, it } from 'vitest';
import type { Device, Observation } from '../../../gateway/contract.ts';
import type { FlowData } from '../../../gateway/capture/engine.ts';
import {
  captureHostFromUnicast, captureHostOf, createVisibilityTracker, decideVisibility, MIN_LISTEN_SECONDS, type DeviceTraffic, type VisibilityInput,
} from '../../../gateway/audit/visibility.ts';

const devs = (n: number, gateway = 'router') => [
  { id: gateway, isGateway: true },
  ...Array.from({ length: n }, (_, i) => ({ id: `d${i + 1}` })),
];
const traffic = (entries: Record<string, Partial<DeviceTraffic>>) =>
  new Map(Object.entries(entries).map(([k, v]) => [k, { internetFlows: 0, dnsQuestions: 0, ...v }]));
const input = (over: Partial<VisibilityInput>): VisibilityInput => ({
  devices: devs(3), traffic: new Map(), captureHost: [], seconds: 300, captured: true, hostKnown: false, ...over,
});

describe('decideVisibility', () => {
  const cases: Array<[string, Partial<VisibilityInput>, { placement: string; reason: string; with: number; total: number; saw?: string[] }]> = [
    ['the router sees every device’s internet traffic', { traffic: traffic({ d1: { internetFlows: 3 }, d2: { dnsQuestions: 1 }, d3: { internetFlows: 1 } }) },
      { placement: 'in-path', reason: 'saw-traffic', with: 3, total: 3, saw: ['d1', 'd2', 'd3'] }],
    ['DNS questions alone show a device’s traffic is in view', { traffic: traffic({ d1: { dnsQuestions: 2 }, d3: { dnsQuestions: 1 } }) },
      { placement: 'in-path', reason: 'saw-traffic', with: 2, total: 3, saw: ['d1', 'd3'] }],
    ['a laptop beside the router sees only its own traffic (known host)', { devices: [...devs(3), { id: 'me' }], captureHost: ['me'], hostKnown: true, traffic: traffic({ me: { internetFlows: 40, dnsQuestions: 9 } }) },
      { placement: 'beside', reason: 'announcements-only', with: 0, total: 3 }],
    ['only announcements, nobody’s traffic', { traffic: new Map() }, { placement: 'beside', reason: 'announcements-only', with: 0, total: 3 }],
    ['a known host that sees one other device’s traffic is in its path', { devices: [...devs(3), { id: 'me' }], captureHost: ['me'], hostKnown: true, traffic: traffic({ me: { internetFlows: 1 }, d2: { internetFlows: 1 } }) },
      { placement: 'in-path', reason: 'saw-traffic', with: 1, total: 3, saw: ['d2'] }],
    ['a file with one device’s traffic may be its taker’s', { traffic: traffic({ d2: { internetFlows: 5 } }) }, { placement: 'unknown', reason: 'one-device', with: 1, total: 3 }],
    ['less than a minute and nothing yet', { seconds: MIN_LISTEN_SECONDS - 1 }, { placement: 'unknown', reason: 'too-early', with: 0, total: 3 }],
    ['the router’s own traffic does not count', { traffic: traffic({ router: { internetFlows: 50, dnsQuestions: 20 } }) }, { placement: 'beside', reason: 'announcements-only', with: 0, total: 3 }],
    ['no device but the router', { devices: devs(0), traffic: traffic({ router: { internetFlows: 5 } }) }, { placement: 'unknown', reason: 'no-devices', with: 0, total: 0 }],
    ['no capture at all (discovery only)', { captured: false, traffic: traffic({ d1: { internetFlows: 1 }, d2: { internetFlows: 1 } }) }, { placement: 'unknown', reason: 'no-capture', with: 2, total: 3 }],
    ['the unattributed bucket is not a device', { devices: [...devs(1), { id: 'unattributed' }], traffic: traffic({ unattributed: { internetFlows: 9 }, d1: { internetFlows: 1 } }) },
      { placement: 'unknown', reason: 'one-device', with: 1, total: 1 }],
  ];
  it.each(cases)('%s', (_name, over, want) => {
    const v = decideVisibility(input(over));
    expect({ placement: v.placement, reason: v.reason, with: v.devicesWithTraffic, total: v.devicesTotal }).toEqual({ placement: want.placement, reason: want.reason, with: want.with, total: want.total });
    if (want.saw) expect(v.sawDevices).toEqual(want.saw);
    expect(v.sawDevices).toHaveLength(v.devicesWithTraffic);
  });
});

const AT = '2026-01-01T00:00:00.000Z';
const flow = (mac: string, ip: string, remoteIp: string, remoteIsLocal: boolean): Observation => ({
  source: 'flow', at: AT, mac, ip,
  data: { proto: 'tcp', localPort: 40000, remoteIp, remotePort: 443, remoteIsLocal, outbound: true, bytesUp: 10, bytesDown: 10, packets: 2, firstSeen: AT, lastSeen: AT, ongoing: false } satisfies FlowData,
});
const question = (mac: string, ip: string): Observation => ({ source: 'dns', at: AT, mac, ip, data: { query: 'example.com', qtype: 'A', resolver: '192.168.1.1' } });
const answer = (mac: string, ip: string): Observation => ({ source: 'dns', at: AT, mac, ip, data: { query: 'example.com', qtype: 'A', resolver: '192.168.1.1', rcode: 'NOERROR', answers: ['93.184.216.34'] } });
const device = (n: number, extra: Partial<Device> = {}): Device => ({
  id: `mac-0200000000${String(n).padStart(2, '0')}`, mac: `02:00:00:00:00:${String(n).padStart(2, '0')}`, randomizedMac: false, ips: [`192.168.1.${n}`], hostnames: [],
  names: [], category: 'unknown', capabilities: [], firstSeen: AT, lastSeen: AT, traffic: { bytesUp: 0, bytesDown: 0, peers: [] }, ...extra,
});

describe('createVisibilityTracker', () => {
  const home = [device(1, { isGateway: true }), device(10), device(11), device(12), device(50)];

  it('counts flows to the internet and DNS questions per device, not LAN flows or answers', () => {
    const tr = createVisibilityTracker();
    tr.observe(flow('02:00:00:00:00:10', '192.168.1.10', '203.0.113.5', false));
    tr.observe(question('02:00:00:00:00:11', '192.168.1.11'));
    // A LAN flow and a DNS answer say nothing about whether a device's own traffic is in view.
    tr.observe(flow('02:00:00:00:00:12', '192.168.1.12', '192.168.1.10', true));
    tr.observe(answer('02:00:00:00:00:12', '192.168.1.12'));
    const v = tr.result(home, { seconds: 120, captured: true });
    expect(v).toEqual({ placement: 'in-path', reason: 'saw-traffic', devicesWithTraffic: 2, devicesTotal: 4, sawDevices: ['mac-020000000010', 'mac-020000000011'] });
  });

  it('leaves out the capturing computer named by its interface, by MAC or address', () => {
    const tr = createVisibilityTracker();
    tr.observe(flow('02:00:00:00:00:50', '192.168.1.50', '203.0.113.5', false));
    tr.observe(question('02:00:00:00:00:50', '192.168.1.50'));
    const byMac = tr.result(home, { seconds: 120, captured: true, host: { macs: ['02:00:00:00:00:50'], ips: [] } });
    expect(byMac).toMatchObject({ placement: 'beside', reason: 'announcements-only', devicesWithTraffic: 0, devicesTotal: 3 });
    const byIp = tr.result(home, { seconds: 120, captured: true, host: { macs: [], ips: ['192.168.1.50'] } });
    expect(byIp).toMatchObject({ placement: 'beside', devicesTotal: 3 });
  });

  it('recognises the taker of a file as the one end of nearly every unicast packet, unless it is the router', () => {
    const tr = createVisibilityTracker();
    tr.observe(flow('02:00:00:00:00:50', '192.168.1.50', '203.0.113.5', false));
    const beside = { total: 1000, byMac: new Map([['02:00:00:00:00:50', 990], ['02:00:00:00:00:01', 700]]) };
    expect(tr.result(home, { seconds: 120, captured: true, unicast: beside })).toMatchObject({ placement: 'beside', devicesTotal: 3 });
    // Without a clear taker, one device's traffic cannot be judged.
    const spread = { total: 1000, byMac: new Map([['02:00:00:00:00:50', 600], ['02:00:00:00:00:10', 400]]) };
    expect(tr.result(home, { seconds: 120, captured: true, unicast: spread })).toMatchObject({ placement: 'unknown', reason: 'one-device' });
    // On the router, the router is that end: nobody else is taken for the taker.
    expect(captureHostFromUnicast(home, { total: 100, byMac: new Map([['02:00:00:00:00:01', 100]]) })).toBeUndefined();
  });

  it('reads the capturing computer from the interface table', () => {
    const table = { eth0: [{ address: '192.168.1.50', mac: '02:00:00:00:00:50', internal: false }, { address: 'fe80::1', mac: '02:00:00:00:00:50', internal: false }], lo: [{ address: '127.0.0.1', mac: '00:00:00:00:00:00', internal: true }] };
    expect(captureHostOf(table, 'eth0')).toEqual({ macs: ['02:00:00:00:00:50'], ips: ['192.168.1.50', 'fe80::1'] });
    expect(captureHostOf(table, 'wlan9')).toEqual({ macs: [], ips: [] });
  });
});
