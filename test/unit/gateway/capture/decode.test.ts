import { describe, expect, it } from 'vitest';
import { createDecodedPacket, decodePacket, ipv4ToString, ipv6ToString, macToString, readMac, srcText } from '../../../../gateway/capture/decode.ts';
import { LinkType } from '../../../../gateway/capture/types.ts';

const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');
const MAC_A = '001a11223344';
const MAC_B = 'f0b4294dbe01';

function ipv4(proto: number, payload: Buffer, src = 'c0a80105', dst = '08080808', frag = '0000'): Buffer {
  const total = (20 + payload.length).toString(16).padStart(4, '0');
  return Buffer.concat([hex(`4500${total}1234${frag}40${proto.toString(16).padStart(2, '0')}0000${src}${dst}`), payload]);
}
const udp = (sp: number, dp: number, body: Buffer) =>
  Buffer.concat([hex(sp.toString(16).padStart(4, '0') + dp.toString(16).padStart(4, '0') + (8 + body.length).toString(16).padStart(4, '0') + '0000'), body]);
const tcp = (sp: number, dp: number, flags: number, body: Buffer) =>
  Buffer.concat([hex(sp.toString(16).padStart(4, '0') + dp.toString(16).padStart(4, '0') + '0000000100000000' + '50' + flags.toString(16).padStart(2, '0') + 'ffff00000000'), body]);
const eth = (type: string, body: Buffer) => Buffer.concat([hex(MAC_B + MAC_A + type), body]);

function decode(link: number, frame: Buffer, origLen = frame.length) {
  const p = createDecodedPacket();
  const ok = decodePacket(p, link, 1_700_000_000_000, frame, 0, frame.length, origLen);
  return { ok, p };
}

