/**
 * DNS and mDNS message parsing (RFC 1035, RFC 6762) over the `dns-packet` codecs, normalised to small plain
 * objects: names lowercase without the trailing dot, record data as strings (SRV as `{target, port}`, TXT as a
 * key → value map). Reads only `buf[start, end)` and never throws: a message cut short (snap length, a
 * truncated capture) yields what was decoded before the cut, marked `partial`.
 */
import dnsPacket from 'dns-packet';
import { cleanText } from './text.ts';

/** One question: `name` lowercase without the trailing dot, `type` like `A`, `PTR`, `HTTPS`. */
export interface DnsQuestion {
  name: string;
  type: string;
}

/** SRV record data. */
export interface DnsSrvTarget {
  target: string;
  port: number;
}

/** Which section of the message a record came from (mDNS probes put their own records in `authority`). */
export type DnsSection = 'answer' | 'authority' | 'additional';

/**
 * One resource record. `data` is the address for A/AAAA, the target for CNAME/PTR/NS/DNAME, the exchange for
 * MX, `{target, port}` for SRV, a key → value map for TXT, and `''` for types we do not read.
 * PTR targets keep their case: in DNS-SD they are user-facing instance names (RFC 6763 §4.1.1).
 */
export interface DnsRecord {
  name: string;
  type: string;
  ttl: number;
  section: DnsSection;
  data: string | DnsSrvTarget | Record<string, string>;
}

/** A decoded DNS or mDNS message. `answers` holds the answer, authority and additional sections in order. */
export interface DnsMessage {
  id: number;
  response: boolean;
  opcode: number;
  rcode: string;
  questions: DnsQuestion[];
  answers: DnsRecord[];
  /** True when the message ended (or was cut) before every counted entry was read. */
  partial: boolean;
}

// Bounds against a crafted message: real queries carry one question; mDNS queries a few dozen at most.
const MAX_QUESTIONS = 128;
const MAX_RECORDS = 256;
const MAX_TXT_KEYS = 64;
const MAX_TXT_KEY = 64;
const MAX_TXT_VALUE = 255;
// Opcodes we read: QUERY, NOTIFY and UPDATE (RFC 2136; DHCP servers and clients register host names with it).
const OPCODES = new Set([0, 4, 5]);
// Header RCODE names (IANA DNS parameters registry); 11-15 are unassigned.
const RCODES = ['NOERROR', 'FORMERR', 'SERVFAIL', 'NXDOMAIN', 'NOTIMP', 'REFUSED', 'YXDOMAIN', 'YXRRSET', 'NXRRSET', 'NOTAUTH', 'NOTZONE'];
// Types newer than dns-packet's table that are common in home traffic (RFC 9460).
const EXTRA_TYPES: Record<string, string> = { UNKNOWN_64: 'SVCB', UNKNOWN_65: 'HTTPS' };

type Decoder<T> = ((buf: Buffer, offset: number) => T) & { bytes: number };
interface RawQuestion {
  name: string;
  type: string;
}
interface RawAnswer {
  name: string;
  type: string;
  ttl?: number;
  data?: unknown;
}
// dns-packet's per-entry codecs are exported but not typed; using them lets a cut message yield what came before
// the cut. When a future version drops them we fall back to whole-message `decode` (all or nothing).
const codecs = dnsPacket as unknown as { question?: { decode?: Decoder<RawQuestion> }; answer?: { decode?: Decoder<RawAnswer> } };
const decodeQuestion = codecs.question?.decode;
const decodeAnswer = codecs.answer?.decode;

/** Lowercases a DNS name, drops the trailing dot, maps the root to `''`. */
export function normaliseName(name: unknown): string {
  if (typeof name !== 'string' || name === '.') return '';
  const n = name.endsWith('.') ? name.slice(0, -1) : name;
  return cleanText(n, 255).toLowerCase();
}

function keepCaseName(name: unknown): string {
  if (typeof name !== 'string' || name === '.') return '';
  return cleanText(name.endsWith('.') ? name.slice(0, -1) : name, 255);
}

function typeName(t: unknown): string {
  if (typeof t !== 'string') return 'UNKNOWN';
  return EXTRA_TYPES[t] ?? t;
}

/**
 * Turns DNS-SD TXT strings (`key=value`, or `key` alone for a boolean attribute, RFC 6763 §6.4) into a map.
 * Keys keep the case they were sent in; a key repeated in another case is ignored, as is a string starting with
 * `=`: only the first occurrence counts (RFC 6763 §6.4). Bytes are read as UTF-8, control characters removed.
 */
export function txtToRecord(strings: ReadonlyArray<Buffer | string>): Record<string, string> {
  const entries: [string, string][] = [];
  const seen = new Set<string>();
  for (const part of strings) {
    if (entries.length >= MAX_TXT_KEYS) break;
    const text = typeof part === 'string' ? part : Buffer.isBuffer(part) ? part.toString('utf8') : '';
    const eq = text.indexOf('=');
    const key = cleanText(eq === -1 ? text : text.slice(0, eq), MAX_TXT_KEY);
    if (key === '' || seen.has(key.toLowerCase())) continue;
    seen.add(key.toLowerCase());
    entries.push([key, eq === -1 ? '' : cleanText(text.slice(eq + 1), MAX_TXT_VALUE)]);
  }
  // fromEntries defines own properties, so a key such as `__proto__` cannot reach the prototype.
  return Object.fromEntries(entries);
}

