import { describe, expect, it } from 'vitest';
import type { Device, Observation } from '../../../../../gateway/contract.ts';
import { outsideResolver, OutsideResolverParams } from '../../../../../gateway/rules/matchers/outside-resolver.ts';
import { AT, device } from './obs.ts';

const q = (mac: string, resolver: string): Observation => ({ source: 'dns', at: AT, mac, data: { query: 'a.example.com', qtype: 'A', resolver } });
const router = device({ id: 'mac-r', mac: 'r', ips: ['192.168.1.1'], isGateway: true });

function run(queries: [string, string][], devices: Device[] = [router]) {
  const m = outsideResolver.compile(OutsideResolverParams.parse({}), {});
  for (const [mac, resolver] of queries) m.observe!(q(mac, resolver));
  return m.finish!({ devices, gatewayIps: new Set(['192.168.1.1']) }).map((h) => `${h.ref.mac}>${h.key}`);
}

describe('outside-resolver', () => {
  it.each<[string, [string, string][], string[]]>([
    ['one device of four asks 8.8.8.8', [['a', '192.168.1.1'], ['b', '192.168.1.1'], ['c', '192.168.1.1'], ['d', '8.8.8.8']], ['d>8.8.8.8']],
    ['every device asks the router', [['a', '192.168.1.1'], ['b', '192.168.1.1'], ['c', '192.168.1.1']], []],
    ["most devices use the provider's resolver (handed out by DHCP)", [['a', '203.0.113.53'], ['b', '203.0.113.53'], ['c', '203.0.113.53'], ['d', '192.168.1.1']], []],
    ['a local resolver (a Pi-hole)', [['a', '192.168.1.5'], ['b', '192.168.1.1'], ['c', '192.168.1.1']], []],
    ['IPv6 link-local resolver', [['a', 'fe80::1'], ['b', '192.168.1.1'], ['c', '192.168.1.1']], []],
    ['too few devices to know the home resolver: only the router counts', [['a', '8.8.8.8'], ['b', '8.8.8.8']], ['a>8.8.8.8', 'b>8.8.8.8']],
    ['answers are not questions', [], []],
  ])('%s', (_what, queries, expected) => {
    expect(run(queries).sort()).toEqual(expected);
  });

  it("ignores the router's own upstream questions", () => {
    expect(run([['r', '8.8.8.8'], ['a', '192.168.1.1'], ['b', '192.168.1.1'], ['c', '192.168.1.1']])).toEqual([]);
  });

  it('counts repeated questions in one hit', () => {
    const m = outsideResolver.compile(OutsideResolverParams.parse({ minDevices: 2 }), {});
    for (let i = 0; i < 3; i++) m.observe!(q('d', '8.8.8.8'));
    m.observe!(q('a', '192.168.1.1'));
    m.observe!(q('b', '192.168.1.1'));
    const hits = m.finish!({ devices: [router], gatewayIps: new Set(['192.168.1.1']) });
    expect(hits).toHaveLength(1);
    expect(hits[0]!.evidence.detail).toMatch(/^3 DNS question/);
  });
});
