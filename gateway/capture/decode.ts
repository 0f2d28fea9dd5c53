/**
 * Link, network and transport decoding into one reusable record (no allocation per packet for IPv4).
 * Pure: reads only `data[start, end)`; a packet that cannot be decoded sets `malformed` and is counted by the caller.
 */
import { LinkType } from './types.ts';
import { ipv6FromGroups } from '../util/ipv6-text.ts';

/** Decoded headers of one packet. One instance is reused for every packet: copy what you keep. */
export interface DecodedPacket {
  tsMs: number;
  /** Bytes on the wire (the record's original length). */
  wireLen: number;
  /** Source / destination MAC as a 48-bit integer, -1 when the link layer has none. */
  srcMac: number;
  dstMac: number;
  etherType: number;
  /** 0 when not IP, 4 or 6. */
  ipVersion: number;
  /** IPv4 addresses as unsigned 32-bit integers (0 when IPv6). */
  src4: number;
  dst4: number;
  /**
   * Source and destination address as 4 + 4 big-endian 32-bit words (IPv6), so flows are keyed without building
   * strings; for IPv4 only words 3 and 7 are set. Text comes from `srcText`/`dstText` when needed.
   */
  addr: Uint32Array;
  /** IP protocol number (6 TCP, 17 UDP, 1 ICMP, 58 ICMPv6), -1 when unknown. */
  proto: number;
  srcPort: number;
  dstPort: number;
  tcpFlags: number;
  /** A non-first IPv4/IPv6 fragment: no transport header. */
  fragment: boolean;
  /** Transport payload bounds within the record's buffer. */
  payloadStart: number;
  payloadEnd: number;
  /** ARP: operation, sender IPv4 (integer), target IPv4, sender MAC. op is 0 when not ARP. */
  arpOp: number;
  arpSenderIp: number;
  arpTargetIp: number;
  arpSenderMac: number;
  /** ICMPv6 type and, for neighbour advertisements/solicitations, the link-layer address option as MAC integer. */
  icmpType: number;
  ndTarget: string;
  ndLinkAddr: number;
  malformed: boolean;
}

export function createDecodedPacket(): DecodedPacket {
  return {
    tsMs: 0, wireLen: 0, srcMac: -1, dstMac: -1, etherType: 0, ipVersion: 0, src4: 0, dst4: 0, addr: new Uint32Array(8),
    proto: -1, srcPort: 0, dstPort: 0, tcpFlags: 0, fragment: false, payloadStart: 0, payloadEnd: 0, arpOp: 0,
    arpSenderIp: 0, arpTargetIp: 0, arpSenderMac: -1, icmpType: -1, ndTarget: '', ndLinkAddr: -1, malformed: false,
  };
}

const ETH_IPV4 = 0x0800;
const ETH_ARP = 0x0806;
const ETH_IPV6 = 0x86dd;
const ETH_VLAN = 0x8100;
const ETH_QINQ = 0x88a8;
const ETH_QINQ_OLD = 0x9100;

function reset(p: DecodedPacket): void {
  p.srcMac = -1;
  p.dstMac = -1;
  p.etherType = 0;
  p.ipVersion = 0;
  p.src4 = 0;
  p.dst4 = 0;
  p.proto = -1;
  p.srcPort = 0;
  p.dstPort = 0;
  p.tcpFlags = 0;
  p.fragment = false;
  p.payloadStart = 0;
  p.payloadEnd = 0;
  p.arpOp = 0;
  p.icmpType = -1;
  p.ndLinkAddr = -1;
  p.malformed = false;
}

// Direct byte reads: the callers have checked the bounds already, and these inline better than Buffer's
// checked readUInt16BE/readUInt32BE in the per-packet path.
function u16(d: Buffer, o: number): number {
  return (d[o] << 8) | d[o + 1];
}

function u32(d: Buffer, o: number): number {
  return ((d[o] << 24) | (d[o + 1] << 16) | (d[o + 2] << 8) | d[o + 3]) >>> 0;
}

/** Reads a 48-bit MAC at `o` as an integer (exact in a double). */
export function readMac(d: Buffer, o: number): number {
  return u16(d, o) * 0x100000000 + u32(d, o + 2);
}

/**
 * Decodes one record into `p`. Returns false (and sets `p.malformed`) when a header is cut or impossible.
 * Unknown link or network types are not malformed: they decode to ipVersion 0.
 */
