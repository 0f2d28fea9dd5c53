import { describe, expect, it } from 'vitest';
import { createPcapReader } from '../../../../gateway/capture/pcap-reader.ts';
import { CaptureFormatError } from '../../../../gateway/capture/types.ts';
import { pcapFileHeader, pcapRecord, writePcap, type PcapRecord } from '../../../fixtures/capture-writer.ts';
import { feedInChunks, randomSizes, recordingSink } from '../../../fixtures/recording-sink.ts';

const frame = (n: number, fill: number) => Buffer.alloc(n, fill);

function readAll(bytes: Buffer, sizes?: number[], maxCaplen?: number) {
  const sink = recordingSink();
  const reader = createPcapReader(sink, maxCaplen === undefined ? {} : { maxCaplen });
  const summary = feedInChunks(reader, bytes, sizes ?? [bytes.length || 1]);
  return { summary, packets: sink.packets };
}

describe('createPcapReader', () => {
  it.each([
    { name: 'little-endian µs', littleEndian: true, nano: false },
    { name: 'big-endian µs', littleEndian: false, nano: false },
    { name: 'little-endian ns', littleEndian: true, nano: true },
    { name: 'big-endian ns', littleEndian: false, nano: true },
  ])('reads $name records with their timestamps, data and lengths', ({ littleEndian, nano }) => {
    const scale = nano ? 1000 : 1;
    const records: PcapRecord[] = [
      { sec: 1_700_000_000, frac: 123_456 * scale, data: frame(60, 0xaa) },
      { sec: 1_700_000_001, frac: 999_999 * scale, data: frame(1514, 0xbb) },
      { sec: 1_700_000_002, frac: 0, data: frame(96, 0xcc), origLen: 1500 },
    ];
    const { summary, packets } = readAll(writePcap({ littleEndian, nano, network: 1 }, records));
    expect(packets.map((p) => p.tsMs)).toEqual([1_700_000_000_123.456, 1_700_000_001_999.999, 1_700_000_002_000]);
    expect(packets.map((p) => p.hex)).toEqual(records.map((r) => r.data.toString('hex')));
    expect(packets.map((p) => p.origLen)).toEqual([60, 1514, 1500]);
    expect(packets.every((p) => p.linkType === 1)).toBe(true);
    expect(summary).toEqual({
      format: 'pcap',
      packets: 3,
      bytes: 24 + 16 * 3 + 60 + 1514 + 96,
      malformedRecords: 0,
      truncated: false,
      linkTypes: [1],
    });
  });

  it('keeps nanosecond precision below the millisecond', () => {
    const { packets } = readAll(writePcap({ nano: true }, [{ sec: 1, frac: 1, data: frame(4, 1) }]));
    expect(packets[0].tsMs).toBeCloseTo(1000.000001, 9);
  });

  it('masks the FCS-length and reserved bits out of the link type', () => {
    // FCS length 2 (in 16-bit units) with the "FCS length present" bit, over LINKTYPE_IEEE802_11 (105).
    const network = (2 << 28) | 0x04000000 | 105;
    const { summary, packets } = readAll(writePcap({ network }, [{ sec: 1, frac: 0, data: frame(24, 1) }]));
    expect(summary.linkTypes).toEqual([105]);
    expect(packets[0].linkType).toBe(105);
  });

  it('delivers zero-length records', () => {
    const { summary, packets } = readAll(writePcap({}, [{ sec: 5, frac: 0, data: Buffer.alloc(0), origLen: 64 }]));
    expect(summary.packets).toBe(1);
    expect(packets[0]).toEqual({ linkType: 1, tsMs: 5000, hex: '', origLen: 64 });
  });

  it('stops at an impossible caplen, counts it and keeps what came before', () => {
    const bytes = Buffer.concat([
      pcapFileHeader(),
      pcapRecord({ sec: 1, frac: 0, data: frame(60, 1) }),
      pcapRecord({ sec: 2, frac: 0, data: frame(60, 2), caplen: 0x7fff0000 }),
      pcapRecord({ sec: 3, frac: 0, data: frame(60, 3) }),
    ]);
    for (const sizes of [[bytes.length], [1], [7, 13]]) {
      const { summary, packets } = readAll(bytes, sizes);
      expect(packets.map((p) => p.tsMs)).toEqual([1000]);
      expect(summary).toMatchObject({ packets: 1, malformedRecords: 1, truncated: false, bytes: 24 + 76 });
    }
  });

  it('honours a smaller maxCaplen', () => {
    const bytes = writePcap({}, [
      { sec: 1, frac: 0, data: frame(100, 1) },
      { sec: 2, frac: 0, data: frame(200, 2) },
    ]);
    expect(readAll(bytes, undefined, 150).summary).toMatchObject({ packets: 1, malformedRecords: 1 });
    expect(readAll(bytes, undefined, 200).summary).toMatchObject({ packets: 2, malformedRecords: 0 });
  });

  it.each([
    { cut: 24 + 16 + 60 + 10, packets: 1, truncated: true, why: 'inside a record body' },
    { cut: 24 + 16 + 60 + 3, packets: 1, truncated: true, why: 'inside a record header' },
    { cut: 24 + 16 + 60, packets: 1, truncated: false, why: 'on a record boundary' },
    { cut: 10, packets: 0, truncated: true, why: 'inside the file header' },
  ])('reports truncation when the input ends $why', ({ cut, packets, truncated }) => {
    const full = writePcap({}, [
      { sec: 1, frac: 0, data: frame(60, 1) },
      { sec: 2, frac: 0, data: frame(60, 2) },
    ]);
    const { summary } = readAll(full.subarray(0, cut));
    expect(summary.packets).toBe(packets);
    expect(summary.truncated).toBe(truncated);
    expect(summary.malformedRecords).toBe(0);
  });

  it('gives an empty summary for a header-only file', () => {
    const { summary } = readAll(pcapFileHeader({ network: 113 }));
    expect(summary).toEqual({
      format: 'pcap',
      packets: 0,
      bytes: 24,
      malformedRecords: 0,
      truncated: false,
      linkTypes: [113],
    });
  });

  it('rejects an unsupported version and a wrong magic with CaptureFormatError', () => {
    const old = writePcap({ versionMajor: 1 }, []);
    expect(() => readAll(old)).toThrow(CaptureFormatError);
    expect(() => readAll(old)).toThrow(expect.objectContaining({ code: 'UNSUPPORTED' }));
    const junk = Buffer.alloc(40, 0x41);
    expect(() => readAll(junk)).toThrow(expect.objectContaining({ code: 'NOT_A_CAPTURE' }));
  });

  it.each([
    { name: 'little-endian', littleEndian: true },
    { name: 'big-endian', littleEndian: false },
  ])('frames $name input identically whatever the chunk sizes', ({ littleEndian }) => {
    const records: PcapRecord[] = [];
    for (let i = 0; i < 200; i++) {
      records.push({ sec: 1000 + i, frac: i * 37, data: frame(1 + ((i * 7919) % 1514), i & 0xff) });
    }
    const bytes = writePcap({ littleEndian }, records);
    const whole = readAll(bytes);
    expect(whole.summary.packets).toBe(200);
    for (const sizes of [[1], [2, 3], randomSizes(500, 64), randomSizes(500, 5000, 99), [16, 24, 4096]]) {
      const chunked = readAll(bytes, sizes);
      expect(chunked.packets).toEqual(whole.packets);
      expect(chunked.summary).toEqual(whole.summary);
    }
  });
});
