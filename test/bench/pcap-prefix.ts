/**
 * Cuts a classic pcap file at a record boundary: the first records that fit in `maxBytes`. Used to run
 * slow tools (tshark) on a prefix of a large capture and scale their rate.
 */
import { closeSync, openSync, readSync, writeSync } from 'node:fs';

/** What was written. */
export interface PrefixResult {
  bytes: number;
  packets: number;
}

const CHUNK = 4 * 1024 * 1024;

/** Copies the pcap header and whole records of `src` to `dst` until `maxBytes` would be exceeded. */
export function writePcapPrefix(src: string, dst: string, maxBytes: number): PrefixResult {
  const inFd = openSync(src, 'r');
  const outFd = openSync(dst, 'w');
  try {
    const buf = Buffer.allocUnsafe(CHUNK + 70000);
    let filled = readSync(inFd, buf, 0, buf.length, 0);
    let filePos = filled;
    const magic = buf.readUInt32LE(0);
    const le = magic === 0xa1b2c3d4 || magic === 0xa1b23c4d;
    if (!le && buf.readUInt32BE(0) !== 0xa1b2c3d4 && buf.readUInt32BE(0) !== 0xa1b23c4d) throw new Error(`${src}: not a classic pcap file`);
    let pos = 24;
    let written = 24;
    let packets = 0;
    // Records are copied in contiguous runs, one write per refill, not one per record.
    let runStart = 0;
    for (;;) {
      if (filled - pos < 16 + 65536 && filled === buf.length) {
        writeSync(outFd, buf, runStart, pos - runStart);
        buf.copy(buf, 0, pos, filled);
        filled -= pos;
        pos = 0;
        runStart = 0;
        const n = readSync(inFd, buf, filled, buf.length - filled, filePos);
        filePos += n;
        filled += n;
      }
      if (filled - pos < 16) break;
      const caplen = le ? buf.readUInt32LE(pos + 8) : buf.readUInt32BE(pos + 8);
      const recLen = 16 + caplen;
      if (filled - pos < recLen || written + recLen > maxBytes) break;
      pos += recLen;
      written += recLen;
      packets++;
    }
    writeSync(outFd, buf, runStart, pos - runStart);
    return { bytes: written, packets };
  } finally {
    closeSync(inFd);
    closeSync(outFd);
  }
}
