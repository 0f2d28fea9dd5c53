/** Turning indicator text (host, IP, CIDR, URL) into the one canonical form the matcher compares. */
import { domainToASCII } from 'node:url';
import { formatIp, parseCidr, parseIp } from './ip-address.ts';
import type { IndicatorKind } from './types.ts';

const ASCII_HOST = /^[a-z0-9_-]+(\.[a-z0-9_-]+)*$/;
// Any non-ASCII code point: such hosts go through IDNA (UTS #46) to their punycode form.
const NON_ASCII = /[^\x00-\x7f]/;

/**
 * A host name in comparable form: lower case, trailing dots removed, internationalised names in their ASCII
 * (punycode, `xn--`) form. Returns null for text that is not a host name (empty, spaces, a label over 63
 * octets, a name over 253 octets).
 */
export function normaliseHost(text: string): string | null {
  // Homes look up the same few hundred names over and over; the rules normalise every one they see.
  const known = hostCache.get(text);
  if (known !== undefined) return known;
  const h = normaliseHostUncached(text);
  if (hostCache.size >= HOST_CACHE_MAX) hostCache.clear();
  hostCache.set(text, h);
  return h;
}

const HOST_CACHE_MAX = 10_000;
const hostCache = new Map<string, string | null>();

function normaliseHostUncached(text: string): string | null {
  let h = text.trim().toLowerCase();
  while (h.endsWith('.')) h = h.slice(0, -1);
  if (h.length === 0) return null;
  if (NON_ASCII.test(h)) {
    // domainToASCII returns '' when IDNA processing fails (e.g. disallowed code points).
    h = domainToASCII(h);
    if (!h) return null;
  }
  if (h.length > 253 || !ASCII_HOST.test(h)) return null;
  for (const label of h.split('.')) if (label.length > 63) return null;
  return h;
}

/** A normalised indicator value with its kind. */
export interface NormalisedValue {
  kind: IndicatorKind;
  value: string;
}

/** The outcome of reading one indicator value: a value, or why it is refused. */
export type NormaliseOutcome = NormalisedValue | { problem: 'bad-value' | 'url-with-path'; message: string };

/**
 * Reads an indicator written as a host name, an IP address, a CIDR range or a URL. The kind is decided by the
 * value itself (Echap's `c2.domains` lists hold one IPv4 address). A URL becomes its host, unless it has a path:
 * a URL like `https://github.com/someone/app` names one page on a shared host, and matching the host would flag
 * every visit to it (we only see host names in DNS, SNI and Host headers, never paths under TLS).
 */
export function normaliseIndicator(raw: string): NormaliseOutcome {
  const text = raw.trim();
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) return normaliseUrl(text);
  if (text.includes('/')) {
    const net = parseCidr(text);
    if (!net) return { problem: 'bad-value', message: `"${raw}" is not a valid CIDR range` };
    const bits = net.version === 4 ? 32 : 128;
    // A /32 or /128 is one address: store it as an IP so it reads naturally in reports.
    if (net.prefix === bits) return { kind: 'ip', value: formatIp(net) };
    return { kind: 'cidr', value: `${formatIp(net)}/${net.prefix}` };
  }
  const unbracketed = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
  const ip = parseIp(unbracketed);
  if (ip) return { kind: 'ip', value: formatIp(ip) };
  if (/^[0-9.]+$/.test(text) || text.includes(':')) return { problem: 'bad-value', message: `"${raw}" is not a valid IP address` };
  const host = normaliseHost(text);
  if (!host) return { problem: 'bad-value', message: `"${raw}" is not a valid host name` };
  return { kind: 'domain', value: host };
}

function normaliseUrl(text: string): NormaliseOutcome {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { problem: 'bad-value', message: `"${text}" is not a valid URL` };
  }
  if (!url.hostname) return { problem: 'bad-value', message: `"${text}" has no host` };
  if ((url.pathname !== '/' && url.pathname !== '') || url.search) {
    return { problem: 'url-with-path', message: `"${text}" names a page, not a host; matching its host ${url.hostname} would flag every visit to that host` };
  }
  const inner = normaliseIndicator(url.hostname);
  return 'problem' in inner ? { problem: 'bad-value', message: `"${text}" has an invalid host` } : inner;
}
