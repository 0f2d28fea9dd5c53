import { describe, expect, it } from 'vitest';
import type { EntryContext } from '../../../gateway/accounts/access-entry.ts';
import {
  adminPortsFrom, mapDdns, mapDropbearWan, mapPortForwards, mapWanAdminRules, mapWireguardPeers, parseUbusReply, portListHas, uciList,
} from '../../../gateway/accounts/openwrt-map.ts';
import { expectEveryLanguage } from './entry-texts.ts';

const ctx: EntryContext = { source: 'openwrt-ubus', notice: 'N1', device: 'router', at: '2026-11-27T20:00:00.000Z' };
const values = (sections: Record<string, Record<string, unknown>>): unknown => ({ values: sections });

describe('OpenWrt mapping', () => {
  it.each([
    [{ jsonrpc: '2.0', id: 1, result: [0, { a: 1 }] }, { status: 0, data: { a: 1 } }],
    [{ jsonrpc: '2.0', id: 1, result: [6] }, { status: 6, data: undefined }],
    [{ jsonrpc: '2.0', id: 1, error: { code: -32002, message: 'Access denied' } }, { rpcError: -32002 }],
    [{ result: 'x' }, null],
    ['garbage', null],
  ])('parses ubus reply %#', (body, expected) => expect(parseUbusReply(body)).toEqual(expected));

  it.each([
    [['22'], 22, true], [['80 443'], 443, true], [['8000-8100'], 8080, true], [['22:23'], 23, true], [['68'], 22, false], [['abc'], 22, false],
  ])('portListHas(%j, %d) → %s', (ports, p, expected) => expect(portListHas(uciList(ports), p)).toBe(expected));

  it('maps enabled WAN redirects to port mappings', () => {
    const fw = values({
      a: { '.type': 'redirect', name: 'cam', src: 'wan', src_dport: '8554', dest_ip: '192.168.1.20', dest_port: '554', proto: ['tcp'], target: 'DNAT' },
      b: { '.type': 'redirect', src: 'wan', src_dport: '1', dest_ip: '192.168.1.2', enabled: '0' },
      c: { '.type': 'redirect', src: 'lan', src_dport: '2', dest_ip: '192.168.1.3', target: 'DNAT' },
      d: { '.type': 'redirect', src: 'wan', src_dport: '3', target: 'SNAT' },
    });
    expect(mapPortForwards(fw, ctx).map((e) => [e.id, e.label, e.outside])).toEqual([
      ['openwrt-ubus:router:forward-a', 'Reachable from the internet: TCP 8554 → 192.168.1.20:554', true],
    ]);
  });

  it('finds WAN rules opening admin ports, including configured ones', () => {
    const fw = values({
      r1: { '.type': 'rule', name: 'ssh', src: 'wan', dest_port: '22', target: 'ACCEPT' },
      r2: { '.type': 'rule', name: 'dhcp', src: 'wan', dest_port: '68', target: 'ACCEPT' },
      r3: { '.type': 'rule', name: 'fwd', src: 'wan', dest: 'lan', dest_port: '80', target: 'ACCEPT' },
      r4: { '.type': 'rule', name: 'ui', src: 'wan', dest_port: '8443', target: 'ACCEPT' },
      r5: { '.type': 'rule', name: 'drop', src: 'wan', dest_port: '22', target: 'DROP' },
    });
    const ports = adminPortsFrom(values({ d: { '.type': 'dropbear', Port: '2222' } }), values({ main: { '.type': 'uhttpd', listen_https: ['0.0.0.0:8443'] } }), [22, 80, 443]);
    expect(ports).toEqual([22, 80, 443, 2222, 8443]);
    expect(mapWanAdminRules(fw, ports, ctx).map((e) => e.label)).toEqual([
      "The router's settings or SSH can be reached from the internet (port 22)",
      "The router's settings or SSH can be reached from the internet (port 8443)",
    ]);
  });

  it('maps dropbear on WAN, enabled DDNS, and never copies a DDNS password', () => {
    expect(mapDropbearWan(values({ d: { '.type': 'dropbear', Interface: 'wan', Port: '22' }, e: { '.type': 'dropbear', Interface: 'lan' } }), ctx)).toHaveLength(1);
    const ddns = mapDdns(values({
      s1: { '.type': 'service', enabled: '1', service_name: 'duckdns.org', lookup_host: 'x.duckdns.org', username: 'x', password: 'p4ss' },
      s2: { '.type': 'service', enabled: '0', lookup_host: 'y.duckdns.org' },
    }), ctx);
    expect(ddns.map((e) => e.label)).toEqual(['The internet name x.duckdns.org points to this home (dynamic DNS at duckdns.org)']);
    expect(JSON.stringify(ddns)).not.toContain('p4ss');
  });

  it('maps WireGuard peers with endpoint and handshake', () => {
    const out = mapWireguardPeers({ wg0: { peers: [
      { name: 'laptop', public_key: 'bGFwdG9wLXgta2V5', endpoint: '198.51.100.23:51820', allowed_ips: ['10.0.0.3/32'], latest_handshake: '1764205980' },
      { public_key: 'cGhvbmUta2V5LXh4', endpoint: '(none)', allowed_ips: [], latest_handshake: '0' },
      { endpoint: '1.2.3.4:5' },
    ] } }, ctx);
    expect(out.map((e) => [e.label, e.outside, e.lastUsed])).toEqual([
      ['VPN peer "laptop" on wg0', true, '2025-11-27T01:13:00.000Z'],
      ['VPN peer key cGhvbmUt… on wg0 (never connected)', undefined, undefined],
    ]);
    expect(mapWireguardPeers('garbage', ctx)).toEqual([]);
  });

  it('writes every entry in Spanish and Brazilian Portuguese too, with every value filled in', () => {
    const fw = values({
      cam: { '.type': 'redirect', name: 'camera', src: 'wan', src_dport: '8554', dest_ip: '192.168.1.20', dest_port: '554', proto: 'tcp', src_ip: '198.51.100.8' },
      all: { '.type': 'redirect', src: 'wan', proto: ['tcp', 'udp'] },
      luci: { '.type': 'redirect', src: 'wan', src_dport: '8080', dest_port: '80' },
      ssh: { '.type': 'rule', name: 'Allow-SSH', src: 'wan', target: 'ACCEPT', dest_port: '22', src_ip: '203.0.113.4' },
      web: { '.type': 'rule', src: 'wan', target: 'ACCEPT', dest_port: '443' },
    });
    const entries = [
      ...mapPortForwards(fw, ctx),
      ...mapWanAdminRules(fw, [22, 443], ctx),
      ...mapDropbearWan(values({ d: { '.type': 'dropbear', Interface: 'wan', Port: '2222' } }), ctx),
      ...mapDdns(values({ s: { '.type': 'service', enabled: '1', lookup_host: 'x.duckdns.org', service_name: 'duckdns.org', username: 'alex' }, t: { '.type': 'service', enabled: '1' } }), ctx),
      ...mapWireguardPeers({ wg0: { peers: [
        { name: 'phone', public_key: 'AbCdEfGh1234567890', endpoint: '203.0.113.50:51820', latest_handshake: 1764210000, allowed_ips: ['10.0.0.2/32'] },
        { public_key: 'ZyXwVuTs0987654321', endpoint: '192.168.1.40:51820' },
        { public_key: 'QqQqQqQq0987654321', endpoint: '(none)' },
      ] } }, ctx),
    ];
    expectEveryLanguage(entries, 11);
    expect(entries[0]!.texts?.label['pt-BR']).toBe('Acessível pela internet: TCP 8554 → 192.168.1.20:554');
  });
});
