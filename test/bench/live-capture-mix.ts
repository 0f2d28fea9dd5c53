/**
 * The home mix the live-capture bench replays: the synthetic home (test/fixtures/synth: 50 devices whose cameras
 * and TVs stream video-like bulk, about 65% of its bytes, among their chatter) interleaved record by record with
 * every setup capture of IoT Sentinel's 31 real devices (public captures, read from the local mirror's git objects by
 * real-capture.ts). Both are Ethernet, classic pcap, frames ≤ 1514 bytes. The real captures bring the
 * small packets of real firmware (DHCP, DNS, mDNS, SSDP, TLS set-up, ~317 bytes a packet on average); their
 * share of packets is far above a typical home's at 200 Mbit/s, which makes the mix hard on packets per second
 * rather than flattering. Without the mirror, the synthetic home alone is used (and the bench says so).
 * Cached in BENCH_DIR by its inputs' sizes; file timestamps do not matter (tcpdump stamps packets as they arrive).
 */
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BENCH_DIR, ensureCapture } from './capture-cache.ts';
import { DEFAULT_MIRROR, sentinelCapturesFromMirror } from './real-capture.ts';
const SYNTH_BYTES = 128 * 1024 * 1024;
const PCAP_HEADER = 24;
const REC_HEADER = 16;
const LINKTYPE_ETHERNET = 1;

/** The replayed file and what it holds. */
export interface HomeMix {
  path: string;
  packets: number;
  bytes: number;
  /** Plain words: which inputs, how many packets of each. */
  description: string;
}

/** Offsets of the records of a little-endian classic Ethernet pcap held in `buf`; throws on anything else. */
function recordOffsets(buf: Buffer, name: string): number[] {
  if (buf.length < PCAP_HEADER || buf.readUInt32LE(0) !== 0xa1b2c3d4) throw new Error(`${name}: not a little-endian microsecond pcap`);
  if (buf.readUInt32LE(20) !== LINKTYPE_ETHERNET) throw new Error(`${name}: link type ${buf.readUInt32LE(20)}, expected Ethernet`);
  const out: number[] = [];
  let pos = PCAP_HEADER;
  while (pos + REC_HEADER <= buf.length) {
    const len = REC_HEADER + buf.readUInt32LE(pos + 8);
    if (pos + len > buf.length) break;
    out.push(pos);
    pos += len;
  }
  return out;
}

/** The records of the IoT Sentinel captures (one buffer per file), or null when the mirror is not there. */
function iotSentinelRecords(): Array<{ buf: Buffer; offsets: number[] }> | null {
  return sentinelCapturesFromMirror()?.map((c) => ({ buf: c.data, offsets: recordOffsets(c.data, c.name) })) ?? null;
}

/** Builds (or reuses) the mix and returns it. */
export function ensureHomeMix(): HomeMix {
  mkdirSync(BENCH_DIR, { recursive: true });
  const synth = ensureCapture(SYNTH_BYTES, 50, 1, 'pcap');
  const real = iotSentinelRecords();
  const path = join(BENCH_DIR, real ? 'live-mix-synth-iotsentinel.pcap' : 'live-mix-synth.pcap');
  const metaPath = `${path}.json`;
  if (existsSync(path) && existsSync(metaPath)) {
    const meta = JSON.parse(readFileSync(metaPath, 'utf8')) as HomeMix;
    if (meta.bytes === statSync(path).size) return meta;
  }
  const synthBuf = readFileSync(synth.path);
  const synthRecs = recordOffsets(synthBuf, synth.path);
  const realRecs = real ? real.flatMap((f) => f.offsets.map((o) => [f.buf, o] as const)) : [];
  const parts: Buffer[] = [synthBuf.subarray(0, PCAP_HEADER)];
  const rec = (buf: Buffer, off: number) => buf.subarray(off, off + REC_HEADER + buf.readUInt32LE(off + 8));
  // Interleaved evenly: the next record comes from whichever input is further behind in its own order, so every
  // second of the replay carries both.
  let i = 0;
  let j = 0;
  while (i < synthRecs.length || j < realRecs.length) {
    if (j >= realRecs.length || (i < synthRecs.length && i / synthRecs.length <= j / realRecs.length)) parts.push(rec(synthBuf, synthRecs[i++]!));
    else parts.push(rec(realRecs[j]![0], realRecs[j++]![1]));
  }
  const out = Buffer.concat(parts);
  rmSync(path, { force: true });
  writeFileSync(path, out);
  const description = real
    ? `synthetic home (${synthRecs.length.toLocaleString('en-US')} packets, 50 devices, video-like bulk) interleaved with IoT Sentinel's ` +
      `${real.length} real setup captures (${realRecs.length.toLocaleString('en-US')} packets, 31 devices)`
    : `synthetic home only (${synthRecs.length.toLocaleString('en-US')} packets; the IoT Sentinel mirror ${DEFAULT_MIRROR} is missing)`;
  const mix: HomeMix = { path, packets: synthRecs.length + realRecs.length, bytes: out.length, description };
  writeFileSync(metaPath, JSON.stringify(mix));
  return mix;
}
