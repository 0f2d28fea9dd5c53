/**
 * DHCPv6 message parsing (RFC 8415): message type, transaction id and the client's identity options, i.e. DUID
 * (with the MAC when it is link-layer based), client FQDN (RFC 4704), vendor class and option request list.
 * Relayed messages are unwrapped (RFC 8415 §9). Reads only `buf[start, end)`, never throws.
 */
import type { DhcpData } from '../../contract.ts';
import { cleanText, macAt, toHex } from './text.ts';
import { readWireName } from './wire-name.ts';

/** Option 16: the vendor's IANA enterprise number and its opaque strings (read as text). */
export interface Dhcpv6VendorClass {
  enterprise: number;
  data: string[];
}

/** A decoded DHCPv6 client or server message. */
export interface Dhcpv6 {
  /** 1 SOLICIT, 2 ADVERTISE, 3 REQUEST, 4 CONFIRM, 5 RENEW, 6 REBIND, 7 REPLY, 8 RELEASE, 9 DECLINE, 11 INFORMATION-REQUEST… */
  msgType: number;
  transactionId: number;
  /** Option 1, lowercase hex. */
  clientDuid?: string;
  /** The MAC inside a DUID-LLT or DUID-LL with hardware type 1 (Ethernet). */
  clientMac?: string;
  /** Option 39 domain name, lowercase. */
  fqdn?: string;
  vendorClass?: Dhcpv6VendorClass;
  /** Option 6 (option request list): a fingerprint of the client software. */
  oro?: number[];
  /** True when an option ran past the end of the range. */
  partial: boolean;
}

const RELAY_FORW = 12;
const RELAY_REPL = 13;
const OPT_CLIENTID = 1;
const OPT_ORO = 6;
const OPT_RELAY_MSG = 9;
const OPT_VENDOR_CLASS = 16;
const OPT_CLIENT_FQDN = 39;
const MAX_OPTIONS = 128;
const MAX_RELAY_DEPTH = 4;
const MAX_STRINGS = 8;

// DUID-LLT (type 1: hwtype, time, address) and DUID-LL (type 3: hwtype, address), RFC 8415 §11.2 / §11.4.
function duidMac(d: Buffer): string | undefined {
  if (d.length < 4 || d.readUInt16BE(2) !== 1) return undefined;
  const type = d.readUInt16BE(0);
  if (type === 1 && d.length === 14) return macAt(d, 8);
  if (type === 3 && d.length === 10) return macAt(d, 4);
  return undefined;
}

function vendorClass(v: Buffer): Dhcpv6VendorClass | undefined {
  if (v.length < 4) return undefined;
  const data: string[] = [];
  let off = 4;
  while (off + 2 <= v.length && data.length < MAX_STRINGS) {
    const len = v.readUInt16BE(off);
    if (off + 2 + len > v.length) break;
    const s = cleanText(v.toString('utf8', off + 2, off + 2 + Math.min(len, 1024)), 255);
    if (s) data.push(s);
    off += 2 + len;
  }
  return { enterprise: v.readUInt32BE(0), data };
}

function parseAt(buf: Buffer, start: number, end: number, depth: number): Dhcpv6 | null {
  if (end - start < 4) return null;
  const msgType = buf[start];
  if (msgType < 1 || msgType > RELAY_REPL) return null;
  const relay = msgType === RELAY_FORW || msgType === RELAY_REPL;
  // A relay header is type, hop count, link address and peer address (34 bytes); the client's message is inside.
  const optStart = start + (relay ? 34 : 4);
  if (optStart > end) return null;
  const out: Dhcpv6 = { msgType, transactionId: relay ? 0 : buf.readUIntBE(start + 1, 3), partial: false };
  let off = optStart;
  for (let n = 0; n < MAX_OPTIONS && off < end; n++) {
    if (off + 4 > end) {
      out.partial = true;
      break;
    }
    const code = buf.readUInt16BE(off);
    const len = buf.readUInt16BE(off + 2);
    const vs = off + 4;
    const ve = vs + len;
    if (ve > end) {
      out.partial = true;
      break;
    }
    if (relay) {
      if (code === OPT_RELAY_MSG && depth < MAX_RELAY_DEPTH) return parseAt(buf, vs, ve, depth + 1);
    } else if (code === OPT_CLIENTID && len > 0) {
      const duid = buf.subarray(vs, ve);
      out.clientDuid = toHex(duid, 0, duid.length, 130);
      const mac = duidMac(duid);
      if (mac) out.clientMac = mac;
    } else if (code === OPT_CLIENT_FQDN && len > 1) {
      // RFC 4704 §4: one flags byte, then the name in DNS wire format.
      const name = readWireName(buf, vs + 1, ve);
      if (name) out.fqdn = name;
    } else if (code === OPT_VENDOR_CLASS) {
      const vc = vendorClass(buf.subarray(vs, ve));
      if (vc) out.vendorClass = vc;
    } else if (code === OPT_ORO) {
      const oro: number[] = [];
      for (let p = vs; p + 2 <= ve && oro.length < 128; p += 2) oro.push(buf.readUInt16BE(p));
      out.oro = oro;
    }
    off = ve;
  }
  // A relay message whose inner message was missing or cut tells nothing about a client.
  return relay ? null : out;
}

/**
 * Parses a DHCPv6 message (a UDP payload on port 546/547) from `buf[start, end)`. Returns null when the
 * message type is not 1..13 or the range is shorter than the header. Relay messages yield the client message
 * they carry. Never throws, never reads outside the range.
 */
export function parseDhcpv6(buf: Buffer, start: number, end: number): Dhcpv6 | null {
  if (start < 0 || end > buf.length || start > end) return null;
  return parseAt(buf, start, end, 0);
}

/** The observation payload of a DHCPv6 message; the host name is the first label of the client FQDN. */
export function dhcpv6ToDhcpData(d: Dhcpv6): DhcpData {
  const out: DhcpData = { messageType: d.msgType, v6: true };
  const hostname = d.fqdn?.split('.')[0];
  if (hostname) out.hostname = hostname;
  if (d.vendorClass?.data.length) out.vendorClass = d.vendorClass.data.join(' ');
  if (d.oro?.length) out.paramList = d.oro;
  if (d.clientDuid) out.clientId = d.clientDuid;
  return out;
}
