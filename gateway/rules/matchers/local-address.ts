/** Whether an address in text form belongs to the home (private, link-local, loopback, unique-local). */
import { isLocalV4, isLocalV6Prefix } from '../../capture/address.ts';
import { parseIpv4Number } from '../indicators/ip-address.ts';

/** True for RFC 1918, link-local and loopback IPv4 and for link-local / unique-local / loopback IPv6 text. */
export function isLocalAddress(ip: string): boolean {
  if (ip.includes(':')) return isLocalV6Prefix(ip.toLowerCase());
  const n = parseIpv4Number(ip);
  return n >= 0 && isLocalV4(n);
}
