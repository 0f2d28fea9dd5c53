import { describe, expect, it } from 'vitest';
import { createPseudonyms, isHomeAddress } from '../../../gateway/audit/pseudonyms.ts';

describe('createPseudonyms', () => {
  it('gives the same MAC the same stand-in in every spelling, keeping the spelling', () => {
    const p = createPseudonyms([]);
    expect(p.mac('aa:bb:cc:dd:ee:ff')).toBe('02:00:00:00:00:01');
    expect(p.mac('AA-BB-CC-DD-EE-FF')).toBe('02-00-00-00-00-01');
    expect(p.mac('aabbccddeeff')).toBe('020000000001');
    expect(p.mac('11:22:33:44:55:66')).toBe('02:00:00:00:00:02');
    expect(p.counts().macs).toBe(2);
  });

  it('keeps home and internet addresses apart and IPv6 spellings together', () => {
    const p = createPseudonyms([]);
    expect(p.ip('192.168.1.10')).toBe('192.0.2.1');
    expect(p.ip('8.8.8.8')).toBe('203.0.113.1');
    expect(p.ip('fe80::1%eth0')).toBe('2001:db8:a::2');
    expect(p.ip('FE80:0:0:0:0:0:0:1')).toBe('2001:db8:a::2');
    expect(p.ip('192.168.1.10')).toBe('192.0.2.1');
  });

  it('never hands out an address that is in the document', () => {
    const p = createPseudonyms(['192.0.2.1', '02:00:00:00:00:01']);
    expect(p.ip('10.0.0.5')).toBe('192.0.2.2');
    expect(p.mac('aa:bb:cc:dd:ee:ff')).toBe('02:00:00:00:00:02');
  });

  it('moves on to further ranges when one is used up', () => {
    const p = createPseudonyms([]);
    let last = '';
    for (let i = 0; i < 300; i++) last = p.ip(`1.1.${Math.floor(i / 250)}.${(i % 250) + 1}`);
    expect(last).toBe('198.51.100.46');
  });
});

describe('isHomeAddress', () => {
  it.each([
    ['10.1.2.3', true], ['172.20.0.1', true], ['192.168.0.1', true], ['100.64.0.1', false], ['fd12::1', true], ['fe80::1', true],
    ['8.8.8.8', false], ['198.19.0.53', false], ['2a00:1450::1', false],
  ])('%s → %s', (ip, home) => expect(isHomeAddress(ip)).toBe(home));
});
