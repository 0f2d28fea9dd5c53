/**
 * DNS-SD service instances (RFC 6763) in one decoded mDNS message: PTR `_svc._tcp.local → Inst._svc._tcp.local`
 * names an instance, the instance's SRV gives host and port, its TXT the attributes. Answers to the
 * `_services._dns-sd._udp.local` meta-query only list service types, reported as entries with a `type` alone.
 */
import type { MdnsData } from '../../contract.ts';
import type { DnsMessage, DnsRecord, DnsSrvTarget } from './dns.ts';

/** The DNS-SD meta-query name (RFC 6763 §9). */
export const SERVICES_META = '_services._dns-sd._udp.local';

const MAX_SERVICES = 64;

// The service type of a type name (`_ipp._tcp.local`, or a subtype `_universal._sub._ipp._tcp.local`,
// RFC 6763 §7.1), e.g. `_ipp._tcp`; null for anything else (reverse-lookup PTRs, plain host names).
function serviceTypeOf(name: string): string | null {
  if (!name.endsWith('.local')) return null;
  const labels = name.slice(0, -'.local'.length).split('.');
  const n = labels.length;
  if (n < 2) return null;
  const svc = labels[n - 2];
  const proto = labels[n - 1];
  if ((proto !== '_tcp' && proto !== '_udp') || svc.length < 2 || svc[0] !== '_') return null;
  if (n === 2 || (n === 4 && labels[1] === '_sub')) return `${svc}.${proto}`;
  return null;
}

// The type of an instance name `<instance label>.<_svc>.<_proto>.local`; the label may itself contain dots.
function instanceTypeOf(name: string): string | null {
  const lower = name.toLowerCase();
  const m = /\.(_[a-z0-9-]{1,63}\.(?:_tcp|_udp))\.local$/.exec(lower);
  if (!m || m.index === 0) return null;
  const label = lower.slice(0, m.index);
  // `_printer._sub._http._tcp.local` is a subtype name, not an instance.
  if (label.endsWith('._sub') || label === '_sub') return null;
  return m[1];
}

function isSrv(r: DnsRecord): r is DnsRecord & { data: DnsSrvTarget } {
  return r.type === 'SRV' && typeof r.data === 'object' && typeof (r.data as DnsSrvTarget).port === 'number';
}

function isTxt(r: DnsRecord): r is DnsRecord & { data: Record<string, string> } {
  return r.type === 'TXT' && typeof r.data === 'object';
}

/**
 * The service instances and service types one mDNS message announces. For a query only the authority section
 * counts: a probing host puts its own proposed records there (RFC 6762 §8.2), while a query's answer section
 * lists what the asker already knows about *other* hosts. Never throws.
 */
export function mdnsServices(msg: DnsMessage): MdnsData[] {
  const records = msg.response ? msg.answers : msg.answers.filter((r) => r.section === 'authority');
  const byInstance = new Map<string, MdnsData>();
  const types = new Set<string>();

  const instance = (name: string): MdnsData | null => {
    const key = name.toLowerCase();
    const found = byInstance.get(key);
    if (found) return found;
    const type = instanceTypeOf(name);
    if (!type || byInstance.size >= MAX_SERVICES) return null;
    const created: MdnsData = { instance: name, type };
    byInstance.set(key, created);
    return created;
  };

  // PTRs first: they carry the instance name with its original case.
  for (const r of records) {
    if (r.type !== 'PTR' || typeof r.data !== 'string' || r.data === '') continue;
    if (r.name === SERVICES_META) {
      const t = serviceTypeOf(r.data.toLowerCase());
      if (t) types.add(t);
    } else if (serviceTypeOf(r.name)) {
      instance(r.data);
    }
  }
  for (const r of records) {
    if (isSrv(r)) {
      const inst = instance(r.name);
      if (!inst) continue;
      if (r.data.target) inst.host = r.data.target;
      inst.port = r.data.port;
    } else if (isTxt(r)) {
      const inst = instance(r.name);
      if (inst && Object.keys(r.data).length) inst.txt = r.data;
    }
  }
  const out = [...byInstance.values()];
  const withInstance = new Set(out.map((s) => s.type));
  for (const t of types) if (!withInstance.has(t) && out.length < MAX_SERVICES) out.push({ type: t });
  return out;
}
