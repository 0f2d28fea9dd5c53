import { describe, expect, it } from 'vitest';
import { isHomeAddress, isOutsideAddress, splitHostPort } from '../../../gateway/accounts/ip-scope.ts';

describe('isOutsideAddress', () => {
  it.each([
    ['203.0.113.7', true],
    ['198.51.100.23', true],
    ['8.8.8.8', true],
    ['2001:db8::1', true],
    ['192.168.1.5', false],
    ['10.1.2.3', false],
    ['172.16.0.1', false],
    ['172.32.0.1', true],
    // CGNAT (RFC 6598): the ISP's side or an overlay such as Tailscale, not the home LAN.
    ['100.64.0.1', true],
    ['169.254.1.1', false],
    ['127.0.0.1', false],
    ['::1', false],
    ['fd00::5', false],
    ['fe80::1', false],
    ['::ffff:192.168.1.2', false],
    ['[2001:db8::2]', true],
    ['not an ip', null],
    ['', null],
    [undefined, null],
    ['0.0.0.0', null],
    ['999.1.1.1', null],
  ])('%s → %s', (ip, expected) => {
    expect(isOutsideAddress(ip)).toBe(expected);
  });
});

describe('isHomeAddress', () => {
  it.each([
    ['192.168.178.1', true],
    ['[fd12::1]', true],
    ['1.1.1.1', false],
    ['100.100.1.2', false],
    ['example.com', false],
  ])('%s → %s', (ip, expected) => expect(isHomeAddress(ip)).toBe(expected));
});

describe('splitHostPort', () => {
  it.each([
    ['198.51.100.23:51820', { host: '198.51.100.23', port: 51820 }],
    ['[2001:db8::1]:51820', { host: '2001:db8::1', port: 51820 }],
    ['(none)', null],
    ['host.example:80', null],
    ['1.2.3.4:99999', null],
  ])('%s', (text, expected) => expect(splitHostPort(text)).toEqual(expected));
});
