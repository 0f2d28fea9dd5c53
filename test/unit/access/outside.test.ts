import { describe, expect, it } from 'vitest';
import { hostOf, isCheckableTarget, isInsideHost, isOutside } from '../../../discovery/access/outside.ts';

describe('hostOf', () => {
  it.each([
    ['mqtt.example.net:1883', 'mqtt.example.net'],
    ['192.168.1.10', '192.168.1.10'],
    ['ws://control.example.net:8080/shelly', 'control.example.net'],
    ['https://user:pw@hook.example.com/x?y=1', 'hook.example.com'],
    ['[fd00::5]:1883', 'fd00::5'],
    ['fe80::1', 'fe80::1'],
    ['Broker.Local.', 'broker.local'],
    ['', null],
    ['   ', null],
    [42, null],
    [null, null],
  ])('%s → %s', (input, host) => {
    expect(hostOf(input)).toBe(host);
  });
});

describe('isOutside', () => {
  it.each([
    ['192.168.1.10:1883', false],
    ['10.0.0.5', false],
    ['172.20.1.1', false],
    ['172.32.1.1', true],
    ['127.0.0.1', false],
    ['169.254.3.4', false],
    ['[fd12:3456::1]:1883', false],
    ['[2001:db8::1]:1883', true],
    ['homeassistant', false],
    ['broker.local', false],
    ['nas.home.arpa', false],
    ['mqtt.example.net', true],
    ['8.8.8.8:1883', true],
    ['100.101.102.103', true],
    ['100.64.0.1', true],
    ['[::ffff:192.168.1.2]:1883', false],
    ['shelly-103-eu.shelly.cloud:6022/jrpc', true],
    ['http://192.168.1.20/turn', false],
    ['%%%', true],
    ['', true],
    [undefined, true],
  ])('%s → outside %s', (input, outside) => {
    expect(isOutside(input)).toBe(outside);
  });

  it('treats a name with odd characters as outside, not inside', () => {
    expect(isInsideHost('evil host')).toBe(false);
  });
});

describe('isCheckableTarget', () => {
  it.each([
    ['192.168.1.5', true],
    ['127.0.0.1', true],
    ['8.8.8.8', false],
    ['fd00::1', false],
    ['not-an-ip', false],
  ])('%s → %s', (ip, ok) => {
    expect(isCheckableTarget(ip)).toBe(ok);
  });
});
