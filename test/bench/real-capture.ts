/**
 * The real-traffic bench input, built at run time and never committed: the IoT Sentinel setup captures (31 real
 * devices; source, commit and licence in test/fixtures/identify-eval/sources.json), merged in time order and
 * repeated (each repeat shifted past the previous one) to at least `minPackets` packets.
 *
 * Where the captures come from, first found wins:
 *   1. `--real-captures DIR` or HOMESWEEP_REAL_CAPTURES: a git directory or clone of the repository, or a folder
 *      holding pcap files;
 *   2. the local mirror /work/.mirror/andypitcher+IoT_Sentinel/repo;
 *   3. a shallow clone of the public repository into /tmp/homesweep-bench/ (network);
 *   4. the shared corpus (/work/shared/corpus), its Ethernet pcap files merged.
 * The built file is cached in /tmp/homesweep-bench/ with a description beside it.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync, openSync, writeSync, closeSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pcapFileHeader } from '../fixtures/capture-writer.ts';
import { CORPUS_DIR } from '../fixtures/shared-paths.ts';
import { BENCH_DIR } from './capture-cache.ts';

const SENTINEL_URL = 'https://github.com/andypitcher/IoT_Sentinel';
const SENTINEL_COMMIT = '0743dc668bb317600663be18a35f89fad134400a';
const SENTINEL_PREFIX = 'captures_IoT_Sentinel/captures_IoT-Sentinel/';
/** Where `fetch` keeps the IoT Sentinel repository on this machine. */
export const DEFAULT_MIRROR = '/work/.mirror/andypitcher+IoT_Sentinel/repo';

const DAY_US = 86_400e6;
/** Where appended captures start (2020-09-13). */
const BASE_US = 1_600_000_000e6;

/** A built real-traffic capture. */
export interface RealCapture {
  path: string;
  /** Where the captures came from, in words (printed by the bench). */
  source: string;
  files: number;
  packets: number;
  fileBytes: number;
  repeats: number;
}

/** One capture file's bytes and a name for messages. */
export interface Input {
  name: string;
  data: Buffer;
}

function git(gitDir: string, args: string[]): Buffer {
  return execFileSync('git', ['--git-dir', gitDir, ...args], { maxBuffer: 1 << 30, stdio: ['ignore', 'pipe', 'ignore'] });
}

function gitDirIn(dir: string): string | null {
  for (const d of [join(dir, '.git'), dir]) if (existsSync(join(d, 'HEAD')) && existsSync(join(d, 'objects'))) return d;
  return null;
}

/** The Sentinel pcaps of a git directory, at the recorded commit when it has it, else at HEAD. */
function fromGit(gitDir: string): Input[] {
  let rev = SENTINEL_COMMIT;
  try {
    git(gitDir, ['cat-file', '-e', `${rev}^{commit}`]);
  } catch {
    rev = 'HEAD';
  }
  const names = git(gitDir, ['ls-tree', '-r', '--name-only', rev]).toString('utf8').split('\n');
  const pcaps = names.filter((n) => n.startsWith(SENTINEL_PREFIX) && n.endsWith('.pcap')).sort();
  return pcaps.map((n) => ({ name: n, data: git(gitDir, ['show', `${rev}:${n}`]) }));
}

function pcapFilesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...pcapFilesUnder(p));
    else if (/\.(pcap|cap)$/.test(e.name)) out.push(p);
  }
  return out.sort();
}

function fromFolder(dir: string): Input[] {
  return pcapFilesUnder(dir).map((p) => ({ name: relative(dir, p), data: readFileSync(p) }));
}

/** The IoT Sentinel setup captures of the local mirror, or null when the mirror is not there. */
export function sentinelCapturesFromMirror(): Input[] | null {
  const mirror = gitDirIn(DEFAULT_MIRROR);
  return mirror ? fromGit(mirror) : null;
}

/** Finds the captures (see the file comment) and says where they came from. */
export function locateRealCaptures(explicit?: string): { inputs: Input[]; source: string } {
  const given = explicit ?? process.env.HOMESWEEP_REAL_CAPTURES;
  if (given) {
    if (!existsSync(given)) throw new Error(`--real-captures ${given}: no such folder`);
    const g = gitDirIn(given);
    const inputs = g ? fromGit(g) : fromFolder(given);
    if (inputs.length === 0) throw new Error(`--real-captures ${given}: no pcap files there`);
    return { inputs, source: `${given} (${g ? 'git, IoT Sentinel captures' : 'pcap folder'})` };
  }
  const mirrored = sentinelCapturesFromMirror();
  if (mirrored) return { inputs: mirrored, source: `IoT Sentinel setup captures from the local mirror ${DEFAULT_MIRROR}` };
  const clone = join(BENCH_DIR, 'IoT_Sentinel');
  try {
    if (!gitDirIn(clone)) execFileSync('git', ['clone', '--quiet', '--depth', '1', SENTINEL_URL, clone], { stdio: 'ignore', timeout: 300_000 });
    const g = gitDirIn(clone);
    if (g) return { inputs: fromGit(g), source: `IoT Sentinel setup captures cloned from ${SENTINEL_URL} into ${clone}` };
  } catch {
    // No network or no git: the shared corpus below.
  }
  if (existsSync(CORPUS_DIR)) return { inputs: fromFolder(CORPUS_DIR), source: `the shared corpus ${CORPUS_DIR} (the IoT Sentinel captures were not available)` };
  throw new Error('no real captures: give --real-captures DIR (a clone of IoT_Sentinel or a folder of pcaps)');
}