function recordData(type: string, data: unknown): DnsRecord['data'] {
  switch (type) {
    case 'A':
    case 'AAAA':
      return typeof data === 'string' ? data : '';
    case 'PTR':
      return keepCaseName(data);
    case 'CNAME':
    case 'NS':
    case 'DNAME':
      return normaliseName(data);
    case 'MX':
      return normaliseName((data as { exchange?: unknown } | null)?.exchange);
    case 'SRV': {
      const d = data as { target?: unknown; port?: unknown } | null;
      return { target: normaliseName(d?.target), port: typeof d?.port === 'number' ? d.port : 0 };
    }
    case 'TXT':
      return txtToRecord(Array.isArray(data) ? data : Buffer.isBuffer(data) ? [data] : []);
    default:
      return '';
  }
}

function toRecord(a: RawAnswer, section: DnsSection): DnsRecord | null {
  // OPT is the EDNS pseudo-record (RFC 6891), not data about a name.
  if (!a || a.type === 'OPT') return null;
  const type = typeName(a.type);
  return { name: normaliseName(a.name), type, ttl: typeof a.ttl === 'number' ? a.ttl : 0, section, data: recordData(type, a.data) };
}

function readHeader(msg: Buffer): { id: number; flags: number; counts: number[] } {
  return {
    id: msg.readUInt16BE(0),
    flags: msg.readUInt16BE(2),
    counts: [msg.readUInt16BE(4), msg.readUInt16BE(6), msg.readUInt16BE(8), msg.readUInt16BE(10)],
  };
}

// The offset just past the (possibly compressed) name at `off`, or -1 when it runs past the end.
function skipName(msg: Buffer, off: number): number {
  for (let hops = 0; hops < 128 && off < msg.length; hops++) {
    const len = msg[off];
    if (len === 0) return off + 1;
    if ((len & 0xc0) === 0xc0) return off + 2 <= msg.length ? off + 2 : -1;
    if ((len & 0xc0) !== 0) return -1;
    off += 1 + len;
  }
  return -1;
}

// Entry by entry, stopping at the first entry that does not decode: everything before it is kept.
function decodeEntries(msg: Buffer, counts: number[], out: DnsMessage): void {
  let offset = 12;
  const qd = Math.min(counts[0], MAX_QUESTIONS);
  for (let i = 0; i < qd; i++) {
    const q = decodeQuestion!(msg, offset);
    offset += decodeQuestion!.bytes;
    if (offset > msg.length) return;
    out.questions.push({ name: normaliseName(q.name), type: typeName(q.type) });
  }
  if (qd < counts[0]) return;
  const sections: DnsSection[] = ['answer', 'authority', 'additional'];
  let read = 0;
  for (let s = 0; s < 3; s++) {
    for (let i = 0; i < counts[s + 1]; i++) {
      if (read++ >= MAX_RECORDS) return;
      // The record's extent comes from RDLENGTH (RFC 1035 §4.1.3), checked before decoding: some dns-packet
      // codecs clamp their reads, so a record cut short would otherwise "decode" and misalign the rest.
      const nameEnd = skipName(msg, offset);
      if (nameEnd < 0 || nameEnd + 10 > msg.length) return;
      const rrEnd = nameEnd + 10 + msg.readUInt16BE(nameEnd + 8);
      if (rrEnd > msg.length) return;
      const r = toRecord(decodeAnswer!(msg.subarray(0, rrEnd), offset), sections[s]);
      offset = rrEnd;
      if (r) out.answers.push(r);
    }
  }
  out.partial = false;
}

function decodeWhole(msg: Buffer, out: DnsMessage): void {
  const p = dnsPacket.decode(msg);
  if (dnsPacket.decode.bytes > msg.length) return;
  for (const q of (p.questions ?? []).slice(0, MAX_QUESTIONS)) out.questions.push({ name: normaliseName(q.name), type: typeName(q.type) });
  const lists: [unknown[] | undefined, DnsSection][] = [[p.answers, 'answer'], [p.authorities, 'authority'], [p.additionals, 'additional']];
  for (const [list, section] of lists) {
    for (const a of list ?? []) {
      if (out.answers.length >= MAX_RECORDS) return;
      const r = toRecord(a as RawAnswer, section);
      if (r) out.answers.push(r);
    }
  }
  out.partial = false;
}

/**
 * Parses a DNS or mDNS message from `buf[start, end)` (a UDP payload; for DNS over TCP pass the bytes after
 * the 2-byte length). Returns null when it is not a usable DNS message: shorter than the header, an opcode
 * other than QUERY/NOTIFY/UPDATE, or nothing decodable. Never throws, never reads outside the range.
 */
export function parseDns(buf: Buffer, start: number, end: number): DnsMessage | null {
  if (start < 0 || end > buf.length || end - start < 12) return null;
  // A view: compression pointers are offsets from the message start, and nothing past `end` can be read.
  const msg = buf.subarray(start, end);
  const { id, flags, counts } = readHeader(msg);
  const opcode = (flags >> 11) & 0xf;
  if (!OPCODES.has(opcode)) return null;
  const out: DnsMessage = {
    id,
    response: (flags & 0x8000) !== 0,
    opcode,
    rcode: RCODES[flags & 0xf] ?? `RCODE_${flags & 0xf}`,
    questions: [],
    answers: [],
    partial: true,
  };
  try {
    if (decodeQuestion && decodeAnswer) decodeEntries(msg, counts, out);
    else decodeWhole(msg, out);
  } catch {
    // A cut or malformed entry: keep what was read before it (`partial` stays true).
  }
  return out.questions.length || out.answers.length ? out : null;
}

export { mdnsServices, SERVICES_META } from './mdns-services.ts';
