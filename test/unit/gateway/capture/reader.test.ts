import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { createCaptureReader, readCaptureFile, readCaptureStream } from '../../../../gateway/capture/reader.ts';
import { CaptureFormatError, LinkType } from '../../../../gateway/capture/types.ts';
import { PcapngWriter, writePcap } from '../../../fixtures/capture-writer.ts';
import { feedInChunks, recordingSink } from '../../../fixtures/recording-sink.ts';
import { CORPUS_DIR as CORPUS } from '../../../fixtures/shared-paths.ts';

const frame = (n: number, fill: number) => Buffer.alloc(n, fill);
const tmp = mkdtempSync(join(tmpdir(), 'hs-reader-test-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const samplePcap = (littleEndian: boolean, nano: boolean) =>
  writePcap({ littleEndian, nano, network: LinkType.LINUX_SLL }, [
    { sec: 100, frac: nano ? 5_000 : 5, data: frame(50, 1) },
    { sec: 101, frac: 0, data: frame(70, 2) },
  ]);
const samplePcapng = () =>
  new PcapngWriter().section(false).interface(LinkType.RAW).enhanced(0, 100_000_005n, frame(50, 1)).toBuffer();

describe('createCaptureReader', () => {
  it.each([
    { name: 'pcap little-endian µs', bytes: samplePcap(true, false), format: 'pcap', linkType: 113 },
    { name: 'pcap big-endian µs', bytes: samplePcap(false, false), format: 'pcap', linkType: 113 },
    { name: 'pcap little-endian ns', bytes: samplePcap(true, true), format: 'pcap', linkType: 113 },
    { name: 'pcap big-endian ns', bytes: samplePcap(false, true), format: 'pcap', linkType: 113 },
    { name: 'pcapng big-endian', bytes: samplePcapng(), format: 'pcapng', linkType: 101 },
  ])('detects $name from the first bytes, even one byte at a time', ({ bytes, format, linkType }) => {
    for (const sizes of [[bytes.length], [1], [3, 1, 50]]) {
      const sink = recordingSink();
      const summary = feedInChunks(createCaptureReader(sink), bytes, sizes);
      expect(summary.format).toBe(format);
      expect(summary.linkTypes).toEqual([linkType]);
      expect(sink.packets[0].tsMs).toBe(100_000.005);
      expect(sink.packets[0].hex).toBe(frame(50, 1).toString('hex'));
    }
  });

  it('throws NOT_A_CAPTURE from push() once four bytes show an unknown magic', () => {
    const reader = createCaptureReader(recordingSink());
    reader.push(Buffer.from('GE'));
    expect(() => reader.push(Buffer.from('T / HTTP/1.1'))).toThrow(
      expect.objectContaining({ name: 'CaptureFormatError', code: 'NOT_A_CAPTURE' }),
    );
  });

  it('throws EMPTY from end() when nothing came, NOT_A_CAPTURE when under four bytes came', () => {
    expect(() => createCaptureReader(recordingSink()).end()).toThrow(expect.objectContaining({ code: 'EMPTY' }));
    const short = createCaptureReader(recordingSink());
    short.push(Buffer.from([0xd4, 0xc3]));
    expect(() => short.end()).toThrow(expect.objectContaining({ code: 'NOT_A_CAPTURE' }));
  });
});

describe('readCaptureStream / readCaptureFile', () => {
  it('reads a stream of odd chunks and reports progress', async () => {
    const bytes = samplePcap(true, false);
    const chunks = [bytes.subarray(0, 3), bytes.subarray(3, 30), bytes.subarray(30)];
    const progress: number[] = [];
    const sink = recordingSink();
    const summary = await readCaptureStream(Readable.from(chunks), sink, (n) => progress.push(n));
    expect(summary).toMatchObject({ format: 'pcap', packets: 2, bytes: bytes.length, truncated: false });
    expect(progress).toEqual([3, 30, bytes.length]);
  });

  it('rejects a stream that is not a capture with CaptureFormatError', async () => {
    const stream = Readable.from([Buffer.from('<html>not a capture</html>')]);
    await expect(readCaptureStream(stream, recordingSink())).rejects.toBeInstanceOf(CaptureFormatError);
    await expect(readCaptureStream(Readable.from([]), recordingSink())).rejects.toMatchObject({ code: 'EMPTY' });
  });

  it('reads a file and reports truncation of a cut one', async () => {
    const full = samplePcapng();
    const path = join(tmp, 'cut.pcapng');
    writeFileSync(path, full.subarray(0, full.length - 2));
    const summary = await readCaptureFile(path, recordingSink());
    expect(summary).toMatchObject({ format: 'pcapng', packets: 0, truncated: true });
  });

  it('rejects a missing file with the file system error', async () => {
    await expect(readCaptureFile(join(tmp, 'nope.pcap'), recordingSink())).rejects.toMatchObject({ code: 'ENOENT' });
  });
});

/** Milliseconds from tshark's "seconds.fraction" epoch text, without losing digits to a float parse of the whole. */
function epochTextToMs(text: string): number {
  const [sec, frac = ''] = text.trim().split('.');
  return Number(sec) * 1000 + Number(`0.${frac || '0'}`) * 1000;
}

const run = promisify(execFile);

describe('agreement with tshark on real captures', () => {
  // pcap in both byte orders and with nanoseconds, and pcapng, all with link types tshark decodes.
  it.each([
    'afs.pcap',
    'pptp.pcap',
    'ipoib.pcap',
    'tcp-handshake-nano.pcap',
    'of13_ericsson.pcapng',
    'OSPFv2_Capture_FINAL.pcapng',
    'vsock-1.pcapng',
  ])('%s: same packet count and first/last timestamps', async (file) => {
    const path = join(CORPUS, file);
    const { stdout } = await run('tshark', ['-r', path, '-T', 'fields', '-e', 'frame.time_epoch'], {
      maxBuffer: 64 * 1024 * 1024,
    });
    const expected = stdout.split('\n').filter((l) => l.trim() !== '').map(epochTextToMs);
    const ts: number[] = [];
    const summary = await readCaptureFile(path, { packet: (_l, tsMs) => ts.push(tsMs) });
    expect(expected.length).toBeGreaterThan(1);
    expect(summary.packets).toBe(expected.length);
    expect(ts.length).toBe(expected.length);
    expect(summary.malformedRecords).toBe(0);
    expect(summary.truncated).toBe(false);
    // Within a microsecond: the contract promises microsecond precision in a float of milliseconds.
    expect(Math.abs(ts[0] - expected[0])).toBeLessThan(0.001);
    expect(Math.abs(ts[ts.length - 1] - expected[expected.length - 1])).toBeLessThan(0.001);
  });
});
