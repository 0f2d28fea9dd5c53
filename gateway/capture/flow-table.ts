/**
 * Bidirectional 5-tuple flows with bytes and packets each way. Memory is bounded: flows idle longer than their
 * timeout, closed TCP flows, and the least recently active flows beyond `maxFlows` are evicted and handed to
 * `onEnd` as summaries. The table is keyed by a numeric hash of the addresses' words, ports and protocol: no
 * string is built per packet, for IPv4 or IPv6.
 */
import { wordsToIpv6, type DecodedPacket } from './decode.ts';

/** One flow. Side "a" is the endpoint that sent the first packet seen (usually the initiator). */
export interface Flow {
  v6: boolean;
  proto: number;
  /** IPv4 addresses (for IPv6: a fold of the address words, used for hashing only). */
  a4: number;
  b4: number;
  /** IPv6 addresses as words (null for IPv4) and as text. */
  aw: Uint32Array | null;
  bw: Uint32Array | null;
  a6: string;
  b6: string;
  aPort: number;
  bPort: number;
  /** MAC of the frames sent by a (and by b), -1 when unknown. */
  aMac: number;
  bMac: number;
  bytesAB: number;
  bytesBA: number;
  pktsAB: number;
  pktsBA: number;
  /** Bytes and packets already reported while the flow was open (reports carry only what came since). */
  reportedAB: number;
  reportedBA: number;
  reportedPkts: number;
  firstMs: number;
  lastMs: number;
  /** TCP FIN or RST seen. */
  closing: boolean;
  /** Payload-bearing packets already given to the application-layer parsers. */
  inspected: number;
  /** Name the destination was reached by: DNS answer the client got, TLS SNI or HTTP Host. */
  name: string;
  /** Free slots for the engine (e.g. which side is in the home, the local side's upload series). */
  flags: number;
  aTag: unknown;
  bTag: unknown;
  // intrusive lists: hash chain and activity order
  chain: Flow | null;
  key: number;
  newer: Flow | null;
  older: Flow | null;
}

export interface FlowTableOptions {
  /** Idle time after which a TCP flow ends (ms of capture time). */
  tcpIdleMs?: number;
  /** Idle time after which a UDP or other flow ends. */
  udpIdleMs?: number;
  /** Grace time after FIN/RST before a TCP flow ends. */
  closedIdleMs?: number;
  /** Flows kept at most; the least recently active is evicted beyond it. */
  maxFlows?: number;
  /** Called once for every flow that ends (evicted or flushed). */
  onEnd: (flow: Flow) => void;
  /** UDP server ports whose client port is not part of the flow key (default DNS 53, NTP 123). */
  collapseUdpPorts?: number[];
  /** Called when a flow is created, before its first packet is counted. */
  onStart?: (flow: Flow, p: DecodedPacket) => void;
}

function hash4(a: number, b: number, pa: number, pb: number, proto: number): number {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13) ^ b, 0xc2b2ae35);
  h = Math.imul(h ^ (h >>> 16) ^ ((pa << 16) | pb), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13) ^ proto, 0xc2b2ae35);
  return (h ^ (h >>> 16)) | 0;
}

/** Folds four address words into one 32-bit number (IPv6 addresses hash like IPv4 ones). */
function fold(w0: number, w1: number, w2: number, w3: number): number {
  let h = Math.imul(w0 ^ 0x27d4eb2f, 0x165667b1);
  h = Math.imul(h ^ (h >>> 15) ^ w1, 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13) ^ w2, 0xc2b2ae35);
  h = Math.imul(h ^ (h >>> 16) ^ w3, 0x27d4eb2f);
  return (h ^ (h >>> 15)) >>> 0;
}

function sameWords(a: Uint32Array, w: Uint32Array, o: number): boolean {
  return a[0] === w[o] && a[1] === w[o + 1] && a[2] === w[o + 2] && a[3] === w[o + 3];
}

