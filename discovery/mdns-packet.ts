/**
 * Pure reading of one decoded mDNS / DNS-SD message (RFC 6762, RFC 6763) as multicast-dns / dns-packet
 * deliver it: which service types a host lists, which service instances it announces (SRV host and port, TXT
 * attributes) and which addresses its host names have. Nothing here trusts the shape of the input.
 */
import type { MdnsData } from '../gateway/contract.ts';
import { txtToRecord } from '../gateway/capture/app/dns.ts';

/** The DNS-SD meta-query name that lists service types (RFC 6763 §9). */
import { SERVICES_META } from '../gateway/capture/app/mdns-services.ts';

export { SERVICES_META };

/** A service instance seen in one message. `goodbye` is true when its PTR had TTL 0 (RFC 6762 §10.1). */
export interface MdnsInstance extends MdnsData {
  instance: string;
  type: string;
  goodbye: boolean;
}

/** What one message tells us. */
export interface MdnsPacketInfo {
  /** Service types from answers to the meta-query, e.g. `_googlecast._tcp`. */
  serviceTypes: string[];
  instances: MdnsInstance[];
  /** A / AAAA records: host name (lowercase, no trailing dot) → addresses. */
  hosts: Record<string, string[]>;
}

const MAX_RECORDS = 256;
// `<instance>.<_service>.<_tcp|_udp>.local`; the instance label may itself contain dots (RFC 6763 §4.3).
const INSTANCE_RE = /^(.+)\.(_[A-Za-z0-9-]{1,63}\.(?:_tcp|_udp))\.local$/i;
const TYPE_RE = /^(_[A-Za-z0-9-]{1,63}\.(?:_tcp|_udp))\.local$/i;

interface Rr {
  name: string;
  type: string;
  ttl: number;
  data: unknown;
}

function dnsName(v: unknown): string | null {
  if (typeof v !== 'string' || v.length === 0 || v.length > 1024) return null;
  return v.replace(/\.$/, '');
}

function records(packet: unknown): Rr[] {
  if (!packet || typeof packet !== 'object') return [];
  const p = packet as { answers?: unknown; additionals?: unknown; authorities?: unknown };
  const out: Rr[] = [];
  for (const list of [p.answers, p.additionals]) {
    if (!Array.isArray(list)) continue;
    for (const r of list) {
      if (out.length >= MAX_RECORDS) return out;
      if (!r || typeof r !== 'object') continue;
      const rec = r as Record<string, unknown>;
      const name = dnsName(rec.name);
      if (!name || typeof rec.type !== 'string') continue;
      out.push({ name, type: rec.type, ttl: typeof rec.ttl === 'number' ? rec.ttl : 0, data: rec.data });
    }
  }
  return out;
}

/**
 * Decodes DNS-SD TXT strings into a map with the packet engine's rules (`txtToRecord`: first occurrence of a key
 * wins, keyless strings ignored, control characters removed). Returns undefined when there is nothing.
 */
export function parseTxt(data: unknown): Record<string, string> | undefined {
  const parts = Array.isArray(data) ? data : data === undefined || data === null ? [] : [data];
  const txt = txtToRecord(parts.filter((p): p is Buffer | string => typeof p === 'string' || Buffer.isBuffer(p)));
  return Object.keys(txt).length ? txt : undefined;
}

/** Splits an instance name into its service type; null when it is not `<name>._svc._proto.local`. */
export function instanceType(instance: string): string | null {
  const m = INSTANCE_RE.exec(instance);
  if (!m || m[1].endsWith('._sub')) return null;
  return m[2].toLowerCase();
}

/** Reads one decoded mDNS message; returns empty lists for anything unusable (never throws). */
export function parseMdnsPacket(packet: unknown): MdnsPacketInfo {
  const rrs = records(packet);
  const serviceTypes = new Set<string>();
  const hosts: Record<string, string[]> = {};
  const byName = new Map<string, MdnsInstance>();

  const instanceFor = (name: string): MdnsInstance | null => {
    const key = name.toLowerCase();
    const existing = byName.get(key);
    if (existing) return existing;
    const type = instanceType(name);
    if (!type) return null;
    const inst: MdnsInstance = { instance: name, type, goodbye: false };
    byName.set(key, inst);
    return inst;
  };

  for (const r of rrs) {
    if (r.type === 'PTR') {
      const target = dnsName(r.data);
      if (!target) continue;
      if (r.name.toLowerCase() === SERVICES_META) {
        const m = TYPE_RE.exec(target);
        if (m) serviceTypes.add(m[1].toLowerCase());
        continue;
      }
      // A type or subtype PTR (`_printer._sub._http._tcp.local`, RFC 6763 §7.1) names an instance;
      // reverse-lookup PTRs (`*.in-addr.arpa`) do not.
      if (!TYPE_RE.test(r.name.replace(/^_[^.]+\._sub\./i, ''))) continue;
      const inst = instanceFor(target);
      if (inst && r.ttl === 0) inst.goodbye = true;
    } else if (r.type === 'SRV') {
      const d = r.data as { target?: unknown; port?: unknown } | null;
      const inst = instanceFor(r.name);
      if (!inst || !d || typeof d !== 'object') continue;
      const host = dnsName(d.target);
      if (host) inst.host = host;
      if (typeof d.port === 'number' && Number.isInteger(d.port) && d.port >= 0 && d.port <= 65535) inst.port = d.port;
    } else if (r.type === 'TXT') {
      const inst = instanceFor(r.name);
      const txt = inst ? parseTxt(r.data) : undefined;
      if (inst && txt) inst.txt = txt;
    } else if (r.type === 'A' || r.type === 'AAAA') {
      if (typeof r.data !== 'string' || r.ttl === 0) continue;
      const ok = r.type === 'A' ? /^\d{1,3}(\.\d{1,3}){3}$/.test(r.data) : /^[0-9a-f:.]+$/i.test(r.data);
      if (!ok) continue;
      const key = r.name.toLowerCase();
      const list = (hosts[key] ??= []);
      if (!list.includes(r.data)) list.push(r.data);
    }
  }
  return { serviceTypes: [...serviceTypes], instances: [...byName.values()], hosts };
}
