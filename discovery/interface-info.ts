/**
 * Which local IPv4 network(s) discovery works on. Pure helpers over `os.networkInterfaces()` output, so the
 * "is this URL on our LAN?" decisions can be tested without sockets.
 */

/** One IPv4 address of a local interface, with its subnet. */
export interface LocalSubnet {
  /** Interface name, e.g. `eth0`. */
  name: string;
  address: string;
  netmask: string;
}

/** The shape of `os.networkInterfaces()` that we read. */
export type InterfaceTable = Record<string, Array<{ address: string; netmask: string; family: string | number; internal: boolean }> | undefined>;

/** Parses a dotted-quad IPv4 address into an unsigned 32-bit number; null when it is not one. */
export function ipv4ToNumber(text: string): number | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (!m) return null;
  let n = 0;
  for (let i = 1; i <= 4; i++) {
    const octet = Number(m[i]);
    if (octet > 255) return null;
    n = n * 256 + octet;
  }
  return n;
}

/** True for RFC 1918 private IPv4 addresses (10/8, 172.16/12, 192.168/16). */
export function isPrivateIpv4(text: string): boolean {
  const n = ipv4ToNumber(text);
  if (n === null) return false;
  return n >>> 24 === 10 || n >>> 20 === ((172 << 4) | 1) || n >>> 16 === ((192 << 8) | 168);
}

/** True when `ip` lies in the subnet of `subnet` (address AND netmask). */
export function inSubnet(ip: string, subnet: { address: string; netmask: string }): boolean {
  const a = ipv4ToNumber(ip);
  const b = ipv4ToNumber(subnet.address);
  const m = ipv4ToNumber(subnet.netmask);
  if (a === null || b === null || m === null) return false;
  return ((a & m) >>> 0) === ((b & m) >>> 0);
}

/**
 * The non-internal IPv4 subnets of the given interface table; only those of `only` when an interface name is
 * given. An unknown interface name yields an empty list.
 */
export function localSubnets(table: InterfaceTable, only?: string): LocalSubnet[] {
  const out: LocalSubnet[] = [];
  for (const [name, addrs] of Object.entries(table)) {
    if (only !== undefined && name !== only) continue;
    for (const a of addrs ?? []) {
      // Node 18.0–18.3 reported family as a number; accept both spellings.
      const v4 = a.family === 'IPv4' || a.family === 4;
      if (v4 && !a.internal) out.push({ name, address: a.address, netmask: a.netmask });
    }
  }
  return out;
}