interface Rec {
  /** Timestamp in microseconds. */
  us: number;
  data: Buffer;
  origLen: number;
}

/** Records of one classic little- or big-endian Ethernet pcap (µs or ns); other files are skipped (null). */
function records(input: Input): Rec[] | null {
  const d = input.data;
  if (d.length < 24) return null;
  const m = d.readUInt32LE(0);
  const le = m === 0xa1b2c3d4 || m === 0xa1b23c4d;
  const be = d.readUInt32BE(0) === 0xa1b2c3d4 || d.readUInt32BE(0) === 0xa1b23c4d;
  if (!le && !be) return null;
  const nano = (le ? m : d.readUInt32BE(0)) === 0xa1b23c4d;
  const u32 = (o: number) => (le ? d.readUInt32LE(o) : d.readUInt32BE(o));
  if ((u32(20) & 0xffff) !== 1) return null;
  const out: Rec[] = [];
  for (let o = 24; o + 16 <= d.length; ) {
    const caplen = u32(o + 8);
    if (caplen > 262144 || o + 16 + caplen > d.length) break;
    out.push({ us: u32(o) * 1e6 + (nano ? Math.floor(u32(o + 4) / 1000) : u32(o + 4)), data: d.subarray(o + 16, o + 16 + caplen), origLen: u32(o + 12) });
    o += 16 + caplen;
  }
  return out;
}

/**
 * Returns the merged and repeated capture, building it when the cached one is missing. `minPackets` defaults to
 * 500,000 (the figure was 580,263 packets from three repeats of the Sentinel captures).
 */
export function ensureRealCapture(opts: { explicit?: string; minPackets?: number } = {}): RealCapture {
  const minPackets = opts.minPackets ?? 500_000;
  mkdirSync(BENCH_DIR, { recursive: true });
  const key = (opts.explicit ?? process.env.HOMESWEEP_REAL_CAPTURES ?? 'default').replace(/[^A-Za-z0-9]+/g, '_');
  const path = join(BENCH_DIR, `real-${key}-${minPackets}.pcap`);
  const infoPath = `${path}.json`;
  if (existsSync(path) && existsSync(infoPath)) {
    try {
      const info = JSON.parse(readFileSync(infoPath, 'utf8')) as RealCapture;
      if (info.fileBytes === statSync(path).size) return info;
    } catch {
      // Rebuilt below.
    }
  }
  const { inputs, source } = locateRealCaptures(opts.explicit);
  const perFile: Rec[][] = [];
  for (const input of inputs) {
    const recs = records(input);
    if (recs && recs.length > 0) perFile.push(recs);
  }
  const files = perFile.length;
  const all = perFile.flat();
  if (all.length === 0) throw new Error(`${source}: no Ethernet pcap records`);
  // Time order, as mergecap does; ties keep file order (Array.prototype.sort is stable).
  all.sort((a, b) => a.us - b.us);
  const repeats = Math.max(1, Math.ceil(minPackets / all.length));
  const mergedSpan = all[all.length - 1]!.us - all[0]!.us + 1_000_000;
  if ((all[all.length - 1]!.us + (repeats - 1) * mergedSpan) / 1e6 > 0xffffffff) {
    // Captures from decades apart (a test corpus) would run past 32-bit pcap seconds once repeated: one after the
    // other instead (mergecap -a), each keeping its own timing unless it spans more than a day itself.
    let t = BASE_US;
    all.length = 0;
    for (const recs of perFile) {
      const first = recs[0]!.us;
      const keep = recs.every((r, i) => i === 0 || (r.us >= recs[i - 1]!.us && r.us - first <= DAY_US));
      recs.forEach((r, i) => all.push({ ...r, us: t + (keep ? r.us - first : i * 1000) }));
      t = all[all.length - 1]!.us + 1_000_000;
    }
  }
  const span = all[all.length - 1]!.us - all[0]!.us + 1_000_000;
  const fd = openSync(path, 'w');
  let fileBytes = 0;
  try {
    writeSync(fd, pcapFileHeader({ network: 1 }));
    fileBytes += 24;
    const out = Buffer.allocUnsafe(8 * 1024 * 1024);
    let used = 0;
    for (let r = 0; r < repeats; r++) {
      for (const rec of all) {
        if (used + 16 + rec.data.length > out.length) {
          writeSync(fd, out, 0, used);
          used = 0;
        }
        const us = rec.us + r * span;
        out.writeUInt32LE(Math.floor(us / 1e6), used);
        out.writeUInt32LE(us % 1e6, used + 4);
        out.writeUInt32LE(rec.data.length, used + 8);
        out.writeUInt32LE(rec.origLen, used + 12);
        rec.data.copy(out, used + 16);
        used += 16 + rec.data.length;
        fileBytes += 16 + rec.data.length;
      }
    }
    writeSync(fd, out, 0, used);
  } finally {
    closeSync(fd);
  }
  const info: RealCapture = { path, source, files, packets: all.length * repeats, fileBytes, repeats };
  writeFileSync(infoPath, JSON.stringify(info));
  return info;
}
