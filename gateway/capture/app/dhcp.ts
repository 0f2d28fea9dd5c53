/**
 * DHCPv4 message parsing (RFC 2131 BOOTP header, RFC 2132 options): the client's identity signals, i.e. host
 * name, vendor class, parameter request list (a fingerprint of the DHCP client), client id and FQDN.
 * Reads only `buf[start, end)`, never throws.
 */
import type { DhcpData } from '../../contract.ts';
import { cleanText, ipv4At, macAt, toHex } from './text.ts';
import { readWireName } from './wire-name.ts';

/** A decoded DHCPv4 message. Absent fields were not in the message (or not readable). */
export interface DhcpV4 {
  /** 1 BOOTREQUEST (client), 2 BOOTREPLY (server). */
  op: number;
  xid: number;
  ciaddr: string;
  yiaddr: string;
  /** Client hardware address, when it is an Ethernet MAC (htype 1, hlen 6). */
  chaddr?: string;
  /** Option 53: 1 DISCOVER, 2 OFFER, 3 REQUEST, 4 DECLINE, 5 ACK, 6 NAK, 7 RELEASE, 8 INFORM. */
  messageType?: number;
  /** Option 12, control characters removed. */
  hostname?: string;
  /** Option 60. */
  vendorClass?: string;
  /** Option 55, in the client's order. */
  paramList?: number[];
  /** Option 50. */
  requestedIp?: string;
  /** Option 61 as lowercase hex (type byte first). */
  clientId?: string;
  /** Option 81 domain name. */
  fqdn?: string;
  /** True when the options ran past the end of the range before the END option. */
  partial: boolean;
}

const HEADER = 236;
const COOKIE = 0x63825363;
const OPT_PAD = 0;
const OPT_END = 255;
const MAX_TEXT = 255;
const MAX_OPTIONS = 255;
// The options we keep; RFC 3396 lets a long option be split into several instances that are concatenated.
const WANTED = new Set([12, 50, 53, 55, 60, 61, 81]);

function text(v: Buffer | undefined): string | undefined {
  if (!v) return undefined;
  const s = cleanText(v.toString('utf8'), MAX_TEXT);
  return s || undefined;
}

// RFC 4702 §2: flags, two obsolete RCODE bytes, then the name; the E flag (0x04) says wire format, else ASCII.
function fqdnName(v: Buffer | undefined): string | undefined {
  if (!v || v.length < 4) return undefined;
  const name = v[0] & 0x04 ? readWireName(v, 3, v.length) : cleanText(v.toString('utf8', 3), MAX_TEXT).toLowerCase();
  return name.replace(/\.$/, '') || undefined;
}

/**
 * Parses a DHCPv4 message (a UDP payload on port 67/68) from `buf[start, end)`. Returns null when it is not
 * one: shorter than the fixed header and cookie, an op other than 1/2, a bad hardware length or no magic cookie.
 * Options overloaded into `sname`/`file` (option 52) are ignored: clients do not use them for identity.
 */
export function parseDhcp(buf: Buffer, start: number, end: number): DhcpV4 | null {
  if (start < 0 || end > buf.length || end - start < HEADER + 4) return null;
  const op = buf[start];
  const htype = buf[start + 1];
  const hlen = buf[start + 2];
  if ((op !== 1 && op !== 2) || hlen > 16) return null;
  if (buf.readUInt32BE(start + HEADER) !== COOKIE) return null;
  const out: DhcpV4 = {
    op,
    xid: buf.readUInt32BE(start + 4),
    ciaddr: ipv4At(buf, start + 12),
    yiaddr: ipv4At(buf, start + 16),
    partial: true,
  };
  if (htype === 1 && hlen === 6) out.chaddr = macAt(buf, start + 28);

  const opts = new Map<number, Buffer>();
  let off = start + HEADER + 4;
  for (let n = 0; n < MAX_OPTIONS && off < end; n++) {
    const code = buf[off];
    if (code === OPT_PAD) {
      off++;
      continue;
    }
    if (code === OPT_END) {
      out.partial = false;
      break;
    }
    if (off + 2 > end) break;
    const len = buf[off + 1];
    if (off + 2 + len > end) break;
    if (WANTED.has(code)) {
      const value = buf.subarray(off + 2, off + 2 + len);
      const prev = opts.get(code);
      opts.set(code, prev ? Buffer.concat([prev, value]) : value);
    }
    off += 2 + len;
  }

  const type = opts.get(53);
  if (type?.length) out.messageType = type[0];
  const hostname = text(opts.get(12));
  if (hostname) out.hostname = hostname;
  const vendor = text(opts.get(60));
  if (vendor) out.vendorClass = vendor;
  const params = opts.get(55);
  if (params?.length) out.paramList = [...params];
  const req = opts.get(50);
  if (req?.length === 4) out.requestedIp = ipv4At(req, 0);
  const cid = opts.get(61);
  if (cid?.length) out.clientId = toHex(cid, 0, cid.length, 64);
  const fqdn = fqdnName(opts.get(81));
  if (fqdn) out.fqdn = fqdn;
  return out;
}

/**
 * The observation payload of a DHCPv4 message. The host name falls back to the first label of the client
 * FQDN, which clients that send option 81 instead of option 12 use for the same purpose (RFC 4702 §3).
 */
export function toDhcpData(d: DhcpV4): DhcpData {
  const out: DhcpData = {};
  if (d.messageType !== undefined) out.messageType = d.messageType;
  const hostname = d.hostname ?? d.fqdn?.split('.')[0];
  if (hostname) out.hostname = hostname;
  if (d.vendorClass) out.vendorClass = d.vendorClass;
  if (d.paramList) out.paramList = d.paramList;
  if (d.requestedIp) out.requestedIp = d.requestedIp;
  if (d.clientId) out.clientId = d.clientId;
  return out;
}
