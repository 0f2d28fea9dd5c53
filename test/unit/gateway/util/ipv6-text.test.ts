import { describe, expect, it } from 'vitest';
import { ipv6FromGroups } from '../../../../gateway/util/ipv6-text.ts';

describe('ipv6FromGroups (RFC 5952)', () => {
  it.each([
    [[0, 0, 0, 0, 0, 0, 0, 0], '::'],
    [[0, 0, 0, 0, 0, 0, 0, 1], '::1'],
    [[0x2001, 0xdb8, 0, 0, 0, 0, 0, 1], '2001:db8::1'],
    [[0x2001, 0xdb8, 0, 1, 0, 0, 0, 1], '2001:db8:0:1::1'],
    [[0x2001, 0xdb8, 0, 0, 1, 0, 0, 1], '2001:db8::1:0:0:1'],
    [[0x2001, 0xdb8, 1, 2, 3, 4, 5, 6], '2001:db8:1:2:3:4:5:6'],
    [[0xfe80, 0, 0, 0, 0x211, 0x22ff, 0xfe33, 0x4455], 'fe80::211:22ff:fe33:4455'],
    [[0, 0, 0, 0, 0, 0xffff, 0xc0a8, 0x0001], '::ffff:192.168.0.1'],
    [[0x2001, 0xdb8, 0, 1, 1, 1, 1, 1], '2001:db8:0:1:1:1:1:1'],
  ])('%j → %s', (groups, text) => expect(ipv6FromGroups(groups)).toBe(text));
});
