/**
 * Interfaces between the capture readers (pcap, pcapng, tcpdump stream), the packet decoders and the engine.
 * The hot path allocates no object per packet: a reader calls `PacketSink.packet` with a view into its buffer.
 */

/** libpcap LINKTYPE_* values the engine decodes (https://www.tcpdump.org/linktypes.html). */
export const LinkType = {
  NULL: 0,
  ETHERNET: 1,
  RAW: 101,
  LOOP: 108,
  LINUX_SLL: 113,
  IPV4: 228,
  IPV6: 229,
  LINUX_SLL2: 276,
} as const;

/** Receives framed capture records. */
export interface PacketSink {
  /**
   * One captured record. The captured bytes are `data[start, end)`; the view is valid only during the call.
   * `tsMs` is milliseconds since the Unix epoch with a fractional part (microsecond precision).
   * `origLen` is the length on the wire (may exceed `end - start` when the capture was snapped).
   */
  packet(linkType: number, tsMs: number, data: Buffer, start: number, end: number, origLen: number): void;
}

/** What a reader knows when its input has ended. */
export interface ReaderSummary {
  format: 'pcap' | 'pcapng';
  /** Records framed and handed to the sink. */
  packets: number;
  /** Bytes consumed from the input. */
  bytes: number;
  /** Records whose header was impossible (e.g. caplen beyond the block) and were skipped or ended the read. */
  malformedRecords: number;
  /** True when the input ended inside a record (the usual sign of a cut or still-being-written file). */
  truncated: boolean;
  /** Every link type seen (pcapng can have several interfaces). */
  linkTypes: number[];
}

/** Push-based streaming reader: feed chunks of any size, then call `end()`. */
export interface CaptureReader {
  push(chunk: Buffer): void;
  end(): ReaderSummary;
}

export type CaptureErrorCode = 'NOT_A_CAPTURE' | 'UNSUPPORTED' | 'EMPTY';

/** Thrown when the input is not a capture at all (bad magic) or uses a format feature we cannot read. */
export class CaptureFormatError extends Error {
  constructor(
    readonly code: CaptureErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'CaptureFormatError';
  }
}
