/** IP address and CIDR text parsing for indicator matching: both families as bigints, canonical text out. */

import { ipv6FromGroups } from '../../util/ipv6-text.ts';

/** A parsed address: family and value (32 bits for IPv4, 128 for IPv6). */
export interface IpValue {
  version: 4 | 6;
  value: bigint;
}

/** A parsed network: base address with host bits cleared, and prefix length. */
export interface IpNetwork extends IpValue {
  prefix: number;
}

const HEX_GROUP = /^[0-9a-f]{1,4}$/;

/** Dotted-quad IPv4 (no leading zeros, which some parsers read as octal) → 32-bit value, else null. */
export function parseIpv4(text: string): bigint | null {
  const n = parseIpv4Number(text);
  return n < 0 ? null : BigInt(n);
}

/**
 * The same as parseIpv4 as a plain number (−1 when it is not one), read character by character: it runs for
 * every flow the rules see, where a split and a regular expression per part cost more than the lookup itself.
 */
export function parseIpv4Number(text: string): number {
  const len = text.length;
  if (len < 7 || len > 15) return -1;
  let value = 0;
  let part = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i <= len; i++) {
    const c = i < len ? text.charCodeAt(i) : 46;
    if (c === 46) {
      // Empty parts, parts over 255 and leading zeros ("01") are refused, as the text form allows (RFC 6943 §3.1.1).
      if (digits === 0 || part > 255) return -1;
      value = value * 256 + part;
      part = 0;
      digits = 0;
      if (i < len && ++dots > 3) return -1;
    } else if (c >= 48 && c <= 57) {
      if (digits === 1 && part === 0) return -1;
      if (++digits > 3) return -1;
      part = part * 10 + (c - 48);
    } else return -1;
  }
  return dots === 3 ? value : -1;
}

/** IPv6 text (RFC 4291 §2.2 forms: `::` compression, trailing dotted IPv4, optional `%zone`) → 128-bit value, else null. */
export function parseIpv6(text: string): bigint | null {
  let s = text.toLowerCase();
  const zone = s.indexOf('%');
  if (zone >= 0) s = s.slice(0, zone);
  if (s.length < 2) return null;
  const dbl = s.indexOf('::');
  if (dbl >= 0 && s.indexOf('::', dbl + 1) >= 0) return null;
  const head = dbl >= 0 ? s.slice(0, dbl) : s;
  const tail = dbl >= 0 ? s.slice(dbl + 2) : '';
  const headParts = head ? head.split(':') : [];
  const tailParts = tail ? tail.split(':') : [];
  const groups: number[] = [];
  const pushParts = (parts: string[], out: number[], allowV4: boolean): boolean => {
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i];
      if (allowV4 && i === parts.length - 1 && p.includes('.')) {
        const v4 = parseIpv4(p);
        if (v4 === null) return false;
        out.push(Number(v4 >> 16n), Number(v4 & 0xffffn));
      } else if (HEX_GROUP.test(p)) out.push(parseInt(p, 16));
      else return false;
    }
    return true;
  };
  const headGroups: number[] = [];
  const tailGroups: number[] = [];
  if (!pushParts(headParts, headGroups, dbl < 0)) return null;
  if (!pushParts(tailParts, tailGroups, true)) return null;
  if (dbl >= 0) {
    const fill = 8 - headGroups.length - tailGroups.length;
    if (fill < 1) return null;
    groups.push(...headGroups, ...new Array<number>(fill).fill(0), ...tailGroups);
  } else groups.push(...headGroups);
  if (groups.length !== 8) return null;
  let n = 0n;
  for (const g of groups) n = (n << 16n) | BigInt(g);
  return n;
}

/**
 * Either family → IpValue, else null. An IPv4-mapped IPv6 address (`::ffff:a.b.c.d`, RFC 4291 §2.5.5.2) is read
 * as the IPv4 address it carries, since dual-stack sockets report IPv4 peers that way.
 */
export function parseIp(text: string): IpValue | null {
  if (text.includes(':')) {
    const v = parseIpv6(text);
    if (v === null) return null;
    if (v >> 32n === 0xffffn) return { version: 4, value: v & 0xffffffffn };
    return { version: 6, value: v };
  }
  const v = parseIpv4(text);
  return v === null ? null : { version: 4, value: v };
}

/** `address/prefix` → network with host bits cleared, else null. A bare address is not a CIDR. */
export function parseCidr(text: string): IpNetwork | null {
  const slash = text.indexOf('/');
  if (slash < 0) return null;
  const prefixText = text.slice(slash + 1);
  if (!/^[0-9]{1,3}$/.test(prefixText)) return null;
  const prefix = Number(prefixText);
  const addrText = text.slice(0, slash);
  const ip = addrText.includes(':') ? parseIpv6(addrText) : parseIpv4(addrText);
  if (ip === null) return null;
  const version = addrText.includes(':') ? 6 : 4;
  const bits = version === 4 ? 32 : 128;
  if (prefix > bits) return null;
  return { version, value: ip & maskOf(bits, prefix), prefix };
}

/** The network mask of a prefix length as a bigint of `bits` bits. */
export function maskOf(bits: number, prefix: number): bigint {
  const all = (1n << BigInt(bits)) - 1n;
  return prefix === 0 ? 0n : all ^ ((1n << BigInt(bits - prefix)) - 1n);
}

/** Canonical text: dotted quad, or RFC 5952 IPv6 (lower case, longest zero run of ≥2 groups compressed). */
export function formatIp(ip: IpValue): string {
  if (ip.version === 4) {
    const n = ip.value;
    return [24n, 16n, 8n, 0n].map((s) => String((n >> s) & 255n)).join('.');
  }
  const groups: number[] = [];
  for (let i = 7; i >= 0; i--) groups.push(Number((ip.value >> BigInt(i * 16)) & 0xffffn));
  return ipv6FromGroups(groups);
}

