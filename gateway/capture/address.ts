/**
 * Address classes the engine needs to tell the home from the internet. A home is NATed for IPv4, so private
 * ranges are "local"; for IPv6, link-local and unique-local addresses are local, and global ones only when
 * their /64 was seen on the link (Neighbour Discovery), which the engine tracks.
 */

/** RFC 1918 private, 169.254/16 link-local, 127/8 loopback. */
export function isLocalV4(n: number): boolean {
  const a = n >>> 24;
  if (a === 10 || a === 127) return true;
  const b = (n >>> 16) & 255;
  return (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 169 && b === 254);
}

/** 224/4 multicast, 255.255.255.255 and 0.0.0.0 (DHCP clients before they have an address). */
export function isGroupV4(n: number): boolean {
  return n >>> 28 === 14 || n === 0xffffffff || n === 0;
}

export function isGroupV6(s: string): boolean {
  return s.startsWith('ff') || s === '::';
}

/** fe80::/10 link-local, fc00::/7 unique-local, ::1. */
export function isLocalV6Prefix(s: string): boolean {
  if (s === '::1') return true;
  // A first group of 4 hex digits: the canonical form has no leading zeros, so fcxx/fdxx/fe8x..febx have 4.
  if (s.indexOf(':') !== 4) return false;
  const g = s.slice(0, 3);
  return s.startsWith('fc') || s.startsWith('fd') || g === 'fe8' || g === 'fe9' || g === 'fea' || g === 'feb';
}

/** The /64 prefix of an IPv6 address in canonical text, as text (e.g. `2001:db8:1:2`). */
export function prefix64(s: string): string {
  const dbl = s.indexOf('::');
  const parts = (dbl < 0 ? s : s.slice(0, dbl)).split(':');
  if (dbl >= 0) {
    const tail = s.slice(dbl + 2);
    const tailParts = tail ? tail.split(':') : [];
    const fill = 8 - parts.filter(Boolean).length - tailParts.length;
    const full = [...parts.filter(Boolean), ...new Array(Math.max(0, fill)).fill('0'), ...tailParts];
    return full.slice(0, 4).join(':');
  }
  return parts.slice(0, 4).join(':');
}
