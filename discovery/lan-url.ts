/**
 * Which URLs from the network we are willing to fetch. A LOCATION header or a controlURL is attacker-chosen
 * text; following it blindly would let any device make the gateway send requests elsewhere (SSRF). We fetch
 * only plain HTTP to a private IPv4 address on one of our own subnets that is also the device that told us.
 */
import { inSubnet, isPrivateIpv4, type LocalSubnet } from './interface-info.ts';

/**
 * Returns the parsed URL when `text` is `http://<ip>[:port]/…` with `<ip>` private, inside one of `subnets`
 * and equal to `responderIp`; otherwise null. `base` resolves relative URLs (e.g. a controlURL).
 */
export function lanUrl(text: string, responderIp: string, subnets: LocalSubnet[], base?: string): URL | null {
  if (typeof text !== 'string' || text.length === 0 || text.length > 2048) return null;
  let url: URL;
  try {
    url = base === undefined ? new URL(text) : new URL(text, base);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' || url.username !== '' || url.password !== '') return null;
  const host = url.hostname;
  if (host !== responderIp || !isPrivateIpv4(host)) return null;
  if (!subnets.some((s) => inSubnet(host, s))) return null;
  return url;
}
