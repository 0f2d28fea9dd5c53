/**
 * Is an address inside the home or outside it? Used to mark sessions, VPN peers and logins "from outside", and
 * to keep credentials on the home network. Pure; malformed text is neither home nor outside (null).
 */
import { isIP } from 'node:net';

function v4Parts(ip: string): number[] | null {
  if (isIP(ip) !== 4) return null;
  return ip.split('.').map(Number);
}

/** True for addresses a home network uses: RFC 1918, loopback, link-local, CGNAT (RFC 6598), IPv6 ULA/link-local/loopback. */
export function isHomeAddress(ip: string): boolean {
  const host = stripBrackets(ip);
  const p = v4Parts(host);
  if (p) {
    const [a, b] = p as [number, number];
    return a === 10 || a === 127 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) ||
      (a === 169 && b === 254) || (a === 100 && b >= 64 && b <= 127);
  }
  if (isIP(host) !== 6) return false;
  const lower = host.toLowerCase();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (mapped) return isHomeAddress(mapped[1]!);
  return lower === '::1' || /^f[cd][0-9a-f]{2}:/.test(lower) || /^fe[89ab][0-9a-f]:/.test(lower);
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
