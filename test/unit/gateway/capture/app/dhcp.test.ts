import { describe, expect, it } from 'vitest';
import { parseDhcp, toDhcpData } from '../../../../../gateway/capture/app/dhcp.ts';
import { everyPrefix, framed, randomPayloads } from './fuzz.ts';

type Opt = [number, number[] | string];

/** A BOOTP header (RFC 2131 §2) with the magic cookie and the given options, then END. */
function dhcp(opts: Opt[], h: { op?: number; htype?: number; hlen?: number; cookie?: number; end?: boolean } = {}): Buffer {
  const head = Buffer.alloc(240);
  head[0] = h.op ?? 1;
  head[1] = h.htype ?? 1;
  head[2] = h.hlen ?? 6;
  head.writeUInt32BE(0xdeadbeef, 4);
  Buffer.from([192, 168, 1, 23]).copy(head, 12);
  Buffer.from([192, 168, 1, 24]).copy(head, 16);
  Buffer.from([0x3c, 0x22, 0xfb, 0x01, 0x02, 0xaf]).copy(head, 28);
  head.writeUInt32BE(h.cookie ?? 0x63825363, 236);
  const parts = [head];
  for (const [code, v] of opts) {
    const value = typeof v === 'string' ? Buffer.from(v, 'utf8') : Buffer.from(v);
    parts.push(Buffer.from([code, value.length]), value);
  }
  if (h.end !== false) parts.push(Buffer.from([255]));
  return Buffer.concat(parts);
}

const request = dhcp([
  [53, [3]],
  [61, [1, 0x3c, 0x22, 0xfb, 0x01, 0x02, 0xaf]],
  [50, [192, 168, 1, 50]],
  [12, 'Ring-Doorbell\u0007\u0000'],
  [60, 'udhcp 1.30.1'],
  [55, [1, 3, 6, 15, 28, 42]],
  [0, []],
]);

describe('parseDhcp', () => {
  it('reads the header and the identity options', () => {
    expect(parseDhcp(...framed(request))).toEqual({
      op: 1, xid: 0xdeadbeef, ciaddr: '192.168.1.23', yiaddr: '192.168.1.24', chaddr: '3c:22:fb:01:02:af',
      messageType: 3, hostname: 'Ring-Doorbell', vendorClass: 'udhcp 1.30.1', paramList: [1, 3, 6, 15, 28, 42],
      requestedIp: '192.168.1.50', clientId: '013c22fb0102af', partial: false,
    });
  });

  it.each([
    ['wire-format FQDN (E flag)', [81, [0x05, 0, 0, 6, ...Buffer.from('Laptop'), 4, ...Buffer.from('home'), 0]] as Opt, 'laptop.home'],
    ['ASCII FQDN', [81, [0x01, 0, 0, ...Buffer.from('tablet.lan')]] as Opt, 'tablet.lan'],
    ['FQDN too short', [81, [0x05, 0]] as Opt, undefined],
  ])('option 81: %s', (_n, opt, fqdn) => {
    expect(parseDhcp(...framed(dhcp([[53, [1]], opt])))?.fqdn).toBe(fqdn);
  });

  it('removes bidirectional controls from the host name (a right-to-left override would turn it around)', () => {
    expect(parseDhcp(...framed(dhcp([[53, [3]], [12, 'evil\u202egnp.exe']])))?.hostname).toBe('evilgnp.exe');
  });

  it('concatenates a split option (RFC 3396)', () => {
    const d = parseDhcp(...framed(dhcp([[12, 'living-'], [12, 'room-tv']])));
    expect(d?.hostname).toBe('living-room-tv');
  });

  it('a non-Ethernet hardware address gives no chaddr', () => {
    expect(parseDhcp(...framed(dhcp([[53, [1]]], { htype: 6, hlen: 8 })))?.chaddr).toBeUndefined();
  });

  it('options without END are partial', () => {
    const d = parseDhcp(...framed(dhcp([[53, [1]], [12, 'cam']], { end: false })));
    expect(d).toMatchObject({ hostname: 'cam', messageType: 1, partial: true });
  });

  it('an option longer than the range is not read', () => {
    const b = Buffer.concat([dhcp([[53, [1]]], { end: false }), Buffer.from([12, 40, 0x41, 0x42])]);
    const d = parseDhcp(...framed(b));
    expect(d?.hostname).toBeUndefined();
    expect(d?.partial).toBe(true);
  });

  it.each([
    ['no magic cookie', dhcp([[53, [1]]], { cookie: 0x01020304 })],
    ['op 3', dhcp([[53, [1]]], { op: 3 })],
    ['hlen 17', dhcp([[53, [1]]], { hlen: 17 })],
    ['shorter than header + cookie', request.subarray(0, 239)],
  ])('returns null for %s', (_n, b) => {
    expect(parseDhcp(...framed(b))).toBeNull();
  });

  it('every prefix gives null or a partial result, never throws, and never reads past its end', () => {
    const results = everyPrefix(request, parseDhcp);
    expect(results.slice(0, 240).every((r) => r === null)).toBe(true);
    expect(results.slice(240, -1).every((r) => r !== null && r.partial)).toBe(true);
    expect(results.at(-1)?.partial).toBe(false);
    // A prefix that cuts the host name option must not report a host name built from bytes beyond the cut.
    const cutInName = results[request.indexOf('Ring') + 2];
    expect(cutInName?.hostname).toBeUndefined();
  });

  it('random bytes (with and without a valid header) never throw', () => {
    let withHeaderParsed = 0;
    for (const b of randomPayloads(67, 2000, 400)) {
      parseDhcp(...framed(b));
      if (parseDhcp(...framed(Buffer.concat([request.subarray(0, 240), b])))?.op === 1) withHeaderParsed++;
    }
    expect(withHeaderParsed).toBe(2000);
  });
});

describe('toDhcpData', () => {
  it('maps onto the observation payload', () => {
    expect(toDhcpData(parseDhcp(...framed(request))!)).toEqual({
      messageType: 3, hostname: 'Ring-Doorbell', vendorClass: 'udhcp 1.30.1', paramList: [1, 3, 6, 15, 28, 42],
      requestedIp: '192.168.1.50', clientId: '013c22fb0102af',
    });
  });

  it('falls back to the first FQDN label for the host name', () => {
    const d = parseDhcp(...framed(dhcp([[53, [1]], [81, [0x01, 0, 0, ...Buffer.from('Pixel-7.lan')]]])))!;
    expect(toDhcpData(d)).toEqual({ messageType: 1, hostname: 'pixel-7' });
  });
});
