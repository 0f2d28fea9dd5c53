/**
 * DHCP server lease files, read when HomeSweep runs on the router: every device gets its DHCP name at once, not only
 * when it next renews. Formats: dnsmasq (also OpenWrt's /tmp/dhcp.leases and Pi-hole's): "expiry mac ip name
 * client-id" per line; ISC dhcpd's dhcpd.leases blocks (`lease IP { … hardware ethernet MAC; client-hostname "x"; }`);
 * odhcpd's state file (`# iface duid iaid hostname expiry … ip/len`, DHCPv6, and IPv4 lines with a MAC on newer
 * builds). Pure: text in, leases out; bad lines are skipped and counted.
 */
import type { DhcpData, Observation } from '../../contract.ts';

/** One lease as a router's DHCP server holds it. */
export interface Lease {
  mac?: string;
  ip: string;
  hostname?: string;
  clientId?: string;
  /** Expiry as ISO-8601 UTC, when the file says (0 = never in dnsmasq). */
  expires?: string;
}

export type LeaseFormat = 'dnsmasq' | 'isc-dhcpd' | 'odhcpd';

export interface LeaseFile {
  format: LeaseFormat;
  leases: Lease[];
  /** Lines or blocks that could not be read. */
  skipped: number;
}

const MAC_RE = /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/i;
const IPV4_RE = /^\d{1,3}(\.\d{1,3}){3}$/;

const name = (s: string | undefined) => (s && s !== '*' && s !== '-' ? s : undefined);
const epoch = (s: string) => (/^\d+$/.test(s) && s !== '0' ? new Date(Number(s) * 1000).toISOString() : undefined);

/** dnsmasq's lease file: `1733600000 aa:bb:cc:dd:ee:ff 192.168.1.23 camera-1 01:aa:bb:cc:dd:ee:ff`. */
export function parseDnsmasqLeases(text: string): LeaseFile {
  const leases: Lease[] = [];
  let skipped = 0;
  for (const line of text.split('\n')) {
    const f = line.trim().split(/\s+/);
    if (f.length === 1 && f[0] === '') continue;
    // "duid …" heads the DHCPv6 part; v6 lines have an IAID where the MAC goes.
    if (f[0] === 'duid') continue;
    const [exp, hw, ip, host, cid] = f;
    if (!exp || !hw || !ip || !/^\d+$/.test(exp) || !(IPV4_RE.test(ip) || ip.includes(':'))) {
      skipped++;
      continue;
    }
    const mac = MAC_RE.test(hw) ? hw.toLowerCase() : undefined;
    const expires = epoch(exp);
    leases.push({ ip, ...(mac ? { mac } : {}), ...(name(host) ? { hostname: host } : {}), ...(name(cid) ? { clientId: cid } : {}), ...(expires ? { expires } : {}) });
  }
  return { format: 'dnsmasq', leases, skipped };
}

/** ISC dhcpd's dhcpd.leases: the last block of an address wins (the file is appended to). */
export function parseIscDhcpdLeases(text: string): LeaseFile {
  const byIp = new Map<string, Lease>();
  let skipped = 0;
  for (const m of text.matchAll(/lease\s+(\S+)\s*\{([^}]*)\}/g)) {
    const [, ip, body] = m as unknown as [string, string, string];
    if (!IPV4_RE.test(ip)) {
      skipped++;
      continue;
    }
    const mac = /hardware\s+ethernet\s+([0-9a-fA-F:]{17})\s*;/.exec(body)?.[1]?.toLowerCase();
    const host = /client-hostname\s+"([^"]*)"\s*;/.exec(body)?.[1];
    const ends = /\bends\s+\d\s+(\d{4})\/(\d{2})\/(\d{2})\s+(\d{2}):(\d{2}):(\d{2})\s*;/.exec(body);
    const state = /\bbinding\s+state\s+(\w+)\s*;/.exec(body)?.[1];
    if (state && state !== 'active') {
      byIp.delete(ip);
      continue;
    }
    byIp.set(ip, {
      ip,
      ...(mac ? { mac } : {}),
      ...(host ? { hostname: host } : {}),
      ...(ends ? { expires: `${ends[1]}-${ends[2]}-${ends[3]}T${ends[4]}:${ends[5]}:${ends[6]}.000Z` } : {}),
    });
  }
  return { format: 'isc-dhcpd', leases: [...byIp.values()], skipped };
}

/**
 * odhcpd's state file (OpenWrt /tmp/hosts/odhcpd or the `leasefile` option):
 * `# br-lan 0001000128f1… 5c1d8e3a android-5c1d 1733600000 200 0 1 fd12:3456::23/128 …`. IPv4 lines (newer
 * odhcpd) carry the MAC where the DUID goes and `ipv4` before the address.
 */
export function parseOdhcpdLeases(text: string): LeaseFile {
  const leases: Lease[] = [];
  let skipped = 0;
  for (const line of text.split('\n')) {
    const f = line.trim().split(/\s+/);
    if (f[0] !== '#') {
      if (f[0] !== '') skipped++;
      continue;
    }
    const [, , id, , host, exp, , , , ...addrs] = f;
    const ips = addrs.map((a) => a.split('/')[0]!).filter((a) => a && (IPV4_RE.test(a) || a.includes(':')));
    if (!id || !ips.length) {
      skipped++;
      continue;
    }
    const hex = id.replace(/:/g, '');
    const mac = /^[0-9a-f]{12}$/i.test(hex) ? hex.toLowerCase().replace(/(..)(?!$)/g, '$1:') : undefined;
    const expires = exp ? epoch(exp) : undefined;
    for (const ip of ips) {
      leases.push({ ip, ...(mac ? { mac } : {}), ...(name(host) ? { hostname: host } : {}), ...(mac ? {} : { clientId: id }), ...(expires ? { expires } : {}) });
    }
  }
  return { format: 'odhcpd', leases, skipped };
}

/** Guesses the format from the text and reads it. */
export function parseLeaseFile(text: string): LeaseFile {
  if (/^\s*lease\s+\S+\s*\{/m.test(text)) return parseIscDhcpdLeases(text);
  if (/^# \S+ \S+ \S+ /m.test(text)) return parseOdhcpdLeases(text);
  return parseDnsmasqLeases(text);
}

/** One DHCP observation per lease, as if the device had just asked (hostname, client id). */
export function leaseObservations(file: LeaseFile, at: string): Observation<DhcpData>[] {
  return file.leases.map((l) => ({
    source: 'dhcp',
    at,
    ...(l.mac ? { mac: l.mac } : {}),
    ip: l.ip,
    data: { ...(l.hostname ? { hostname: l.hostname } : {}), ...(l.clientId ? { clientId: l.clientId } : {}), ...(l.ip.includes(':') ? { v6: true } : {}) },
  }));
}
