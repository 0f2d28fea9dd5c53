import { describe, expect, it } from 'vitest';
import { formatIp, parseCidr, parseIp, parseIpv4, parseIpv4Number, parseIpv6 } from '../../../../../gateway/rules/indicators/ip-address.ts';

describe('parseIp / formatIp', () => {
  it.each([
    ['192.0.2.1', '192.0.2.1'],
    ['0.0.0.0', '0.0.0.0'],
    ['2001:DB8::1', '2001:db8::1'],
    ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
    ['::', '::'],
    ['::1', '::1'],
    ['fe80::1%eth0', 'fe80::1'],
    ['::ffff:198.51.100.7', '198.51.100.7'],
    ['64:ff9b::192.0.2.33', '64:ff9b::c000:221'],
    ['2001:db8:1:2:3:4:5:6', '2001:db8:1:2:3:4:5:6'],
  ])('%s → %s', (text, canonical) => {
    const ip = parseIp(text);
    expect(ip).not.toBeNull();
    expect(formatIp(ip!)).toBe(canonical);
  });

  it.each(['', '1.2.3', '1.2.3.4.5', '256.1.1.1', '01.2.3.4', '1.2.3.-1', 'a.b.c.d', '1::2::3', '12345::', ':::', '1:2:3:4:5:6:7:8:9', 'g::1', '::1.2.3'])(
    'refuses %j',
    (text) => expect(parseIp(text)).toBeNull(),
  );

  it('reads both families to the right bit values', () => {
    expect(parseIpv4('10.0.0.1')).toBe(0x0a000001n);
    expect(parseIpv6('::2')).toBe(2n);
    expect(parseIpv6('8000::')).toBe(1n << 127n);
  });
});

describe('parseIpv4Number', () => {
  it.each([
    ['0.0.0.0', 0],
    ['10.0.0.1', 0x0a000001],
    ['255.255.255.255', 0xffffffff],
    ['198.19.1.30', 0xc613011e],
  ])('reads %s', (text, n) => expect(parseIpv4Number(text)).toBe(n));

  it.each(['', '1.2.3', '1.2.3.4.5', '256.1.1.1', '01.2.3.4', '1.2.3.04', '1..2.3', '.1.2.3', '1.2.3.', 'a.b.c.d', ' 1.2.3.4', '1.2.3.4 ', '1000.1.1.1', '1:2::3'])(
    'refuses %j, as parseIpv4 does',
    (text) => {
      expect(parseIpv4Number(text)).toBe(-1);
      expect(parseIpv4(text)).toBeNull();
    },
  );
});

describe('parseCidr', () => {
  it.each([
    ['192.0.2.77/24', 4, '192.0.2.0', 24],
    ['10.0.0.0/8', 4, '10.0.0.0', 8],
    ['0.0.0.0/0', 4, '0.0.0.0', 0],
    ['2001:db8:abcd::1/48', 6, '2001:db8:abcd::', 48],
  ])('%s', (text, version, base, prefix) => {
    const n = parseCidr(text)!;
    expect(n.version).toBe(version);
    expect(formatIp(n)).toBe(base);
    expect(n.prefix).toBe(prefix);
  });

  it.each(['192.0.2.0', '192.0.2.0/33', '2001:db8::/129', '192.0.2.0/', '192.0.2.0/x', 'host/24'])('refuses %j', (t) => expect(parseCidr(t)).toBeNull());
});