export function decodePacket(
  p: DecodedPacket, linkType: number, tsMs: number, d: Buffer, start: number, end: number, origLen: number,
): boolean {
  reset(p);
  p.tsMs = tsMs;
  p.wireLen = origLen;
  let o = start;
  let etherType = 0;
  switch (linkType) {
    case LinkType.ETHERNET: {
      if (end - o < 14) return bad(p);
      p.dstMac = readMac(d, o);
      p.srcMac = readMac(d, o + 6);
      etherType = u16(d, o + 12);
      o += 14;
      // 802.1Q / 802.1ad tags, at most two deep (QinQ).
      for (let tags = 0; (etherType === ETH_VLAN || etherType === ETH_QINQ || etherType === ETH_QINQ_OLD) && tags < 2; tags++) {
        if (end - o < 4) return bad(p);
        etherType = u16(d, o + 2);
        o += 4;
      }
      break;
    }
    case LinkType.LINUX_SLL: {
      // 16-byte header: packet type, ARPHRD type, address length, 8 address bytes, protocol.
      if (end - o < 16) return bad(p);
      const halen = u16(d, o + 4);
      if (u16(d, o + 2) === 1 && halen === 6) p.srcMac = readMac(d, o + 6);
      etherType = u16(d, o + 14);
      o += 16;
      break;
    }
    case LinkType.LINUX_SLL2: {
      // 20-byte header: protocol, reserved, ifindex, ARPHRD type, packet type, address length, 8 address bytes.
      if (end - o < 20) return bad(p);
      etherType = u16(d, o);
      if (u16(d, o + 8) === 1 && d[o + 11] === 6) p.srcMac = readMac(d, o + 12);
      o += 20;
      break;
    }
    case LinkType.RAW:
    case LinkType.IPV4:
    case LinkType.IPV6: {
      if (end - o < 1) return bad(p);
      const v = d[o] >> 4;
      etherType = v === 4 ? ETH_IPV4 : v === 6 ? ETH_IPV6 : 0;
      break;
    }
    case LinkType.NULL:
    case LinkType.LOOP: {
      if (end - o < 4) return bad(p);
      // The family is in host byte order for NULL (either order in practice), network order for LOOP.
      const le = d.readUInt32LE(o);
      const be = u32(d, o);
      const fam = linkType === LinkType.LOOP ? be : le < 0x10000 ? le : be;
      etherType = fam === 2 ? ETH_IPV4 : fam === 10 || fam === 24 || fam === 28 || fam === 30 ? ETH_IPV6 : 0;
      o += 4;
      break;
    }
    default:
      return true;
  }
  p.etherType = etherType;
  if (etherType === ETH_IPV4) return decodeIpv4(p, d, o, end);
  if (etherType === ETH_IPV6) return decodeIpv6(p, d, o, end);
  if (etherType === ETH_ARP) return decodeArp(p, d, o, end);
  return true;
}

function bad(p: DecodedPacket): false {
  p.malformed = true;
  return false;
}

function decodeArp(p: DecodedPacket, d: Buffer, o: number, end: number): boolean {
  if (end - o < 28) return bad(p);
  // Only Ethernet/IPv4 ARP carries what we use.
  if (u16(d, o) !== 1 || u16(d, o + 2) !== ETH_IPV4 || d[o + 4] !== 6 || d[o + 5] !== 4) return true;
  p.arpOp = u16(d, o + 6);
  p.arpSenderMac = readMac(d, o + 8);
  p.arpSenderIp = u32(d, o + 14);
  p.arpTargetIp = u32(d, o + 24);
  return true;
}

function decodeIpv4(p: DecodedPacket, d: Buffer, o: number, end: number): boolean {
  if (end - o < 20) return bad(p);
  const vihl = d[o];
  const ihl = (vihl & 0x0f) * 4;
  if (vihl >> 4 !== 4 || ihl < 20 || end - o < ihl) return bad(p);
  const totalLen = u16(d, o + 2);
  if (totalLen < ihl) return bad(p);
  p.ipVersion = 4;
  p.src4 = u32(d, o + 12);
  p.dst4 = u32(d, o + 16);
  p.addr[3] = p.src4;
  p.addr[7] = p.dst4;
  p.proto = d[o + 9];
  const fragOff = u16(d, o + 6) & 0x1fff;
  // TSO captures carry total length 0; trust the captured bytes then.
  const ipEnd = totalLen === 0 ? end : Math.min(end, o + totalLen);
  if (fragOff !== 0) {
    p.fragment = true;
    return true;
  }
  return decodeTransport(p, d, o + ihl, ipEnd);
}

