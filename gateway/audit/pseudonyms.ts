/**
 * Stable made-up stand-ins for MAC and IP addresses within one document: the first address seen gets the first
 * stand-in, and the same address always gets the same one, in fields and inside free text alike.
 *
 * Stand-ins are valid addresses from ranges that never appear on a real network: locally administered MACs
 * 02:00:00:00:xx:xx, and the documentation ranges of RFC 5737 (192.0.2.0/24 for the home, 203.0.113.0/24 and
 * 198.51.100.0/24 for the internet) and RFC 3849 (2001:db8::/32), so every consumer that parses them still can.
 */
import { isIP } from 'node:net';
import { isHomeIp } from '../../discovery/access/outside.ts';

export interface Pseudonyms {
  /** Stand-in for a MAC (any case, `:` or `-` separated, or 12 bare hex digits); keeps the input's shape. */
  mac(original: string): string;
  /** Stand-in for an IP address (an IPv6 zone is dropped). */
  ip(original: string): string;
  /** How many distinct MACs and IPs were replaced. */
  counts(): { macs: number; ips: number };
}

/** True for addresses that stay inside a home: RFC 1918, link-local, loopback, ULA (not CGNAT: Tailscale uses it). */
export function isHomeAddress(ip: string): boolean {
  // One rule for "inside the home" across HomeSweep (discovery/access/outside.ts): CGNAT 100.64/10 is outside.
  return isHomeIp(ip) === true;
}

/**
 * Creates the stand-in tables. `avoid` lists every address of the original document (any form), so a stand-in
 * never equals a real address that is also in it.
 */
export function createPseudonyms(avoid: Iterable<string>): Pseudonyms {
  const taken = new Set<string>();
  for (const a of avoid) taken.add(normalise(a));
  const macs = new Map<string, string>();
  const ips = new Map<string, string>();
  let macCounter = 0;
  const counters = { home: 0, internet: 0 };

  const nextMac = (): string => {
    for (;;) {
      macCounter++;
      const hex = `020000${macCounter.toString(16).padStart(6, '0')}`;
      if (!taken.has(hex)) return hex;
    }
  };
  const nextIp = (original: string): string => {
    const home = isHomeAddress(original);
    const v4 = isIP(original) === 4;
    for (;;) {
      const n = home ? ++counters.home : ++counters.internet;
      let candidate: string;
      if (v4 && home && n <= 254) candidate = `192.0.2.${n}`;
      else if (v4 && !home && n <= 254) candidate = `203.0.113.${n}`;
      else if (v4 && !home && n <= 508) candidate = `198.51.100.${n - 254}`;
      else candidate = `2001:db8:${home ? 'a' : 'b'}::${n.toString(16)}`;
      if (!taken.has(normalise(candidate))) return candidate;
    }
  };

  return {
    mac(original) {
      const hex = original.replace(/[^0-9a-f]/gi, '').toLowerCase();
      let stand = macs.get(hex);
      if (!stand) macs.set(hex, (stand = nextMac()));
      const sep = original.includes(':') ? ':' : original.includes('-') ? '-' : '';
      const upper = original !== original.toLowerCase();
      const out = sep ? stand.match(/../g)!.join(sep) : stand;
      return upper ? out.toUpperCase() : out;
    },
    ip(original) {
      const bare = original.split('%')[0]!;
      const key = normalise(bare);
      let stand = ips.get(key);
      if (!stand) ips.set(key, (stand = nextIp(bare)));
      return stand;
    },
    counts: () => ({ macs: macs.size, ips: ips.size }),
  };
}

/** One spelling per address: MACs as 12 lowercase hex digits, IPv6 expanded by the URL parser. */
function normalise(a: string): string {
  const bare = a.split('%')[0]!;
  // isIP has checked the text, so the URL parser accepts it and gives the one compressed spelling.
  if (isIP(bare) === 6) return new URL(`http://[${bare}]/`).hostname;
  if (isIP(bare) === 4) return bare;
  return bare.replace(/[^0-9a-f]/gi, '').toLowerCase();
}
