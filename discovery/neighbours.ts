/**
 * The kernel's neighbour table (ARP for IPv4, NDP for IPv6): which IP answers from which MAC. Reading it sends
 * nothing, so it is the quietest way to tie mDNS/SSDP observations (which carry only an IP) to a MAC.
 * We never ping to fill it (node-arp does, LAB-NOTES §4); entries appear as discovery traffic flows.
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import type { Observation } from '../gateway/contract.ts';

/** One neighbour-table entry with a usable link-layer address. */
export interface Neighbour {
  ip: string;
  /** Lowercase, colon-separated. */
  mac: string;
  /** Lowercase state: `reachable`, `stale`, `delay`, `probe`, `permanent`, `complete`, … */
  state: string;
  dev?: string;
}

/** Data of a `source: 'arp'` (or `'ndp'` for IPv6) observation. */
export type NeighbourData = {
  state: string;
  dev?: string;
  /** Which table read produced it. */
  via: 'proc-net-arp' | 'ip-neigh';
};

const MAC_RE = /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/;

/** Normalises a MAC; null when it is not a usable unicast-looking 48-bit address (zero or broadcast). */
export function normaliseMac(text: unknown): string | null {
  if (typeof text !== 'string') return null;
  const mac = text.trim().toLowerCase().replace(/-/g, ':');
  if (!MAC_RE.test(mac) || mac === '00:00:00:00:00:00' || mac === 'ff:ff:ff:ff:ff:ff') return null;
  return mac;
}

// Flag bits from include/uapi/linux/if_arp.h.
const ATF_COM = 0x02;
const ATF_PERM = 0x04;

/**
 * Parses `/proc/net/arp`. Columns: IP address, HW type, Flags, HW address, Mask, Device. Rows without a
 * complete MAC (incomplete resolution) are left out. Returns null when the text is not that table.
 */
export function parseProcNetArp(text: string): Neighbour[] | null {
  if (typeof text !== 'string') return null;
  const lines = text.split('\n');
  if (!/^IP address\s+HW type\s+Flags\s+HW address/.test(lines[0] ?? '')) return null;
  const out: Neighbour[] = [];
  for (const line of lines.slice(1)) {
    const cols = line.trim().split(/\s+/);
    if (cols.length < 6) continue;
    const [ip, , flagsText, macText, , dev] = cols;
    const flags = Number.parseInt(flagsText, 16);
    const mac = normaliseMac(macText);
    if (!mac || Number.isNaN(flags) || !(flags & ATF_COM) || !/^[\d.]+$/.test(ip)) continue;
    out.push({ ip, mac, state: flags & ATF_PERM ? 'permanent' : 'complete', dev });
  }
  return out;
}

/**
 * Parses the JSON printed by `ip -j neigh show`: an array of `{dst, dev, lladdr?, state: string[]}`.
 * Entries without a link-layer address (FAILED, INCOMPLETE) are left out. Returns null for anything that is
 * not such an array.
 */
export function parseIpNeigh(json: string): Neighbour[] | null {
  let doc: unknown;
  try {
    doc = JSON.parse(json);
  } catch {
    return null;
  }
  if (!Array.isArray(doc)) return null;
  const out: Neighbour[] = [];
  for (const e of doc) {
    if (!e || typeof e !== 'object') continue;
    const r = e as Record<string, unknown>;
    const mac = normaliseMac(r.lladdr);
    if (!mac || typeof r.dst !== 'string') continue;
    const states = Array.isArray(r.state) ? r.state.filter((s): s is string => typeof s === 'string') : [];
    const state = (states[0] ?? 'unknown').toLowerCase();
    if (state === 'failed' || state === 'incomplete') continue;
    out.push({ ip: r.dst, mac, state, ...(typeof r.dev === 'string' ? { dev: r.dev } : {}) });
  }
  return out;
}

/** What the neighbour scanner reads; the real one reads /proc and runs `ip -j neigh show`. */
export interface NeighbourIo {
  readProcNetArp(): Promise<string>;
  runIpNeigh(): Promise<string>;
  now(): Date;
  log(message: string): void;
}

/** Reads the real tables of the current network namespace. */
export const systemNeighbourIo: NeighbourIo = {
  readProcNetArp: () => readFile('/proc/net/arp', 'utf8'),
  runIpNeigh: () =>
    new Promise((resolve, reject) => {
      execFile('ip', ['-j', 'neigh', 'show'], { timeout: 5000, maxBuffer: 4 * 1024 * 1024 }, (err, stdout) =>
        err ? reject(err) : resolve(stdout),
      );
    }),
  now: () => new Date(),
  log: (m) => process.stderr.write(`[neighbours] ${m}\n`),
};

/** Options of {@link createNeighbourScanner}. */
export interface NeighbourScannerOptions {
  /** Only entries on this interface. */
  interface?: string;
  /** Re-read period; reading the table is free and sends nothing. */
  intervalMs?: number;
  onObservation(obs: Observation<NeighbourData>): void;
}

/** A scanner that reads the neighbour table now and every `intervalMs`, emitting each new (IP, MAC) pair. */
export function createNeighbourScanner(opts: NeighbourScannerOptions, io: NeighbourIo = systemNeighbourIo) {
  const seen = new Set<string>();
  const warned = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();

  const emit = (list: Neighbour[], via: NeighbourData['via']) => {
    for (const n of list) {
      if (opts.interface && n.dev && n.dev !== opts.interface) continue;
      const key = `${n.ip}|${n.mac}`;
      if (seen.has(key)) continue;
      seen.add(key);
      opts.onObservation({
        source: n.ip.includes(':') ? 'ndp' : 'arp',
        at: io.now().toISOString(),
        ip: n.ip,
        mac: n.mac,
        data: { state: n.state, ...(n.dev ? { dev: n.dev } : {}), via },
      });
    }
  };
  const warnOnce = (what: string, err: unknown) => {
    if (warned.has(what)) return;
    warned.add(what);
    io.log(`cannot read ${what}: ${(err as Error).message}`);
  };

  const readOnce = async (): Promise<void> => {
    try {
      const list = parseProcNetArp(await io.readProcNetArp());
      if (list) emit(list, 'proc-net-arp');
      else warnOnce('/proc/net/arp', new Error('unexpected format'));
    } catch (err) {
      warnOnce('/proc/net/arp', err);
    }
    try {
      const list = parseIpNeigh(await io.runIpNeigh());
      if (list) emit(list, 'ip-neigh');
      else warnOnce('ip -j neigh', new Error('unexpected output'));
    } catch (err) {
      warnOnce('ip -j neigh', err);
    }
  };

  return {
    /** Reads the table once (resolves when done) and keeps re-reading until `stop()`. */
    async start(): Promise<void> {
      running = readOnce();
      await running;
      timer = setInterval(() => {
        running = running.then(readOnce);
      }, opts.intervalMs ?? 2000);
    },
    /** Stops re-reading and reads the table one last time, so entries learned during the run are kept. */
    async stop(): Promise<void> {
      if (timer) clearInterval(timer);
      timer = undefined;
      await running;
      await readOnce();
    },
  };
}