function decodeIpv6(p: DecodedPacket, d: Buffer, o: number, end: number): boolean {
  if (end - o < 40) return bad(p);
  if (d[o] >> 4 !== 6) return bad(p);
  p.ipVersion = 6;
  const w = p.addr;
  for (let i = 0; i < 8; i++) w[i] = u32(d, o + 8 + i * 4);
  const payloadLen = u16(d, o + 4);
  // Jumbograms (payload length 0) and snapped captures: never read beyond what was captured.
  const ipEnd = payloadLen === 0 ? end : Math.min(end, o + 40 + payloadLen);
  let next = d[o + 6];
  let q = o + 40;
  // Walk extension headers (RFC 8200 §4), bounded.
  for (let i = 0; i < 8; i++) {
    if (next === 0 || next === 43 || next === 60 || next === 135 || next === 139 || next === 140) {
      if (ipEnd - q < 8) return bad(p);
      const nh = d[q];
      q += (d[q + 1] + 1) * 8;
      next = nh;
    } else if (next === 44) {
      if (ipEnd - q < 8) return bad(p);
      const nh = d[q];
      const fragOff = u16(d, q + 2) >> 3;
      q += 8;
      next = nh;
      if (fragOff !== 0) {
        p.proto = next;
        p.fragment = true;
        return true;
      }
    } else if (next === 51) {
      if (ipEnd - q < 8) return bad(p);
      const nh = d[q];
      q += (d[q + 1] + 2) * 4;
      next = nh;
    } else break;
  }
  if (q > ipEnd) return bad(p);
  p.proto = next;
  return decodeTransport(p, d, q, ipEnd);
}

function decodeTransport(p: DecodedPacket, d: Buffer, o: number, end: number): boolean {
  switch (p.proto) {
    case 6: {
      if (end - o < 20) return bad(p);
      const off = (d[o + 12] >> 4) * 4;
      if (off < 20 || end - o < off) return bad(p);
      p.srcPort = u16(d, o);
      p.dstPort = u16(d, o + 2);
      p.tcpFlags = d[o + 13];
      p.payloadStart = o + off;
      p.payloadEnd = end;
      return true;
    }
    case 17: {
      if (end - o < 8) return bad(p);
      p.srcPort = u16(d, o);
      p.dstPort = u16(d, o + 2);
      const len = u16(d, o + 4);
      p.payloadStart = o + 8;
      p.payloadEnd = len >= 8 ? Math.min(end, o + len) : end;
      return true;
    }
    case 1: {
      if (end - o < 4) return bad(p);
      p.icmpType = d[o];
      return true;
    }
    case 58: {
      if (end - o < 4) return bad(p);
      p.icmpType = d[o];
      // Neighbour solicitation (135) / advertisement (136): target address, then options (RFC 4861 §4.3-4.4).
      if ((p.icmpType === 135 || p.icmpType === 136) && end - o >= 24) {
        p.ndTarget = ipv6ToString(d, o + 8);
        for (let q = o + 24, i = 0; q + 8 <= end && i < 8; i++) {
          const type = d[q];
          const len = d[q + 1] * 8;
          if (len === 0) break;
          if ((type === 1 || type === 2) && len >= 8) p.ndLinkAddr = readMac(d, q + 2);
          q += len;
        }
      }
      return true;
    }
    default:
      return true;
  }
}

/** IPv4 integer → dotted quad. */
export function ipv4ToString(n: number): string {
  return `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}

/** 16 bytes at `o` → RFC 5952 canonical text (lowercase, longest zero run compressed). */
export function ipv6ToString(d: Buffer, o: number): string {
  return wordsToIpv6(u32(d, o), u32(d, o + 4), u32(d, o + 8), u32(d, o + 12));
}

/** Four big-endian 32-bit words → RFC 5952 canonical IPv6 text. */
export function wordsToIpv6(w0: number, w1: number, w2: number, w3: number): string {
  return ipv6FromGroups([w0 >>> 16, w0 & 0xffff, w1 >>> 16, w1 & 0xffff, w2 >>> 16, w2 & 0xffff, w3 >>> 16, w3 & 0xffff]);
}

/** Source address of the decoded packet as text (IPv4 dotted quad or canonical IPv6). */
export function srcText(p: DecodedPacket): string {
  return p.ipVersion === 4 ? ipv4ToString(p.src4) : wordsToIpv6(p.addr[0], p.addr[1], p.addr[2], p.addr[3]);
}

/** Destination address of the decoded packet as text. */
export function dstText(p: DecodedPacket): string {
  return p.ipVersion === 4 ? ipv4ToString(p.dst4) : wordsToIpv6(p.addr[4], p.addr[5], p.addr[6], p.addr[7]);
}

/** MAC integer → `aa:bb:cc:dd:ee:ff`. */
export function macToString(m: number): string {
  const hi = Math.floor(m / 0x100000000);
  const lo = m >>> 0;
  const b = [hi >> 8, hi & 255, lo >>> 24, (lo >>> 16) & 255, (lo >>> 8) & 255, lo & 255];
  let s = '';
  for (let i = 0; i < 6; i++) s += (i ? ':' : '') + (b[i] < 16 ? '0' : '') + b[i].toString(16);
  return s;
}
