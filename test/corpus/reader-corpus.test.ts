/**
 * Robustness corpus: every file of tcpdump's test captures (many deliberately malformed) goes through the
 * capture readers. Nothing may throw except CaptureFormatError, and every read must end.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCaptureReader, readCaptureFile } from '../../gateway/capture/reader.ts';
import { CaptureFormatError, type PacketSink, type ReaderSummary } from '../../gateway/capture/types.ts';
import { feedInChunks, randomSizes } from '../fixtures/recording-sink.ts';
import { CORPUS_DIR as CORPUS } from '../fixtures/shared-paths.ts';

const files = readdirSync(CORPUS)
  .filter((f) => statSync(join(CORPUS, f)).isFile())
  .sort();

/** A sink that checks every view it is given lies inside its buffer, and sums the bytes. */
function checkingSink(): PacketSink & { bad: number; bytes: number; count: number } {
  return {
    bad: 0,
    bytes: 0,
    count: 0,
    packet(linkType, tsMs, data, start, end, origLen) {
      this.count++;
      this.bytes += end - start;
      const ok =
        Number.isInteger(linkType) &&
        Number.isFinite(tsMs) &&
        Number.isInteger(origLen) &&
        start >= 0 &&
        start <= end &&
        end <= data.length;
      if (!ok) this.bad++;
    },
  };
}

type Outcome = { summary: ReaderSummary } | { error: CaptureFormatError };

/** Runs a read and sorts its result; any exception other than CaptureFormatError is rethrown. */
function outcome(read: () => ReaderSummary): Outcome {
  try {
    return { summary: read() };
  } catch (err) {
    if (err instanceof CaptureFormatError) return { error: err };
    throw err;
  }
}

describe('capture readers over the tcpdump test corpus', () => {
  it('finds the corpus', () => {
    expect(files.length).toBeGreaterThan(800);
  });

  it('reads every file to the end, or rejects it with CaptureFormatError only', async () => {
    const rejected: string[] = [];
    const problems: string[] = [];
    let packets = 0;
    for (const file of files) {
      const path = join(CORPUS, file);
      const sink = checkingSink();
      try {
        const s = await readCaptureFile(path, sink);
        packets += s.packets;
        const size = statSync(path).size;
        // A file read without trouble is framed to its last byte; otherwise the framed part is a prefix.
        const whole = !s.truncated && s.malformedRecords === 0;
        if (sink.bad > 0 || s.packets !== sink.count || s.bytes > size || (whole && s.bytes !== size)) {
          problems.push(`${file}: ${JSON.stringify(s)} sink=${sink.count}/${sink.bad}`);
        }
      } catch (err) {
        if (!(err instanceof CaptureFormatError)) throw new Error(`${file}: ${String(err)}`);
        rejected.push(file);
      }
    }
    expect(problems).toEqual([]);
    // The corpus folder also holds its licence and source note, which are not captures.
    expect(rejected).toEqual(files.filter((f) => !/\.pcap(ng)?$/.test(f)));
    expect(packets).toBeGreaterThan(10_000);
  });

  it('gives the same result for every file fed in small random chunks', () => {
    const mismatched: string[] = [];
    const sizes = randomSizes(4096, 97, 2024);
    for (const file of files) {
      const bytes = readFileSync(join(CORPUS, file));
      const whole = outcome(() => feedInChunks(createCaptureReader(checkingSink()), bytes, [bytes.length]));
      const chunked = outcome(() => feedInChunks(createCaptureReader(checkingSink()), bytes, sizes));
      const key = (o: Outcome) => ('error' in o ? o.error.code : JSON.stringify(o.summary));
      if (key(whole) !== key(chunked)) mismatched.push(file);
    }
    expect(mismatched).toEqual([]);
  });

  it('survives every capture cut short and with bytes overwritten', () => {
    let lcg = 7;
    const next = (n: number) => {
      lcg = (Math.imul(lcg, 1664525) + 1013904223) >>> 0;
      return lcg % n;
    };
    let truncatedSeen = 0;
    let malformedSeen = 0;
    for (const file of files.filter((f) => /\.pcap(ng)?$/.test(f))) {
      const bytes = readFileSync(join(CORPUS, file));
      if (bytes.length < 32) continue;
      const cut = bytes.subarray(0, 24 + next(bytes.length - 24));
      const damaged = Buffer.from(bytes);
      // Overwrite a few bytes past the magic with 0xff: lengths and ids turn impossible.
      for (let k = 0; k < 4; k++) damaged[4 + next(damaged.length - 4)] = 0xff;
      for (const input of [cut, damaged]) {
        const o = outcome(() => feedInChunks(createCaptureReader(checkingSink()), input, [1 + next(300)]));
        if ('summary' in o) {
          if (o.summary.truncated) truncatedSeen++;
          if (o.summary.malformedRecords > 0) malformedSeen++;
        }
      }
    }
    // The damage must actually exercise the error paths, or this test proves nothing.
    expect(truncatedSeen).toBeGreaterThan(100);
    expect(malformedSeen).toBeGreaterThan(50);
  });
});
