/**
 * Streaming reader for pcapng files (draft-ietf-opsawg-pcapng): sections in either byte order, several
 * interfaces with their own link type and timestamp resolution, Enhanced, Simple and (obsolete) Packet Blocks.
 * Every other block type is skipped by its length.
 */
import { createFramedReader, type FramedFormat } from './record-framer.ts';
import { CaptureFormatError, type CaptureReader, type PacketSink } from './types.ts';

/** pcapng block type codes the reader acts on. */
export const PcapngBlock = {
  SHB: 0x0a0d0d0a,
  IDB: 0x00000001,
  OPB: 0x00000002,
  SPB: 0x00000003,
  EPB: 0x00000006,
} as const;

/** Value of the Section Header Block byte-order magic, read in the section's own byte order. */
export const PCAPNG_BYTE_ORDER_MAGIC = 0x1a2b3c4d;

/**
 * Largest block accepted. Larger declared lengths mean a corrupt stream (the reader would otherwise buffer
 * garbage without bound); 16 MiB leaves room for any real packet plus options.
 */
export const MAX_BLOCK_LENGTH = 16 * 1024 * 1024;

const MIN_BLOCK = 12;
const OPT_IF_TSRESOL = 9;
const OPT_IF_TSOFFSET = 14;
/** The largest time a JavaScript Date holds (ECMA-262 §21.4.1.1): ±100,000,000 days around 1970. */
const MAX_DATE_MS = 8.64e15;
const TWO_POW_32 = 4294967296;

class PcapngFormat implements FramedFormat {
  stopped = false;
  packets = 0;
  bytes = 0;
  malformed = 0;
  readonly linkTypesSeen: number[] = [];

  linkTypes(): number[] {
    return [...this.linkTypesSeen];
  }
  private inSection = false;
  private le = true;
  // Per-interface state of the current section, as parallel arrays so the hot path reads numbers, not objects.
  private ifLinkType: number[] = [];
  private ifSnaplen: number[] = [];
  private ifUnitsPerMs: number[] = [];
  private ifOffsetMs: number[] = [];
  // Simple Packet Blocks carry no timestamp: they take the last one seen.
  private lastTsMs = 0;

  constructor(private readonly sink: PacketSink) {}

  unitLength(buf: Buffer, off: number, avail: number): number {
    if (avail < MIN_BLOCK) return MIN_BLOCK;
    let le = this.le;
    if (buf.readUInt32LE(off) === PcapngBlock.SHB) {
      const order = byteOrderOf(buf, off);
      if (order === null) return avail;
      le = order;
    }
    const len = le ? buf.readUInt32LE(off + 4) : buf.readUInt32BE(off + 4);
    // A malformed length is reported as "complete" so that consume() sees it and stops.
    return isValidLength(len) ? len : avail;
  }

  consume(buf: Buffer, off: number, end: number): number {
    const start = off;
    while (end - off >= MIN_BLOCK) {
      // The SHB type is a byte-order palindrome, so it can be recognised before the byte order is known.
      const isShb = buf.readUInt32LE(off) === PcapngBlock.SHB;
      if (isShb) {
        const order = byteOrderOf(buf, off);
        if (order === null) {
          if (!this.inSection) throw new CaptureFormatError('NOT_A_CAPTURE', 'pcapng: bad byte-order magic');
          this.stop();
          break;
        }
        this.le = order;
      } else if (!this.inSection) {
        throw new CaptureFormatError('NOT_A_CAPTURE', 'pcapng: the first block is not a Section Header Block');
      }
      const le = this.le;
      const len = le ? buf.readUInt32LE(off + 4) : buf.readUInt32BE(off + 4);
      if (!isValidLength(len)) {
        this.stop();
        break;
      }
      if (end - off < len) break;
      const trailer = le ? buf.readUInt32LE(off + len - 4) : buf.readUInt32BE(off + len - 4);
      if (trailer !== len) {
        this.stop();
        break;
      }
      if (isShb) {
        if (!this.readSectionHeader(buf, off, len)) break;
      } else {
        const type = le ? buf.readUInt32LE(off) : buf.readUInt32BE(off);
        if (type === PcapngBlock.EPB) this.readEnhanced(buf, off, len, le);
        else if (type === PcapngBlock.SPB) this.readSimple(buf, off, len, le);
        else if (type === PcapngBlock.IDB) this.readInterface(buf, off, len, le);
        else if (type === PcapngBlock.OPB) this.readObsolete(buf, off, len, le);
      }
      off += len;
    }
    this.bytes += off - start;
    return off;
  }

  /** Returns false when the section cannot be read (the read has stopped). */
  private readSectionHeader(buf: Buffer, off: number, len: number): boolean {
    const major = len >= 28 ? (this.le ? buf.readUInt16LE(off + 12) : buf.readUInt16BE(off + 12)) : -1;
    if (major !== 1) {
      if (!this.inSection) {
        throw new CaptureFormatError('UNSUPPORTED', `pcapng: section version ${major} is not supported`);
      }
      this.stop();
      return false;
    }
    this.inSection = true;
    // Interface ids are numbered per section.
    this.ifLinkType.length = 0;
    this.ifSnaplen.length = 0;
    this.ifUnitsPerMs.length = 0;
    this.ifOffsetMs.length = 0;
    return true;
  }