/** The flow table. `update(p)` returns the flow and whether the packet went a→b. */
export class FlowTable {
  private readonly byHash = new Map<number, Flow>();
  private newest: Flow | null = null;
  /** The flow of the previous packet (cleared when that flow ends). */
  private last: Flow | null = null;
  private oldest: Flow | null = null;
  private count = 0;
  private readonly tcpIdleMs: number;
  private readonly udpIdleMs: number;
  private readonly closedIdleMs: number;
  private readonly maxFlows: number;
  private readonly onEnd: (flow: Flow) => void;
  private readonly collapse: Set<number>;
  private readonly onStart?: (flow: Flow, p: DecodedPacket) => void;
  /** Flows created since the start, and evicted because the table was full. */
  created = 0;
  evictedForSpace = 0;
  /** Direction of the last packet given to update(): true when it went from a to b. */
  lastForward = true;

  constructor(opts: FlowTableOptions) {
    this.tcpIdleMs = opts.tcpIdleMs ?? 300_000;
    this.udpIdleMs = opts.udpIdleMs ?? 120_000;
    this.closedIdleMs = opts.closedIdleMs ?? 10_000;
    this.maxFlows = opts.maxFlows ?? 20_000;
    this.onEnd = opts.onEnd;
    this.collapse = new Set(opts.collapseUdpPorts ?? [53, 123]);
    this.onStart = opts.onStart;
  }

  get size(): number {
    return this.count;
  }

  /** Counts one IP packet (with ports for TCP/UDP) in its flow, creating the flow when new. */
  update(p: DecodedPacket): Flow {
    const flow = this.find(p);
    this.last = flow;
    const fwd = this.lastForward;
    if (fwd) {
      flow.bytesAB += p.wireLen;
      flow.pktsAB++;
    } else {
      flow.bytesBA += p.wireLen;
      flow.pktsBA++;
      if (flow.bMac < 0) flow.bMac = p.srcMac;
    }
    if (p.tsMs > flow.lastMs) flow.lastMs = p.tsMs;
    if (p.proto === 6 && (p.tcpFlags & 0x05) !== 0) flow.closing = true;
    this.touch(flow);
    this.expire(p.tsMs);
    return flow;
  }

  private find(p: DecodedPacket): Flow {
    const proto = p.proto;
    let srcPort = p.srcPort;
    let dstPort = p.dstPort;
    // Request/response UDP services (DNS, NTP): every query comes from a new port, so one flow per client and
    // server instead of one per query (the engine counts each question separately anyway).
    if (proto === 17) {
      if (this.collapse.has(dstPort)) srcPort = 0;
      else if (this.collapse.has(srcPort)) dstPort = 0;
    }
    const v6 = p.ipVersion === 6;
    const w = p.addr;
    // Bulk transfers come in runs of packets of one flow: try the last flow before hashing.
    const last = this.last;
    if (last !== null && last.proto === proto && !v6 && !last.v6) {
      if (last.a4 === p.src4 && last.b4 === p.dst4 && last.aPort === srcPort && last.bPort === dstPort) {
        this.lastForward = true;
        return last;
      }
      if (last.a4 === p.dst4 && last.b4 === p.src4 && last.aPort === dstPort && last.bPort === srcPort) {
        this.lastForward = false;
        return last;
      }
    }
    const src = v6 ? fold(w[0], w[1], w[2], w[3]) : p.src4;
    const dst = v6 ? fold(w[4], w[5], w[6], w[7]) : p.dst4;
    // Canonical order so that both directions hash alike.
    const swap = src > dst || (src === dst && srcPort > dstPort);
    const key = swap ? hash4(dst, src, dstPort, srcPort, proto) : hash4(src, dst, srcPort, dstPort, proto);
    for (let f = this.byHash.get(key) ?? null; f; f = f.chain) {
      if (f.proto !== proto || f.v6 !== v6) continue;
      if (f.a4 === src && f.b4 === dst && f.aPort === srcPort && f.bPort === dstPort && (!v6 || sameWords(f.aw!, w, 0) && sameWords(f.bw!, w, 4))) {
        this.lastForward = true;
        return f;
      }
      if (f.a4 === dst && f.b4 === src && f.aPort === dstPort && f.bPort === srcPort && (!v6 || sameWords(f.aw!, w, 4) && sameWords(f.bw!, w, 0))) {
        this.lastForward = false;
        return f;
      }
    }
    const f = this.create(p, v6, src, dst, srcPort, dstPort);
    f.key = key;
    f.chain = this.byHash.get(key) ?? null;
    this.byHash.set(key, f);
    return f;
  }

