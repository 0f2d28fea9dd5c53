/**
 * Is an address inside the home or outside it? Used to mark sessions, VPN peers and logins "from outside", and
 * to keep credentials on the home network. Pure; malformed text is neither home nor outside (null).
 */
import { isIP } from 'node:net';
import { isHomeIp } from '../../discovery/access/outside.ts';

/**
 * True for addresses of the home network (discovery/access/outside.ts `isHomeIp`: RFC 1918, loopback, link-local,
 * IPv6 ULA/link-local/loopback; not CGNAT 100.64/10), with or without IPv6 brackets; false for anything else.
 */
export function isHomeAddress(ip: string): boolean {
  return isHomeIp(stripBrackets(ip)) ?? false;
}

/**
 * True when `ip` is a well-formed address that is not a home address (a login, handshake or endpoint from the
 * internet); false for home addresses; null when the text is not an address at all.
 */
export function isOutsideAddress(ip: string | undefined | null): boolean | null {
  if (typeof ip !== 'string') return null;
  const host = stripBrackets(ip.trim());
  if (isIP(host) === 0) return null;
  if (host === '0.0.0.0' || host === '::') return null;
  return !isHomeAddress(host);
}

/** `[::1]` → `::1`. */
export function stripBrackets(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

/** Splits `1.2.3.4:51820` or `[2001:db8::1]:51820` into host and port; null when it is neither. */
export function splitHostPort(text: string): { host: string; port: number } | null {
  const m = /^\[([^\]]+)\]:(\d{1,5})$/.exec(text) ?? /^([^:]+):(\d{1,5})$/.exec(text);
  if (!m) return null;
  const port = Number(m[2]);
  if (port > 65535 || isIP(m[1]!) === 0) return null;
  return { host: m[1]!, port };
}
