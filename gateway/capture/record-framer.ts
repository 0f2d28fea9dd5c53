/**
 * Chunk-to-record framing shared by the pcap and pcapng readers.
 *
 * A format parses whole units (file header, packet record, block) straight out of each pushed chunk. Only the
 * unit that straddles two chunks is copied, into one reusable buffer that grows to the largest such unit, so the
 * steady state allocates nothing per packet.
 */

import type { CaptureReader, ReaderSummary } from './types.ts';

/** One capture format as the framer drives it. */
export interface FramedFormat {
  /**
   * Length of the next unit starting at `buf[off]` given `avail` bytes: the minimum header size when the header is
   * not all there yet, else the whole unit's length. A value `<= avail` means the unit is complete (a malformed
   * header may return anything `<= avail`; `consume` then reports it).
   */
  unitLength(buf: Buffer, off: number, avail: number): number;
  /** Consumes complete units in `buf[off, end)` and returns the offset after the last one it consumed. */
  consume(buf: Buffer, off: number, end: number): number;
  /** True once the format met a record it cannot frame past; further input is ignored. */
  readonly stopped: boolean;
  /** Counters for the summary: packets handed to the sink, bytes of whole units, impossible records. */
  readonly packets: number;
  readonly bytes: number;
  readonly malformed: number;
  /** Every link type seen so far. */
  linkTypes(): number[];
}

/** A push reader over one framed format: the body of both `createPcapReader` and `createPcapngReader`. */
export function createFramedReader(name: ReaderSummary['format'], format: FramedFormat): CaptureReader {
  const framer = new RecordFramer(format);
  return {
    push(chunk: Buffer): void {
      framer.push(chunk);
    },
    end(): ReaderSummary {
      return {
        format: name,
        packets: format.packets,
        bytes: format.bytes,
        malformedRecords: format.malformed,
        truncated: !format.stopped && framer.pending > 0,
        linkTypes: format.linkTypes(),
      };
    },
  };
}

const INITIAL_TAIL = 64 * 1024;

/** Feeds chunks of any size to a {@link FramedFormat}, carrying only the unconsumed tail between chunks. */
export class RecordFramer {
  private tail: Buffer = Buffer.allocUnsafe(INITIAL_TAIL);
  private tailLen = 0;

  constructor(private readonly format: FramedFormat) {}

  /** Bytes received but not yet framed (a partial unit). */
  get pending(): number {
    return this.tailLen;
  }

  /** Frames as many units as the bytes so far allow. */
  push(chunk: Buffer): void {
    const fmt = this.format;
    if (fmt.stopped || chunk.length === 0) return;
    const n = chunk.length;
    let off = 0;
    if (this.tailLen > 0) {
      // Complete the straddling unit from the head of this chunk, one header step at a time: the header may
      // reveal that the unit is longer than first thought.
      for (;;) {
        const need = fmt.unitLength(this.tail, 0, this.tailLen);
        if (need <= this.tailLen) break;
        const take = Math.min(need - this.tailLen, n - off);
        this.append(chunk, off, off + take);
        off += take;
        if (this.tailLen < need) return;
      }
      const used = fmt.consume(this.tail, 0, this.tailLen);
      // The tail held exactly one unit, so it is now either consumed or the format has stopped.
      this.tailLen = used >= this.tailLen ? 0 : this.tailLen;
      if (fmt.stopped || this.tailLen > 0) return;
    }
    const used = fmt.consume(chunk, off, n);
    if (!fmt.stopped && used < n) this.append(chunk, used, n);
  }

  private append(src: Buffer, from: number, to: number): void {
    const len = to - from;
    if (this.tailLen + len > this.tail.length) {
      const grown = Buffer.allocUnsafe(Math.max(this.tail.length * 2, this.tailLen + len));
      this.tail.copy(grown, 0, 0, this.tailLen);
      this.tail = grown;
    }
    src.copy(this.tail, this.tailLen, from, to);
    this.tailLen += len;
  }
}
