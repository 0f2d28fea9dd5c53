/**
 * Micro-benchmark (not a test): capture reader throughput on a ~200 MB pcap of mixed frame sizes.
 * Run: npx tsx test/bench/reader-bench.ts [sizeMB]
 * Compares readCaptureFile (1 MiB stream chunks, record framing, sink calls) with a baseline that reads the
 * whole file with fs.readFileSync and walks the records in one tight loop, and shows the reader's CPU cost
 * alone by pushing the file, already in memory, in 1 MiB chunks.
 */
import { closeSync, existsSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';
import { createCaptureReader, readCaptureFile } from '../../gateway/capture/reader.ts';
import type { PacketSink } from '../../gateway/capture/types.ts';
import { pcapFileHeader, pcapRecord } from '../fixtures/capture-writer.ts';

const sizeMb = Number(process.argv[2] ?? 200);

/** Frame sizes as on a home LAN: many small (ACKs, DNS), some medium, many full-size. */
function frameSize(i: number): number {
  // The 60..1514 mix, as in the brief; average about 730 bytes.
  const r = (Math.imul(i, 2654435761) >>> 0) % 100;
  if (r < 45) return 60 + (r % 40);
  if (r < 60) return 100 + r * 8;
  return 1514;
}

/** Small frames only (60..99 bytes), to show the per-packet cost rather than the per-byte one. */
function smallFrameSize(i: number): number {
  return 60 + ((Math.imul(i, 2654435761) >>> 0) % 40);
}

function buildCapture(path: string, mb: number, frameSize: (i: number) => number): void {
  if (existsSync(path) && statSync(path).size >= mb * 1e6) return;
  const fd = openSync(path, 'w');
  writeSync(fd, pcapFileHeader({ network: 1 }));
  const payload = Buffer.alloc(1514, 0x5a);
  let written = 24;
  let batch: Buffer[] = [];
  for (let i = 0; written < mb * 1e6; i++) {
    const data = payload.subarray(0, frameSize(i));
    const rec = pcapRecord({ sec: 1_700_000_000 + (i >> 10), frac: (i * 977) % 1_000_000, data });
    batch.push(rec);
    written += rec.length;
    if (batch.length === 4096) {
      writeSync(fd, Buffer.concat(batch));
      batch = [];
    }
  }
  writeSync(fd, Buffer.concat(batch));
  closeSync(fd);
}

function countingSink(): PacketSink & { n: number; bytes: number } {
  return {
    n: 0,
    bytes: 0,
    packet(_linkType, _tsMs, _data, start, end) {
      this.n++;
      this.bytes += end - start;
    },
  };
}

/** Baseline: whole file in memory, the same header reads and sink calls, no streaming or chunk joins. */
function baseline(path: string, sink: PacketSink): number {
  const buf = readFileSync(path);
  const linkType = buf.readUInt32LE(20) & 0xffff;
  let off = 24;
  let n = 0;
  while (off + 16 <= buf.length) {
    const caplen = buf.readUInt32LE(off + 8);
    const next = off + 16 + caplen;
    if (next > buf.length) break;
    const tsMs = buf.readUInt32LE(off) * 1000 + buf.readUInt32LE(off + 4) / 1000;
    sink.packet(linkType, tsMs, buf, off + 16, next, buf.readUInt32LE(off + 12));
    n++;
    off = next;
  }
  return n;
}

function report(label: string, packets: number, bytes: number, ms: number): void {
  const pps = (packets / ms) * 1000;
  const mbs = bytes / 1e6 / (ms / 1000);
  console.log(
    `${label.padEnd(28)} ${packets} packets in ${ms.toFixed(0)} ms: ${(pps / 1e6).toFixed(2)} Mpackets/s, ${mbs.toFixed(0)} MB/s`,
  );
}

const CHUNK = 1024 * 1024;

async function bench(path: string): Promise<void> {
  const fileBytes = statSync(path).size;
  console.log(`capture: ${path} (${(fileBytes / 1e6).toFixed(0)} MB)`);
  for (let round = 1; round <= 3; round++) {
    const sink = countingSink();
    let t = performance.now();
    const summary = await readCaptureFile(path, sink);
    report(`round ${round} readCaptureFile`, summary.packets, fileBytes, performance.now() - t);
    const base = countingSink();
    t = performance.now();
    const n = baseline(path, base);
    report(`round ${round} readFileSync loop`, n, fileBytes, performance.now() - t);
    const mem = readFileSync(path);
    const pushed = countingSink();
    t = performance.now();
    const reader = createCaptureReader(pushed);
    // Chunk edges fall mid-record, as with a stream, so the straddle path is timed too.
    for (let off = 0; off < mem.length; off += CHUNK) reader.push(mem.subarray(off, off + CHUNK));
    reader.end();
    report(`round ${round} in-memory push`, pushed.n, fileBytes, performance.now() - t);
    if (n !== summary.packets || pushed.n !== n) {
      throw new Error(`packet counts differ: file ${summary.packets}, baseline ${n}, in-memory ${pushed.n}`);
    }
  }
}

const mixed = `/tmp/homesweep-reader-bench-${sizeMb}mb.pcap`;
buildCapture(mixed, sizeMb, frameSize);
await bench(mixed);
const small = `/tmp/homesweep-reader-bench-small-${Math.round(sizeMb / 2)}mb.pcap`;
buildCapture(small, sizeMb / 2, smallFrameSize);
await bench(small);
