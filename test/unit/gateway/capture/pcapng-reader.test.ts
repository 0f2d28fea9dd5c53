import { describe, expect, it } from 'vitest';
import { createPcapngReader } from '../../../../gateway/capture/pcapng-reader.ts';
import { LinkType } from '../../../../gateway/capture/types.ts';
import { PcapngWriter } from '../../../fixtures/capture-writer.ts';
import { feedInChunks, randomSizes, recordingSink } from '../../../fixtures/recording-sink.ts';

const frame = (n: number, fill: number) => Buffer.alloc(n, fill);

function readAll(bytes: Buffer, sizes?: number[]) {
  const sink = recordingSink();
  const summary = feedInChunks(createPcapngReader(sink), bytes, sizes ?? [bytes.length || 1]);
  return { summary, packets: sink.packets };
}

/** Three interfaces (µs default, ns, 2^-10 s with an offset) and every packet block kind, plus blocks to skip. */
function mixedCapture(littleEndian: boolean): Buffer {
  return new PcapngWriter()
    .section(littleEndian)
    .interface(LinkType.ETHERNET, { snaplen: 262144 })
    .interface(LinkType.RAW, { tsresol: 9 })
    .block(0x00000bad, Buffer.from('custom block to skip'))
    .interface(LinkType.LINUX_SLL, { tsresol: 0x80 | 10, tsoffset: 1_000_000n })
    .enhanced(0, 1_700_000_000_123_456n, frame(61, 0x11))
    .enhanced(1, 1_700_000_001_000_000_007n, frame(40, 0x22), 1500)
    .simple(frame(42, 0x33))
    .block(4, Buffer.alloc(8)) // Name Resolution Block: skipped
    .obsolete(1, 1_700_000_002_500_000_000n, frame(20, 0x44))
    .enhanced(2, 3n * 1024n + 512n, frame(33, 0x55))
    .block(5, Buffer.alloc(12)) // Interface Statistics Block: skipped
    .toBuffer();
}

