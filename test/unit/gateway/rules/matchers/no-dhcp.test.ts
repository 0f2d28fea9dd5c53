import { describe, expect, it } from 'vitest';
import type { Device, Observation } from '../../../../../gateway/contract.ts';
import { noDhcp, NoDhcpParams } from '../../../../../gateway/rules/matchers/no-dhcp.ts';
import { AT, device } from './obs.ts';

const params = NoDhcpParams.parse({ minCaptureSeconds: 1800, minDeviceSeconds: 900 });
const t = (s: number) => new Date(Date.parse(AT) + s * 1000).toISOString();
const dev = (n: number, from: number, to: number): Device => device({ id: `mac-${n}`, mac: `aa:bb:cc:00:00:0${n}`, ips: [`192.168.1.${n}`], firstSeen: t(from), lastSeen: t(to) });
const dhcp = (d: Device): Observation => ({ source: 'dhcp', at: d.firstSeen, mac: d.mac, ip: d.ips[0], data: { hostname: 'x' } });

function run(devices: Device[], withDhcp: Device[], p = params) {
  const m = noDhcp.compile(p, {});
  for (const d of withDhcp) m.observe!(dhcp(d));
  return m.finish!({ devices, gatewayIps: new Set() }).map((h) => h.ref.mac);
}

const others = [dev(1, 0, 2400), dev(2, 0, 2400), dev(3, 0, 2400)];

describe('no-dhcp', () => {
  it.each<[string, Device[], Device[], string[]]>([
    ['a device on for 40 min without DHCP while three others asked', [...others, dev(4, 0, 2400)], others, ['aa:bb:cc:00:00:04']],
    ['the same device, but it asked too', [...others, dev(4, 0, 2400)], [...others, dev(4, 0, 2400)], []],
    ['on for only 10 minutes', [...others, dev(4, 600, 1200)], others, []],
    ['a capture of 20 minutes', [dev(1, 0, 1200), dev(2, 0, 1200), dev(3, 0, 1200), dev(4, 0, 1200)], [dev(1, 0, 1200), dev(2, 0, 1200), dev(3, 0, 1200)], []],
    ['only two others asked', [dev(1, 0, 2400), dev(2, 0, 2400), dev(4, 0, 2400)], [dev(1, 0, 2400), dev(2, 0, 2400)], []],
    ['fewer than half asked', [...others, dev(4, 0, 2400), dev(5, 0, 2400), dev(6, 0, 2400), dev(7, 0, 2400)], others, []],
    ['the router never asks', [...others, { ...dev(4, 0, 2400), isGateway: true }], others, []],
  ])('%s', (_what, devices, withDhcp, expected) => {
    expect(run(devices, withDhcp)).toEqual(expected);
  });

  it('refuses a share above 1', () => {
    expect(NoDhcpParams.safeParse({ minCaptureSeconds: 1, minDeviceSeconds: 1, minShareWithDhcp: 2 }).success).toBe(false);
  });
});
