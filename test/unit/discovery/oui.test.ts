import { describe, expect, it } from 'vitest';
import { isRandomizedMac, lookupVendor } from '../../../discovery/oui.ts';

describe('OUI vendor', () => {
  it.each([
    ['00:1a:11:00:00:01', 'Google, Inc.'],
    ['0c:ae:7d:8f:22:4a', 'Texas Instruments'],
    // MA-M block under an IEEE Registration Authority MA-L key: the longer prefix names the owner.
    ['7c:70:bc:51:00:00', 'Canary Connect, Inc.'],
    ['00:00:00:00:00:00', 'XEROX CORPORATION'],
  ])('%s → %s', (mac, vendor) => expect(lookupVendor(mac)).toBe(vendor));

  it('finds nothing for an unregistered prefix or a randomised MAC', () => {
    expect(lookupVendor('da:a1:19:5b:3e:7f')).toBeUndefined();
    expect(lookupVendor('not a mac')).toBeUndefined();
  });

  it.each([['da:a1:19:00:00:01', true], ['02:00:00:00:00:01', true], ['00:1a:11:00:00:01', false], ['03:00:00:00:00:01', false]])(
    'isRandomizedMac(%s) = %s', (mac, r) => expect(isRandomizedMac(mac)).toBe(r));
});