  private readInterface(buf: Buffer, off: number, len: number, le: boolean): void {
    if (len < 20) {
      this.malformed++;
      return;
    }
    const linkType = le ? buf.readUInt16LE(off + 8) : buf.readUInt16BE(off + 8);
    const snaplen = le ? buf.readUInt32LE(off + 12) : buf.readUInt32BE(off + 12);
    let unitsPerMs = 1000;
    let offsetMs = 0;
    const optEnd = off + len - 4;
    let p = off + 16;
    while (optEnd - p >= 4) {
      const code = le ? buf.readUInt16LE(p) : buf.readUInt16BE(p);
      const optLen = le ? buf.readUInt16LE(p + 2) : buf.readUInt16BE(p + 2);
      if (code === 0 || p + 4 + optLen > optEnd) break;
      if (code === OPT_IF_TSRESOL && optLen >= 1) {
        const v = buf[p + 4];
        // High bit set: a negative power of two; clear: a negative power of ten.
        const unitsPerSec = v & 0x80 ? 2 ** (v & 0x7f) : 10 ** v;
        unitsPerMs = unitsPerSec / 1000;
      } else if (code === OPT_IF_TSOFFSET && optLen >= 8) {
        const hi = le ? buf.readInt32LE(p + 8) : buf.readInt32BE(p + 4);
        const lo = le ? buf.readUInt32LE(p + 4) : buf.readUInt32BE(p + 8);
        offsetMs = (hi * TWO_POW_32 + lo) * 1000;
      }
      p += 4 + ((optLen + 3) & ~3);
    }
    this.ifLinkType.push(linkType);
    this.ifSnaplen.push(snaplen);
    this.ifUnitsPerMs.push(unitsPerMs);
    this.ifOffsetMs.push(offsetMs);
    if (!this.linkTypesSeen.includes(linkType)) this.linkTypesSeen.push(linkType);
  }

  private readEnhanced(buf: Buffer, off: number, len: number, le: boolean): void {
    const iface = len >= 32 ? (le ? buf.readUInt32LE(off + 8) : buf.readUInt32BE(off + 8)) : -1;
    this.emitTimed(buf, off, len, le, iface);
  }

  private readObsolete(buf: Buffer, off: number, len: number, le: boolean): void {
    // The obsolete Packet Block has a 16-bit interface id followed by a 16-bit drops count.
    const iface = len >= 32 ? (le ? buf.readUInt16LE(off + 8) : buf.readUInt16BE(off + 8)) : -1;
    this.emitTimed(buf, off, len, le, iface);
  }

  /** EPB and OPB share the layout from offset 12: ts high, ts low, caplen, origlen, data. */
  private emitTimed(buf: Buffer, off: number, len: number, le: boolean, iface: number): void {
    if (iface < 0 || iface >= this.ifLinkType.length) {
      this.malformed++;
      return;
    }
    const caplen = le ? buf.readUInt32LE(off + 20) : buf.readUInt32BE(off + 20);
    if (caplen > len - 32) {
      this.malformed++;
      return;
    }
    const high = le ? buf.readUInt32LE(off + 12) : buf.readUInt32BE(off + 12);
    const low = le ? buf.readUInt32LE(off + 16) : buf.readUInt32BE(off + 16);
    const tsMs = (high * TWO_POW_32 + low) / this.ifUnitsPerMs[iface] + this.ifOffsetMs[iface];
    // A timestamp no date can hold (2^64-1 µs, whole-second units, a huge if_tsoffset) is a damaged record.
    if (!(Math.abs(tsMs) <= MAX_DATE_MS)) {
      this.malformed++;
      return;
    }
    this.lastTsMs = tsMs;
    const origLen = le ? buf.readUInt32LE(off + 24) : buf.readUInt32BE(off + 24);
    this.sink.packet(this.ifLinkType[iface], tsMs, buf, off + 28, off + 28 + caplen, origLen);
    this.packets++;
  }

  private readSimple(buf: Buffer, off: number, len: number, le: boolean): void {
    if (len < 16 || this.ifLinkType.length === 0) {
      this.malformed++;
      return;
    }
    const origLen = le ? buf.readUInt32LE(off + 8) : buf.readUInt32BE(off + 8);
    // The captured length is implied: the original length, cut to the first interface's snaplen and to the block.
    let caplen = Math.min(origLen, len - 16);
    const snaplen = this.ifSnaplen[0];
    if (snaplen > 0 && snaplen < caplen) caplen = snaplen;
    this.sink.packet(this.ifLinkType[0], this.lastTsMs, buf, off + 12, off + 12 + caplen, origLen);
    this.packets++;
  }

  private stop(): void {
    this.malformed++;
    this.stopped = true;
  }
}

/** Byte order of the section whose SHB starts at `off` (true = little-endian), or null if the magic is wrong. */
function byteOrderOf(buf: Buffer, off: number): boolean | null {
  if (buf.readUInt32LE(off + 8) === PCAPNG_BYTE_ORDER_MAGIC) return true;
  if (buf.readUInt32BE(off + 8) === PCAPNG_BYTE_ORDER_MAGIC) return false;
  return null;
}

function isValidLength(len: number): boolean {
  return len >= MIN_BLOCK && len % 4 === 0 && len <= MAX_BLOCK_LENGTH;
}

/** Creates a push reader for a pcapng stream; the first chunk must start at a Section Header Block. */
export function createPcapngReader(sink: PacketSink): CaptureReader {
  const format = new PcapngFormat(sink);
  return createFramedReader('pcapng', format);
}