  private create(p: DecodedPacket, v6: boolean, a: number, b: number, aPort: number, bPort: number): Flow {
    const w = p.addr;
    const f: Flow = {
      v6, proto: p.proto, a4: a, b4: b, aw: v6 ? w.slice(0, 4) : null, bw: v6 ? w.slice(4, 8) : null,
      a6: v6 ? wordsToIpv6(w[0], w[1], w[2], w[3]) : '', b6: v6 ? wordsToIpv6(w[4], w[5], w[6], w[7]) : '',
      aPort, bPort,
      aMac: p.srcMac, bMac: p.dstMac, bytesAB: 0, bytesBA: 0, pktsAB: 0, pktsBA: 0, reportedAB: 0, reportedBA: 0,
      reportedPkts: 0, firstMs: p.tsMs,
      lastMs: p.tsMs, closing: false, inspected: 0, name: '', flags: 0, aTag: undefined, bTag: undefined, chain: null, key: 0,
      newer: null, older: null,
    };
    this.lastForward = true;
    this.count++;
    this.created++;
    this.onStart?.(f, p);
    return f;
  }

  /** Moves a flow to the newest end of the activity list. */
  private touch(f: Flow): void {
    if (this.newest === f) return;
    // unlink
    if (f.older) f.older.newer = f.newer;
    if (f.newer) f.newer.older = f.older;
    if (this.oldest === f) this.oldest = f.newer;
    // push newest
    f.newer = null;
    f.older = this.newest;
    if (this.newest) this.newest.newer = f;
    this.newest = f;
    if (!this.oldest) this.oldest = f;
  }

  /** Ends flows idle past their timeout at capture time `nowMs`, and the oldest beyond the size bound. */
  expire(nowMs: number): void {
    for (let f = this.oldest; f; f = this.oldest) {
      const idle = f.closing ? this.closedIdleMs : f.proto === 6 ? this.tcpIdleMs : this.udpIdleMs;
      // The list is in activity order, so only the oldest flow needs checking. A flow with a shorter timeout
      // behind a longer-lived one waits its turn: the lag is bounded by the longest timeout and by maxFlows.
      if (this.count > this.maxFlows) this.evictedForSpace++;
      else if (nowMs - f.lastMs < idle) break;
      this.remove(f);
      this.onEnd(f);
    }
  }

  /** Calls `fn` for every open flow, least recently active first. `fn` must not add or end flows. */
  forEachOpen(fn: (flow: Flow) => void): void {
    for (let f = this.oldest; f; f = f.newer) fn(f);
  }

  /** Ends every flow (end of capture or shutdown). */
  flush(): void {
    for (let f = this.oldest; f; f = this.oldest) {
      this.remove(f);
      this.onEnd(f);
    }
  }

  private remove(f: Flow): void {
    if (this.last === f) this.last = null;
    if (f.older) f.older.newer = f.newer;
    if (f.newer) f.newer.older = f.older;
    if (this.oldest === f) this.oldest = f.newer;
    if (this.newest === f) this.newest = f.older;
    f.newer = f.older = null;
    this.count--;
    let head = this.byHash.get(f.key) ?? null;
    if (head === f) {
      if (f.chain) this.byHash.set(f.key, f.chain);
      else this.byHash.delete(f.key);
    } else {
      for (; head && head.chain !== f; head = head.chain);
      if (head) head.chain = f.chain;
    }
    f.chain = null;
  }
}
