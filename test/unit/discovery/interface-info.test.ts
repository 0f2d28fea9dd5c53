import { describe, expect, it } from 'vitest';
import { inSubnet, ipv4ToNumber, isPrivateIpv4, localSubnets } from '../../../discovery/interface-info.ts';

describe('ipv4ToNumber', () => {
  it.each([
    ['10.0.0.1', 0x0a000001],
    ['255.255.255.255', 0xffffffff],
    ['0.0.0.0', 0],
    ['256.1.1.1', null],
    ['1.2.3', null],
    ['a.b.c.d', null],
    ['1.2.3.4 ', null],
  ])('%s', (text, n) => expect(ipv4ToNumber(text)).toBe(n));
});

describe('isPrivateIpv4', () => {
  it.each([
    ['10.78.0.2', true],
    ['172.16.0.1', true],
    ['172.31.255.254', true],
    ['172.32.0.1', false],
    ['192.168.1.1', true],
    ['192.169.1.1', false],
    ['8.8.8.8', false],
    ['fe80::1', false],
  ])('%s', (ip, want) => expect(isPrivateIpv4(ip)).toBe(want));
});

describe('inSubnet', () => {
  it.each([
    ['10.78.0.2', '10.78.0.1', '255.255.255.0', true],
    ['10.78.1.2', '10.78.0.1', '255.255.255.0', false],
    ['192.168.1.200', '192.168.1.5', '255.255.255.128', false],
    ['garbage', '10.78.0.1', '255.255.255.0', false],
  ])('%s in %s/%s', (ip, address, netmask, want) => expect(inSubnet(ip, { address, netmask })).toBe(want));
});

describe('localSubnets', () => {
  const table = {
    lo: [{ address: '127.0.0.1', netmask: '255.0.0.0', family: 'IPv4', internal: true }],
    eth0: [
      { address: '10.78.0.1', netmask: '255.255.255.0', family: 'IPv4', internal: false },
      { address: 'fe80::1', netmask: 'ffff:ffff:ffff:ffff::', family: 'IPv6', internal: false },
    ],
    wlan0: [{ address: '192.168.1.5', netmask: '255.255.255.0', family: 4, internal: false }],
  };
  it('lists external IPv4 subnets', () => {
    expect(localSubnets(table)).toEqual([
      { name: 'eth0', address: '10.78.0.1', netmask: '255.255.255.0' },
      { name: 'wlan0', address: '192.168.1.5', netmask: '255.255.255.0' },
    ]);
  });
  it('keeps only the named interface', () => {
    expect(localSubnets(table, 'wlan0').map((s) => s.address)).toEqual(['192.168.1.5']);
    expect(localSubnets(table, 'nope0')).toEqual([]);
  });
});
