/**
 * TLS ClientHello parsing (RFC 8446 §4.1.2, RFC 5246 §7.4.1.2): the server name (SNI, RFC 6066 §3), the ALPN
 * protocols (RFC 7301) and the highest version offered, from the first TCP segment of a connection.
 * The ClientHello may continue past this segment: the walk stops at the segment end and returns what it found.
 * Reads only `buf[start, end)`, never throws.
 */

/** What a ClientHello offered. `version` is the highest non-GREASE entry of supported_versions, else the legacy version. */
export interface TlsClientHello {
  version: number;
  sni?: string;
  alpn?: string[];
  /** True when the segment ended before the last extension. */
  partial: boolean;
}

const CONTENT_HANDSHAKE = 22;
const HANDSHAKE_CLIENT_HELLO = 1;
const EXT_SERVER_NAME = 0;
const EXT_ALPN = 16;
const EXT_SUPPORTED_VERSIONS = 43;
const MAX_EXTENSIONS = 64;
const MAX_ALPN = 16;
const MAX_HOST = 255;

// GREASE values (RFC 8701) are 0x?a?a with both bytes equal; clients insert them to keep servers tolerant.
const isGrease = (v: number) => (v & 0x0f0f) === 0x0a0a && v >> 8 === (v & 0xff);

// A host name must be printable ASCII without spaces (RFC 6066 §3: no trailing dot, no IP literals; we only check
// what keeps the string safe to store and show).
function hostName(buf: Buffer, s: number, e: number): string | undefined {
  if (e <= s || e - s > MAX_HOST) return undefined;
  for (let i = s; i < e; i++) if (buf[i] <= 0x20 || buf[i] >= 0x7f) return undefined;
  const name = buf.toString('latin1', s, e).toLowerCase();
  return name.endsWith('.') ? name.slice(0, -1) : name;
}

function readSni(buf: Buffer, s: number, e: number): string | undefined {
  if (s + 2 > e) return undefined;
  const listEnd = Math.min(e, s + 2 + buf.readUInt16BE(s));
  for (let off = s + 2; off + 3 <= listEnd; ) {
    const type = buf[off];
    const len = buf.readUInt16BE(off + 1);
    if (off + 3 + len > listEnd) return undefined;
    if (type === 0) return hostName(buf, off + 3, off + 3 + len);
    off += 3 + len;
  }
  return undefined;
}

function readAlpn(buf: Buffer, s: number, e: number): string[] {
  const out: string[] = [];
  if (s + 2 > e) return out;
  const listEnd = Math.min(e, s + 2 + buf.readUInt16BE(s));
  for (let off = s + 2; off < listEnd && out.length < MAX_ALPN; ) {
    const len = buf[off];
    if (len === 0 || off + 1 + len > listEnd) break;
    let printable = true;
    for (let i = off + 1; i <= off + len; i++) if (buf[i] < 0x21 || buf[i] > 0x7e) printable = false;
    // GREASE ALPN values (RFC 8701 §2, e.g. "ZZ") and binary protocol ids are skipped.
    const grease = len === 2 && isGrease(buf.readUInt16BE(off + 1));
    if (printable && !grease) out.push(buf.toString('latin1', off + 1, off + 1 + len));
    off += 1 + len;
  }
  return out;
}

function maxSupportedVersion(buf: Buffer, s: number, e: number): number {
  let best = 0;
  if (s >= e) return best;
  const listEnd = Math.min(e, s + 1 + buf[s]);
  for (let off = s + 1; off + 2 <= listEnd; off += 2) {
    const v = buf.readUInt16BE(off);
    if (!isGrease(v) && v > best && v >> 8 === 3) best = v;
  }
  return best;
}

/**
 * Parses the TLS ClientHello at the start of `buf[start, end)` (a TCP payload). Returns null unless it starts
 * with a handshake record (type 22, version 3.x) holding a ClientHello, or when the segment ends before the
 * client version. A ClientHello cut by the segment end yields whatever extensions were whole.
 */
export function parseTlsClientHello(buf: Buffer, start: number, end: number): TlsClientHello | null {
  if (start < 0 || end > buf.length || end - start < 11) return null;
  if (buf[start] !== CONTENT_HANDSHAKE || buf[start + 1] !== 3 || buf[start + 2] > 4) return null;
  const recordLen = buf.readUInt16BE(start + 3);
  if (buf[start + 5] !== HANDSHAKE_CLIENT_HELLO || recordLen < 4) return null;
  const helloLen = buf.readUIntBE(start + 6, 3);
  // The ClientHello may span several records; only the first record's bytes are contiguous with its start.
  const limit = Math.min(end, start + 5 + recordLen, start + 9 + helloLen);
  const legacyVersion = buf.readUInt16BE(start + 9);
  if (legacyVersion >> 8 !== 3) return null;
  const out: TlsClientHello = { version: legacyVersion, partial: true };

  let off = start + 11 + 32; // version + random
  if (off + 1 > limit) return out;
  off += 1 + buf[off]; // session id
  if (off + 2 > limit) return out;
  off += 2 + buf.readUInt16BE(off); // cipher suites
  if (off + 1 > limit) return out;
  off += 1 + buf[off]; // compression methods
  if (off + 2 > limit) {
    // A ClientHello that ends right after the compression methods has no extensions (RFC 5246 §7.4.1.2).
    if (off === start + 9 + helloLen) out.partial = false;
    return out;
  }
  const extEnd = off + 2 + buf.readUInt16BE(off);
  off += 2;
  const stop = Math.min(extEnd, limit);
  for (let n = 0; n < MAX_EXTENSIONS && off + 4 <= stop; n++) {
    const type = buf.readUInt16BE(off);
    const len = buf.readUInt16BE(off + 2);
    const s = off + 4;
    const e = s + len;
    if (e > stop) break;
    if (type === EXT_SERVER_NAME) {
      const sni = readSni(buf, s, e);
      if (sni) out.sni = sni;
    } else if (type === EXT_ALPN) {
      const alpn = readAlpn(buf, s, e);
      if (alpn.length) out.alpn = alpn;
    } else if (type === EXT_SUPPORTED_VERSIONS) {
      const v = maxSupportedVersion(buf, s, e);
      if (v > out.version) out.version = v;
    }
    off = e;
  }
  if (off === extEnd) out.partial = false;
  return out;
}
