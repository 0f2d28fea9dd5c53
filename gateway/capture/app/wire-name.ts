/**
 * Uncompressed DNS wire-format names as DHCP carries them (RFC 4702 §2.3 client FQDN, RFC 4704 DHCPv6 option
 * 39, RFC 3397 domain search). Pure, bounded, never throws.
 */
import { cleanText } from './text.ts';

const MAX_NAME = 253;

/**
 * Reads one name of length-prefixed labels from `buf[start, end)`, lowercased and dot-joined. A name that ends
 * without its root label (a "partial" FQDN, RFC 4702 §2.3.1) is returned as far as it goes. Compression pointers
 * are not allowed here, so a label length with the top bits set ends the name. Returns '' when nothing was read.
 */
export function readWireName(buf: Buffer, start: number, end: number): string {
  const stop = Math.min(end, buf.length);
  let off = start;
  let name = '';
  while (off < stop && name.length < MAX_NAME) {
    const len = buf[off];
    if (len === 0 || len > 63 || off + 1 + len > stop) break;
    const label = cleanText(buf.toString('utf8', off + 1, off + 1 + len), 63);
    name += (name ? '.' : '') + label;
    off += 1 + len;
  }
  return name.slice(0, MAX_NAME).toLowerCase();
}