describe('createPcapngReader', () => {
  it.each([
    { name: 'little-endian', le: true },
    { name: 'big-endian', le: false },
  ])('reads a $name section with several interfaces and every packet block kind', ({ le }) => {
    const { summary, packets } = readAll(mixedCapture(le));
    expect(packets.map((p) => p.linkType)).toEqual([1, 101, 1, 101, 113]);
    const ts = packets.map((p) => p.tsMs);
    expect(ts[0]).toBe(1_700_000_000_123.456);
    expect(ts[1]).toBeCloseTo(1_700_000_001_000.000007, 3);
    // The Simple Packet Block has no timestamp of its own: it takes the previous packet's.
    expect(ts[2]).toBe(ts[1]);
    expect(ts[3]).toBe(1_700_000_002_500);
    // 3.5 s in 2^-10 units, plus the 1e6 s if_tsoffset.
    expect(ts[4]).toBe(1_000_003_500);
    expect(packets.map((p) => p.hex)).toEqual(
      [frame(61, 0x11), frame(40, 0x22), frame(42, 0x33), frame(20, 0x44), frame(33, 0x55)].map((b) =>
        b.toString('hex'),
      ),
    );
    expect(packets.map((p) => p.origLen)).toEqual([61, 1500, 42, 20, 33]);
    expect(summary).toEqual({
      format: 'pcapng',
      packets: 5,
      bytes: mixedCapture(le).length,
      malformedRecords: 0,
      truncated: false,
      linkTypes: [1, 101, 113],
    });
  });

  it('follows a byte-order change at a new section and renumbers interfaces', () => {
    const bytes = new PcapngWriter()
      .section(false)
      .interface(LinkType.ETHERNET)
      .interface(LinkType.RAW)
      .enhanced(1, 5_000_000n, frame(20, 1))
      .section(true)
      .interface(LinkType.LINUX_SLL2, { tsresol: 3 })
      .enhanced(0, 7000n, frame(30, 2))
      // Interface 1 existed only in the first section.
      .enhanced(1, 8000n, frame(30, 3))
      .toBuffer();
    const { summary, packets } = readAll(bytes);
    expect(packets.map((p) => [p.linkType, p.tsMs])).toEqual([
      [101, 5000],
      [276, 7000], // tsresol 3: milliseconds
    ]);
    expect(summary).toMatchObject({ packets: 2, malformedRecords: 1, truncated: false, linkTypes: [1, 101, 276] });
  });

  it('cuts a Simple Packet Block to the first interface snaplen and skips one with no interface', () => {
    const noIface = new PcapngWriter().section().simple(frame(10, 1)).toBuffer();
    expect(readAll(noIface).summary).toMatchObject({ packets: 0, malformedRecords: 1 });
    const snapped = new PcapngWriter()
      .section()
      .interface(LinkType.ETHERNET, { snaplen: 64 })
      .simple(frame(100, 7))
      .toBuffer();
    const { packets } = readAll(snapped);
    expect(packets).toEqual([{ linkType: 1, tsMs: 0, hex: frame(64, 7).toString('hex'), origLen: 100 }]);
  });

  it('skips a packet whose caplen runs past its block and carries on', () => {
    const bytes = new PcapngWriter()
      .section()
      .interface(LinkType.ETHERNET)
      .enhanced(0, 1000n, frame(16, 1), 16, 4000)
      .enhanced(0, 2000n, frame(16, 2))
      .toBuffer();
    const { summary, packets } = readAll(bytes);
    expect(packets.map((p) => p.tsMs)).toEqual([2]);
    expect(summary).toMatchObject({ packets: 1, malformedRecords: 1, truncated: false });
  });

  const good = () => new PcapngWriter().section().interface(LinkType.ETHERNET).enhanced(0, 1000n, frame(8, 1));
  // Builds only the first min(len, 64) bytes of the block: enough for the reader to judge the length.
  const epbWithLength = (len: number, trailer: number) => {
    const b = Buffer.alloc(Math.min(Math.max(len, 12), 64));
    b.writeUInt32LE(6, 0);
    b.writeUInt32LE(len, 4);
    b.writeUInt32LE(trailer, b.length - 4);
    return b;
  };
  it.each([
    { why: 'not a multiple of 4', block: epbWithLength(30, 30) },
    { why: 'shorter than 12', block: epbWithLength(8, 8) },
    { why: 'a trailing length that differs', block: epbWithLength(32, 36) },
    { why: 'a length beyond any real block', block: epbWithLength(0x40000000, 0) },
  ])('stops at a block with $why and counts it', ({ block }) => {
    const bytes = good().raw(block).enhanced(0, 9000n, frame(8, 2)).toBuffer();
    for (const sizes of [[bytes.length], [1], [5, 11]]) {
      const { summary, packets } = readAll(bytes, sizes);
      expect(packets.map((p) => p.tsMs)).toEqual([1]);
      expect(summary).toMatchObject({ packets: 1, malformedRecords: 1, truncated: false });
    }
  });

  it('stops at a later section header with a bad byte-order magic', () => {
    const bad = new PcapngWriter().section().toBuffer();
    bad.writeUInt32LE(0x12345678, 8);
    const { summary } = readAll(good().raw(bad).toBuffer());
    expect(summary).toMatchObject({ packets: 1, malformedRecords: 1 });
  });

  it.each([
    { cut: -3, truncated: true, why: 'inside the trailing length' },
    { cut: -20, truncated: true, why: 'inside the block body' },
    { cut: 0, truncated: false, why: 'on a block boundary' },
  ])('reports truncation when the input ends $why', ({ cut, truncated }) => {
    const full = good().enhanced(0, 2000n, frame(40, 2)).toBuffer();
    const { summary } = readAll(full.subarray(0, full.length + cut));
    expect(summary.packets).toBe(truncated ? 1 : 2);
    expect(summary.truncated).toBe(truncated);
  });

  it('counts a packet whose timestamp is beyond what a date can hold as malformed, and keeps reading', () => {
    const MAX = 2n ** 64n - 1n;
    const bytes = new PcapngWriter()
      .section()
      .interface(LinkType.ETHERNET) // microseconds: 2^64-1 µs is beyond year 275760
      .interface(LinkType.ETHERNET, { tsresol: 0 }) // whole seconds
      .interface(LinkType.ETHERNET, { tsoffset: 2n ** 62n })
      .interface(LinkType.ETHERNET, { tsoffset: -(2n ** 62n) })
      .enhanced(0, MAX, frame(60, 1))
      .enhanced(1, MAX, frame(60, 2))
      .enhanced(2, 1n, frame(60, 3))
      .obsolete(3, 1n, frame(60, 4))
      .simple(frame(60, 5))
      .enhanced(0, 1_700_000_000_000_000n, frame(60, 6))
      .toBuffer();
    const { summary, packets } = readAll(bytes);
    // The Simple Packet Block before any valid timestamp takes the start of the epoch, as it does at the start of a file.
    expect(packets.map((p) => [p.hex.slice(0, 2), p.tsMs])).toEqual([['05', 0], ['06', 1_700_000_000_000]]);
    expect(summary.malformedRecords).toBe(4);
    expect(summary.packets).toBe(2);
  });

  it('rejects input that does not start with a valid section header', () => {
    const epbFirst = new PcapngWriter().block(6, Buffer.alloc(20)).toBuffer();
    expect(() => readAll(epbFirst)).toThrow(expect.objectContaining({ code: 'NOT_A_CAPTURE' }));
    const badBom = new PcapngWriter().section().toBuffer();
    badBom.writeUInt32LE(0, 8);
    expect(() => readAll(badBom)).toThrow(expect.objectContaining({ code: 'NOT_A_CAPTURE' }));
    const v2 = new PcapngWriter().section(true, 2).toBuffer();
    expect(() => readAll(v2)).toThrow(expect.objectContaining({ code: 'UNSUPPORTED' }));
  });

  it.each([
    { name: 'little-endian', le: true },
    { name: 'big-endian', le: false },
  ])('frames $name input identically whatever the chunk sizes', ({ le }) => {
    const w = new PcapngWriter().section(le).interface(LinkType.ETHERNET).interface(LinkType.RAW, { tsresol: 9 });
    for (let i = 0; i < 150; i++) {
      const data = frame(1 + ((i * 7919) % 1514), i & 0xff);
      if (i % 10 === 3) w.simple(data);
      else if (i % 10 === 7) w.block(0x80000001, data);
      else w.enhanced(i % 2, BigInt(1_600_000_000_000_000 + i * 1013), data);
    }
    w.section(!le).interface(LinkType.LINUX_SLL).enhanced(0, 42n, frame(99, 9));
    const bytes = w.toBuffer();
    const whole = readAll(bytes);
    expect(whole.summary.packets).toBe(136);
    for (const sizes of [[1], [3, 4], randomSizes(500, 64), randomSizes(500, 5000, 7), [12, 4096]]) {
      const chunked = readAll(bytes, sizes);
      expect(chunked.packets).toEqual(whole.packets);
      expect(chunked.summary).toEqual(whole.summary);
    }
  });
});
