/**
 * Shrinks a classic pcap by cutting the payload of bulk TCP segments, the way a capture with a short snap
 * length would: the record keeps its original length (orig_len), so byte counts and rates stay true, while
 * headers, DNS, DHCP, mDNS, SSDP and TLS handshakes stay whole. Pure: a malformed file gives null.
 */

/** How many records were cut, and the result. */
export interface TrimResult {
  pcap: Buffer;
  records: number;
  trimmed: number;
}

const TLS_HANDSHAKE = 0x16;

/**
 * Cuts each Ethernet/IPv4/TCP segment whose payload is longer than `minPayload` bytes to its first `keep`
 * payload bytes, unless it carries a TLS handshake record (ClientHello/ServerHello/certificates stay whole).
 */
export function trimBulkTcp(input: Buffer, minPayload = 200, keep = 16): TrimResult | null {
  if (input.length < 24) return null;
  const magic = input.readUInt32LE(0);
  const le = magic === 0xa1b2c3d4 || magic === 0xa1b23c4d;
  if (!le && input.readUInt32BE(0) !== 0xa1b2c3d4 && input.readUInt32BE(0) !== 0xa1b23c4d) return null;
  const u32 = (off: number) => (le ? input.readUInt32LE(off) : input.readUInt32BE(off));
  const linktype = u32(20) & 0xffff;
  const out: Buffer[] = [input.subarray(0, 24)];
  let off = 24;
  let records = 0;
  let trimmed = 0;
  while (off + 16 <= input.length) {
    const incl = u32(off + 8);
    if (off + 16 + incl > input.length) return null;
    const header = Buffer.from(input.subarray(off, off + 16));
    const data = input.subarray(off + 16, off + 16 + incl);
    let cut = incl;
    if (linktype === 1 && data.length >= 34 && data.readUInt16BE(12) === 0x0800 && data[23] === 6) {
      const ihl = (data[14] & 0x0f) * 4;
      const tcpOff = 14 + ihl;
      if (data.length >= tcpOff + 20) {
        const payloadOff = tcpOff + (data[tcpOff + 12] >> 4) * 4;
        const ipEnd = 14 + data.readUInt16BE(16);
        const payloadLen = Math.min(ipEnd, data.length) - payloadOff;
        if (payloadLen > minPayload && data[payloadOff] !== TLS_HANDSHAKE) cut = payloadOff + keep;
      }
    }
    if (cut < incl) {
      trimmed++;
      if (le) header.writeUInt32LE(cut, 8);
      else header.writeUInt32BE(cut, 8);
    }
    out.push(header, data.subarray(0, cut));
    records++;
    off += 16 + incl;
  }
  return { pcap: Buffer.concat(out), records, trimmed };
}
