/** Small helpers shared by the host-name matchers: the names an observation carries, and suffix sets. */
import type { DnsData, HttpData, Observation, TlsData } from '../../contract.ts';
import { normaliseHost } from '../indicators/normalise.ts';

/** Where a host name was seen. */
export type HostSource = 'dns' | 'tls' | 'http';

/** A host name an observation carries, and how it was seen; undefined for other observations. */
export interface SeenHost {
  host: string;
  source: HostSource;
  /** Plain words for the evidence line. */
  detail: string;
}

/**
 * The host name in a DNS question (only the query, not the answer, so a lookup counts once; failed lookups are
 * queries too), a TLS ClientHello's SNI, or an HTTP request's Host header (without its port).
 */
export function hostOf(obs: Observation): SeenHost | undefined {
  const d = obs.data as Record<string, unknown>;
  if (obs.source === 'dns') {
    const q = d as unknown as DnsData;
    if (typeof q.query !== 'string' || q.rcode !== undefined) return undefined;
    const host = clean(q.query);
    return host ? { host, source: 'dns', detail: `asked ${q.resolver ?? '?'} for ${host} (${q.qtype ?? '?'})` } : undefined;
  }
  if (obs.source === 'tls') {
    const t = d as unknown as TlsData;
    if (typeof t.sni !== 'string') return undefined;
    const host = clean(t.sni);
    return host ? { host, source: 'tls', detail: `opened an encrypted connection to ${host} (${t.remoteIp}:${t.remotePort})` } : undefined;
  }
  if (obs.source === 'http') {
    const h = d as unknown as HttpData;
    if (typeof h.host !== 'string') return undefined;
    const host = clean(h.host.replace(/:\d+$/, ''));
    return host ? { host, source: 'http', detail: `sent a web request (${h.method}) to ${host} (${h.remoteIp}:${h.remotePort})` } : undefined;
  }
  return undefined;
}

function clean(name: string): string | undefined {
  return normaliseHost(name) ?? undefined;
}

/** A set of domain suffixes: `has(host)` is true when the host equals one or ends with "." + one. O(labels). */
export interface SuffixSet {
  /** The suffix that matches `host` (the longest), or undefined. */
  match(host: string): string | undefined;
}

/** Builds a suffix set from normalised suffixes. */
export function createSuffixSet(suffixes: readonly string[]): SuffixSet {
  const set = new Set(suffixes.map((s) => s.toLowerCase().replace(/\.$/, '')));
  return {
    match(host) {
      let h = host;
      for (;;) {
        if (set.has(h)) return h;
        const dot = h.indexOf('.');
        if (dot < 0) return undefined;
        h = h.slice(dot + 1);
      }
    },
  };
}
