import { describe, expect, it } from 'vitest';
import type { DhcpData, Device, Observation } from '../../../../../gateway/contract.ts';
import { dhcpIdentities, macChange, MacChangeParams } from '../../../../../gateway/rules/matchers/mac-change.ts';
import { AT, device } from './obs.ts';

const t = (s: number) => new Date(Date.parse(AT) + s * 1000).toISOString();
const params = MacChangeParams.parse({ ignoreHostnames: ['iphone'] });
const dhcp = (mac: string, s: number, data: DhcpData): Observation => ({ source: 'dhcp', at: t(s), mac, data });
const seen = (mac: string, from: number, to: number): Device => device({ id: `mac-${mac}`, mac, firstSeen: t(from), lastSeen: t(to) });

function run(obs: Observation[], devices: Device[] = []) {
  const m = macChange.compile(params, {});
  for (const o of obs) m.observe!(o);
  return m.finish!({ devices, gatewayIps: new Set() });
}

describe('dhcpIdentities', () => {
  it.each<[string, DhcpData, string[]]>([
    ['host name with vendor class', { hostname: 'Cam-1', vendorClass: 'udhcp' }, ['host:cam-1\0udhcp']],
    ['a client id built from the MAC', { clientId: '01aabbcc000001' }, []],
    ['a DUID that is not the MAC', { clientId: '0004a1b2c3d4e5f60718' }, ['cid:0004a1b2c3d4e5f60718']],
    ['a generic host name', { hostname: 'iPhone' }, []],
    ['nothing', {}, []],
  ])('%s', (_what, data, keys) => {
    expect(dhcpIdentities(data, 'aa:bb:cc:00:00:01', new Set(['iphone'])).map((i) => i.key)).toEqual(keys);
  });
});

describe('mac-change', () => {
  it('finds one name from a second MAC after the first went quiet, on the newest MAC', () => {
    const hits = run([dhcp('aa:00:00:00:00:01', 0, { hostname: 'Cam-1' }), dhcp('ba:00:00:00:00:02', 300, { hostname: 'Cam-1' })], [seen('aa:00:00:00:00:01', 0, 100), seen('ba:00:00:00:00:02', 300, 600)]);
    expect(hits).toHaveLength(1);
    expect(hits[0]!.ref.mac).toBe('ba:00:00:00:00:02');
    expect(hits[0]!.vars).toEqual({ identity: '"Cam-1"', macs: 'aa:00:00:00:00:01, ba:00:00:00:00:02', count: '2' });
  });

  it('follows a device whose DHCP identity changes between requests (not only its first one)', () => {
    const hits = run([
      dhcp('aa:00:00:00:00:01', 0, { hostname: 'Old-name' }), dhcp('aa:00:00:00:00:01', 10, { hostname: 'Old-name' }),
      dhcp('aa:00:00:00:00:01', 20, { hostname: 'Cam-2' }), dhcp('aa:00:00:00:00:01', 30, { hostname: 'Cam-2', vendorClass: 'udhcp' }),
      dhcp('ba:00:00:00:00:02', 300, { hostname: 'Cam-2' }), dhcp('ba:00:00:00:00:02', 310, { hostname: 'Cam-2', vendorClass: 'udhcp' }),
    ]);
    expect(hits.map((h) => h.key).sort()).toEqual(['host:cam-2\0', 'host:cam-2\0udhcp']);
  });

  it('counts a MAC that keeps changing (three MACs) as one finding', () => {
    const obs = ['aa:00:00:00:00:01', 'ba:00:00:00:00:02', 'ca:00:00:00:00:03'].map((mac, i) => dhcp(mac, i * 200, { hostname: 'Tab', clientId: '0004ffeeddccbbaa99887766' }));
    const hits = run(obs);
    expect(hits.map((h) => [h.key.slice(0, 4), h.vars.count])).toEqual([['cid:', '3'], ['host', '3']]);
  });

  it.each<[string, Observation[], Device[]]>([
    ['two devices of one model with the same name at the same time', [dhcp('aa:00:00:00:00:01', 0, { hostname: 'HS103' }), dhcp('aa:00:00:00:00:02', 5, { hostname: 'HS103' })], [seen('aa:00:00:00:00:01', 0, 900), seen('aa:00:00:00:00:02', 5, 900)]],
    ['the same name with another vendor class', [dhcp('aa:00:00:00:00:01', 0, { hostname: 'box', vendorClass: 'a' }), dhcp('aa:00:00:00:00:02', 500, { hostname: 'box', vendorClass: 'b' })], []],
    ['one MAC renewing', [dhcp('aa:00:00:00:00:01', 0, { hostname: 'Cam-1' }), dhcp('aa:00:00:00:00:01', 500, { hostname: 'Cam-1' })], []],
    ['a generic name', [dhcp('aa:00:00:00:00:01', 0, { hostname: 'iPhone' }), dhcp('ba:00:00:00:00:02', 500, { hostname: 'iPhone' })], []],
    ['odd data', [{ source: 'dhcp', at: AT, mac: 'aa:00:00:00:00:01', data: { hostname: 7, clientId: null } as unknown as DhcpData }, { source: 'dhcp', at: AT, data: { hostname: 'x' } }], []],
  ])('says nothing for %s', (_what, obs, devices) => {
    expect(run(obs, devices)).toEqual([]);
  });
});
