import { describe, expect, it } from 'vitest';
import { isGroupV4, isLocalV4, isLocalV6Prefix, prefix64 } from '../../../../gateway/capture/address.ts';

const v4 = (s: string) => s.split('.').reduce((n, x) => n * 256 + Number(x), 0);

describe('address classes', () => {
  it.each([
    ['10.0.0.1', true], ['172.16.5.4', true], ['172.32.0.1', false], ['192.168.1.1', true], ['169.254.3.3', true],
    ['8.8.8.8', false], ['100.64.0.1', false], ['198.19.0.53', false],
  ])('isLocalV4(%s) = %s', (ip, expected) => expect(isLocalV4(v4(ip))).toBe(expected));

  it.each([['224.0.0.251', true], ['239.255.255.250', true], ['255.255.255.255', true], ['0.0.0.0', true], ['192.168.1.255', false]])(
    'isGroupV4(%s) = %s', (ip, expected) => expect(isGroupV4(v4(ip))).toBe(expected));

  it.each([['fe80::1', true], ['febf::1', true], ['fec0::1', false], ['fd12:3456::1', true], ['fc00::1', true], ['2001:db8::1', false], ['::1', true], ['fe8::1', false]])(
    'isLocalV6Prefix(%s) = %s', (ip, expected) => expect(isLocalV6Prefix(ip)).toBe(expected));

  it.each([['2001:db8:1:2::5', '2001:db8:1:2'], ['2001:db8::5', '2001:db8:0:0'], ['2001:db8:1:2:3:4:5:6', '2001:db8:1:2']])(
    'prefix64(%s) = %s', (ip, p) => expect(prefix64(ip)).toBe(p));
});
