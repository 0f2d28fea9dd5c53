import { describe, expect, it } from 'vitest';
import { newDevice, NewDeviceParams } from '../../../../../gateway/rules/matchers/new-device.ts';
import { device } from './obs.ts';

const m = newDevice.compile(NewDeviceParams.parse({}), {});
const known = device({ id: 'mac-aabbcc000001' });
const fresh = device({ id: 'mac-aabbcc000002', mac: 'aa:bb:cc:00:00:02', ips: ['192.168.1.20'] });
const router = device({ id: 'mac-aabbcc0000fe', mac: 'aa:bb:cc:00:00:fe', isGateway: true });
const ipOnly = device({ id: 'ip-192.168.1.30', mac: undefined, ips: ['192.168.1.30'] });

describe('new-device', () => {
  it('says nothing when there is no previous audit', () => {
    expect(m.finish!({ devices: [known, fresh, router], gatewayIps: new Set() })).toEqual([]);
  });

  it.each([
    ['a device the previous audit had', [known], []],
    ['a device it did not have', [fresh], ['aa:bb:cc:00:00:02']],
    ['a new router (another network, not a newcomer)', [router], []],
    ['a new device known only by address', [ipOnly], ['192.168.1.30']],
  ])('%s', (_what, devices, who) => {
    const hits = m.finish!({ devices, gatewayIps: new Set(), previousDeviceIds: new Set(['mac-aabbcc000001']) });
    expect(hits.map((h) => h.ref.mac ?? h.ref.ip)).toEqual(who);
    for (const h of hits) expect(h.evidence.detail).toMatch(/not among the 1 devices of the previous audit/);
  });

  it('treats an empty previous audit as "everything is new"', () => {
    expect(m.finish!({ devices: [known, fresh], gatewayIps: new Set(), previousDeviceIds: new Set() })).toHaveLength(2);
  });
});
