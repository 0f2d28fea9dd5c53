/**
 * Whether an address a device is configured with (an MQTT broker, a websocket server, a webhook URL) lies
 * inside the home. "Inside" means loopback, RFC 1918 private IPv4, IPv4/IPv6 link-local, RFC 4193 unique local
 * IPv6, or a local-only name (`.local`, RFC 8375 `.home.arpa`, the common `.lan`/`.home`/`.internal`, or a
 * single-label name that only the home's resolver can answer). Everything else is "outside".
 */
import { isIP } from 'node:net';
import { ipv4ToNumber, isPrivateIpv4 } from '../interface-info.ts';

const LOCAL_SUFFIXES = ['.local', '.home.arpa', '.lan', '.home', '.internal', '.localdomain'];

/**
 * The host part of a configured server: accepts `host`, `host:port`, `[v6]:port`, and URLs such as
 * `ws://host:8080/path` or `mqtts://user@host`. Returns null for empty or unusable text.
 */
export function hostOf(server: unknown): string | null {
  if (typeof server !== 'string') return null;
  let t = server.trim();
  if (t === '' || t.length > 2048) return null;
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(t);
  if (scheme) t = t.slice(scheme[0].length);
  t = t.replace(/^[^@/]*@/, ''); // user:password@ never counts as the host
  t = t.split(/[/?#]/, 1)[0] ?? '';
  if (t.startsWith('[')) {
    const end = t.indexOf(']');
    return end > 1 ? t.slice(1, end).toLowerCase() : null;
  }
  // More than one colon and no brackets: a bare IPv6 address.
  if ((t.match(/:/g) ?? []).length > 1) return t.toLowerCase();
  const host = t.split(':', 1)[0]?.toLowerCase().replace(/\.$/, '') ?? '';
  return host === '' ? null : host;
}

/**
 * Whether an address literal belongs to the home network: loopback, RFC 1918 private IPv4, IPv4 and IPv6
 * link-local, RFC 4193 unique local IPv6, and IPv4-mapped IPv6 forms of those. The single answer to "is this
 * address inside the home" for discovery and the account checks. CGNAT 100.64.0.0/10 (RFC 6598) is outside: it is
 * the ISP's side of the router or an overlay network such as Tailscale, never the home LAN. Null when `ip` is not
 * an address (a name, or malformed text).
 */
export function isHomeIp(ip: string): boolean | null {
  const h = ip.toLowerCase();
  const n = ipv4ToNumber(h);
  if (n !== null) return isPrivateIpv4(h) || n >>> 24 === 127 || n >>> 16 === ((169 << 8) | 254);
  if (isIP(h) !== 6) return null;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(h);
  if (mapped) return isHomeIp(mapped[1]!);
  if (h === '::1') return true;
  const first = parseInt(h.split(':', 1)[0] || '0', 16);
  // fc00::/7 unique local (RFC 4193), fe80::/10 link-local (RFC 4291).
  return (first & 0xfe00) === 0xfc00 || (first & 0xffc0) === 0xfe80;
}

/** True when `host` (an address or a name, from {@link hostOf}) is inside the home. */
export function isInsideHost(host: string): boolean {
  const h = host.toLowerCase();
  const home = isHomeIp(h);
  if (home !== null) return home;
  // A colon and not an address: no name has one, so it is nothing we can trust as inside.
  if (h.includes(':')) return false;
  if (h === 'localhost') return true;
  if (!/^[a-z0-9_.-]+$/.test(h)) return false;
  if (!h.includes('.')) return true;
  return LOCAL_SUFFIXES.some((s) => h.endsWith(s));
}

/**
 * True when the configured server points outside the home. Unparseable text counts as outside: a device that
 * dials something we cannot read should be looked at, not silently trusted.
 */
export function isOutside(server: unknown): boolean {
  const host = hostOf(server);
  return host === null ? true : !isInsideHost(host);
}

/** True when `ip` is an address we are willing to send a quiet check to (a home address, or loopback for tests). */
export function isCheckableTarget(ip: string): boolean {
  const n = ipv4ToNumber(ip);
  return n !== null && (isPrivateIpv4(ip) || n >>> 24 === 127);
}