describe('decodePacket', () => {
  it('decodes Ethernet / IPv4 / UDP with the payload bounds', () => {
    const frame = eth('0800', ipv4(17, udp(5353, 53, Buffer.from('hello'))));
    const { ok, p } = decode(LinkType.ETHERNET, frame);
    expect(ok).toBe(true);
    expect(macToString(p.srcMac)).toBe('00:1a:11:22:33:44');
    expect(macToString(p.dstMac)).toBe('f0:b4:29:4d:be:01');
    expect(ipv4ToString(p.src4)).toBe('192.168.1.5');
    expect(ipv4ToString(p.dst4)).toBe('8.8.8.8');
    expect([p.proto, p.srcPort, p.dstPort]).toEqual([17, 5353, 53]);
    expect(frame.subarray(p.payloadStart, p.payloadEnd).toString()).toBe('hello');
  });

  it('skips 802.1Q and QinQ tags', () => {
    const frame = Buffer.concat([hex(MAC_B + MAC_A + '88a8 0064 8100 00c8 0800'), ipv4(6, tcp(443, 51000, 0x12, Buffer.alloc(0)))]);
    const { ok, p } = decode(LinkType.ETHERNET, frame);
    expect(ok).toBe(true);
    expect([p.proto, p.srcPort, p.dstPort, p.tcpFlags]).toEqual([6, 443, 51000, 0x12]);
  });

  it('ignores Ethernet padding beyond the IPv4 total length', () => {
    const frame = Buffer.concat([eth('0800', ipv4(17, udp(1, 2, Buffer.from('ab')))), Buffer.alloc(10)]);
    const { p } = decode(LinkType.ETHERNET, frame);
    expect(p.payloadEnd - p.payloadStart).toBe(2);
  });

  it('marks non-first IPv4 fragments and does not read ports from them', () => {
    const { ok, p } = decode(LinkType.ETHERNET, eth('0800', ipv4(17, Buffer.alloc(16, 0xee), undefined, undefined, '0010')));
    expect(ok).toBe(true);
    expect(p.fragment).toBe(true);
    expect(p.srcPort).toBe(0);
  });

  it('walks IPv6 extension headers to TCP', () => {
    const tcpSeg = tcp(51000, 443, 0x02, Buffer.alloc(0));
    const hopByHop = hex('06 00 0000 00000000'); // next header TCP, length 0 (8 bytes)
    const payload = Buffer.concat([hopByHop, tcpSeg]);
    const v6 = Buffer.concat([
      hex('60000000' + payload.length.toString(16).padStart(4, '0') + '00' + '40'),
      hex('fe800000000000000211 22ff fe33 4455'.replace(/\s/g, '')),
      hex('2a001450400700000000000000000200e'.slice(0, 32)),
      payload,
    ]);
    const { ok, p } = decode(LinkType.ETHERNET, eth('86dd', v6));
    expect(ok).toBe(true);
    expect(p.ipVersion).toBe(6);
    expect(srcText(p)).toBe('fe80::211:22ff:fe33:4455');
    expect([p.proto, p.srcPort, p.dstPort]).toEqual([6, 51000, 443]);
  });

  it('reads ARP sender and target', () => {
    const arp = hex('0001 0800 06 04 0002' + MAC_A + 'c0a80105' + MAC_B + 'c0a80101');
    const { p } = decode(LinkType.ETHERNET, eth('0806', arp));
    expect(p.arpOp).toBe(2);
    expect(macToString(p.arpSenderMac)).toBe('00:1a:11:22:33:44');
    expect(ipv4ToString(p.arpSenderIp)).toBe('192.168.1.5');
    expect(ipv4ToString(p.arpTargetIp)).toBe('192.168.1.1');
  });

  it.each([
    ['Linux cooked (SLL)', LinkType.LINUX_SLL, hex('0000 0001 0006' + MAC_A + '0000 0800')],
    ['Linux cooked v2 (SLL2)', LinkType.LINUX_SLL2, hex('0800 0000 00000002 0001 00 06' + MAC_A + '0000')],
    ['BSD loopback (NULL, little-endian)', LinkType.NULL, hex('02000000')],
    ['OpenBSD loopback (LOOP)', LinkType.LOOP, hex('00000002')],
    ['raw IP', LinkType.RAW, Buffer.alloc(0)],
  ])('decodes IPv4 behind %s', (_name, link, header) => {
    const { ok, p } = decode(link, Buffer.concat([header, ipv4(17, udp(68, 67, Buffer.alloc(4)))]));
    expect(ok).toBe(true);
    expect(p.ipVersion).toBe(4);
    expect(p.dstPort).toBe(67);
    if (link === LinkType.LINUX_SLL || link === LinkType.LINUX_SLL2) expect(macToString(p.srcMac)).toBe('00:1a:11:22:33:44');
  });

  it('reads the link-layer address of a neighbour advertisement', () => {
    const na = Buffer.concat([hex('88 00 0000 60000000'), hex('20010db8000100020000000000000005'), hex('02 01' + MAC_A)]);
    const v6 = Buffer.concat([hex('60000000' + na.length.toString(16).padStart(4, '0') + '3a ff'), hex('fe800000000000000000000000000001'), hex('ff020000000000000000000000000001'), na]);
    const { p } = decode(LinkType.ETHERNET, eth('86dd', v6));
    expect(p.icmpType).toBe(136);
    expect(p.ndTarget).toBe('2001:db8:1:2::5');
    expect(macToString(p.ndLinkAddr)).toBe('00:1a:11:22:33:44');
  });

  it('flags every truncation of a TCP frame as malformed without throwing', () => {
    const frame = eth('0800', ipv4(6, tcp(1, 2, 0x10, Buffer.alloc(0))));
    for (let len = 0; len < frame.length; len++) {
      const p = createDecodedPacket();
      expect(() => decodePacket(p, LinkType.ETHERNET, 0, frame, 0, len, len)).not.toThrow();
      expect(p.malformed).toBe(len < frame.length);
    }
  });

  it('leaves unknown link types undecoded but not malformed', () => {
    const { ok, p } = decode(147, Buffer.alloc(40));
    expect(ok).toBe(true);
    expect(p.ipVersion).toBe(0);
  });
});

describe('address text', () => {
  it.each([
    ['00000000000000000000000000000001', '::1'],
    ['20010db8000000000000000000000001', '2001:db8::1'],
    ['20010db8000000010000000000000000', '2001:db8:0:1::'],
    ['00000000000000000000ffffc0a80001', '::ffff:192.168.0.1'],
    ['20010db8000100020003000400050006', '2001:db8:1:2:3:4:5:6'],
    ['20010db8000000010000000100000000', '2001:db8:0:1:0:1::'],
  ])('%s → %s', (h, text) => {
    expect(ipv6ToString(hex(h), 0)).toBe(text);
  });

  it('round-trips MACs through integers', () => {
    expect(macToString(readMac(hex('ffeeddccbbaa'), 0))).toBe('ff:ee:dd:cc:bb:aa');
  });
});
