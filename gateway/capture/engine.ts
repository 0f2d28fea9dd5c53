/**
 * The packet engine: one pass over packets (live or from a file) that decodes them, keeps the flow table and the
 * per-device upload series, runs the application-layer parsers on the packets that carry names, and emits
 * Observations. Pure apart from the callbacks it is given.
 */
import type { DnsData, HttpData, MdnsData, Observation, TlsData } from '../contract.ts';
import { isGroupV4, isGroupV6, isLocalV4, isLocalV6Prefix, prefix64 } from './address.ts';
import { parseDhcp, toDhcpData } from './app/dhcp.ts';
import { dhcpv6ToDhcpData, parseDhcpv6 } from './app/dhcpv6.ts';
import { mdnsServices, parseDns } from './app/dns.ts';
import { parseDnsLite, type DnsLite } from './app/dns-lite.ts';
import { parseHttpRequest } from './app/http.ts';
import { parseSsdp, type SsdpMessage } from './app/ssdp.ts';
import { parseTlsClientHello } from './app/tls.ts';
import { createDecodedPacket, decodePacket, dstText, ipv4ToString, macToString, srcText, type DecodedPacket } from './decode.ts';
import { FlowTable, type Flow } from './flow-table.ts';
import { NameCache } from './name-cache.ts';
import { PayloadMemo } from './payload-memo.ts';
import type { PacketSink } from './types.ts';
import { UploadSeries } from './upload-series.ts';
import { createIsoFormatter } from '../util/iso-time.ts';

/** Payload of a `flow` observation: one ended flow seen from the home device's side. */
export interface FlowData {
  proto: 'tcp' | 'udp' | 'icmp' | 'other';
  localPort: number;
  remoteIp: string;
  remotePort: number;
  /** The remote side is another device in the home. */
  remoteIsLocal: boolean;
  /** The home device opened the flow (sent its first packet). */
  outbound: boolean;
  name?: string;
  bytesUp: number;
  bytesDown: number;
  packets: number;
  firstSeen: string;
  lastSeen: string;
  /** The flow was still open: this reports what it carried since its previous report. */
  ongoing: boolean;
}

export interface EngineStats {
  packets: number;
  bytes: number;
  malformed: number;
  fragments: number;
  firstMs: number;
  lastMs: number;
  linkTypes: number[];
  flowsCreated: number;
  flowsEvictedForSpace: number;
}

export interface EngineOptions {
  onObservation: (obs: Observation) => void;
  /** Bounds and timeouts of the flow table. */
  maxFlows?: number;
  /** Seconds of upload history kept per device. */
  uploadSeconds?: number;
}

export interface PacketEngine extends PacketSink {
  /** Ends every open flow (emitting its observation) and returns the counters. */
  finish(): EngineStats;
  /**
   * Emits what every open flow carried since its last report (for live views; nothing is counted twice). With
   * `limit`, at most that many flows, those with the most bytes not yet reported first; the others keep their counts
   * for a later report (a live audit's progress stays cheap on a busy home).
   */
  reportOpenFlows(limit?: number): void;
  stats(): EngineStats;
  /** Upload series of a home device by MAC (`aa:bb:…`) or, for devices without a MAC, by IP. */
  uploadSeries(): Map<string, UploadSeries>;
  /** MAC of the home's router, recognised as the next hop of most traffic to the internet. */
  gatewayMac(): string | undefined;
  /** Unicast IP packets of the flows reported so far, in total and per MAC at either end (who captured them). */
  unicastCounts(): { total: number; byMac: Map<string, number> };
}

const APP_INSPECT_PACKETS = 3;
const NAME_CACHE_MAX = 50_000;
/** Devices with an upload series (7 KB each for 15 minutes) and next-hop counters, at most. */
const MAX_SERIES = 4096;
/** Global IPv6 /64 prefixes learnt on the link, at most (a home has one or two). */
const MAX_PREFIXES = 64;
/** Parsed mDNS / SSDP payloads remembered per generation (two generations of at most 2 KB payloads each). */
const MEMO_GENERATION = 1024;

/** The services an mDNS message announces; null for a query (only what a host says about itself describes it). */
function announcedServices(d: Buffer, s: number, e: number): MdnsData[] | null {
  const msg = parseDns(d, s, e);
  return msg && msg.response ? mdnsServices(msg) : null;
}

/** A copy of a remembered parse for one observation, so no two observations share an object. */
function copyMdns(m: MdnsData): MdnsData {
  return m.txt ? { ...m, txt: { ...m.txt } } : { ...m };
}

/**
 * The first question and the A/AAAA answers of a unicast DNS message: the fast path when the message is plain,
 * the full parser otherwise. Addresses come from the answer section only (additional records are glue for other
 * names).
 */
export function parseUnicastDns(d: Buffer, s: number, e: number): DnsLite | null {
  const lite = parseDnsLite(d, s, e);
  if (lite) return lite;
  const msg = parseDns(d, s, e);
  if (!msg || msg.questions.length === 0) return null;
  const addresses: string[] = [];
  for (const r of msg.answers) {
    if (r.section === 'answer' && (r.type === 'A' || r.type === 'AAAA') && typeof r.data === 'string') addresses.push(r.data);
  }
  return { response: msg.response, rcode: msg.rcode, name: msg.questions[0].name, type: msg.questions[0].type, addresses };
}

/** `format` remembered per number (bounded: past `max` distinct numbers, the text is made each time). */
function textCache(format: (n: number) => string, max = 100_000): (n: number) => string {
  const texts = new Map<number, string>();
  return (n) => {
    let t = texts.get(n);
    if (t === undefined) {
      t = format(n);
      if (texts.size < max) texts.set(n, t);
    }
    return t;
  };
}

/** Creates the engine. Feed it as a PacketSink (e.g. to readCaptureFile), then call finish(). */
export function createPacketEngine(opts: EngineOptions): PacketEngine {
  const emit = opts.onObservation;
  const p: DecodedPacket = createDecodedPacket();
  const st: EngineStats = {
    packets: 0, bytes: 0, malformed: 0, fragments: 0, firstMs: Infinity, lastMs: -Infinity, linkTypes: [],
    flowsCreated: 0, flowsEvictedForSpace: 0,
  };
  let lastLink = -1;
  const series = new Map<string, UploadSeries>();
  const uploadSeconds = opts.uploadSeconds ?? 900;
  /** DNS answers per client and address → the name it asked for. Bounded, the oldest half dropped at once. */
  const names = new NameCache(NAME_CACHE_MAX / 2);
  /** Global /64s seen on the home link (Neighbour Discovery): global IPv6 addresses in them are local. */
  const localPrefixes6 = new Set<string>();
  /** Next-hop MACs of traffic to the internet, with counts: the router is the most used. */
  const nextHops = new Map<number, number>();
  /** Unicast packets of reported flows, per MAC at either end (counted per flow report, not per packet). */
  const unicastByMac = new Map<number, number>();
  let unicastTotal = 0;
  const countUnicast = (mac: number, n: number) => {
    if (mac < 0) return;
    const c = unicastByMac.get(mac);
    if (c !== undefined) unicastByMac.set(mac, c + n);
    else if (unicastByMac.size < MAX_SERIES) unicastByMac.set(mac, n);
  };

  // Announcements repeat byte for byte: each distinct payload is parsed once (see PayloadMemo).
  const mdnsMemo = new PayloadMemo(announcedServices, MEMO_GENERATION);
  const ssdpMemo = new PayloadMemo(parseSsdp, MEMO_GENERATION);

  const isoText = createIsoFormatter();
  // Observations come in runs with one time (the services of one mDNS answer, the sides of one flow): the text of
  // the last millisecond is reused, one string for all of them.
  // Two slots, so a flow's first and last times (asked in turn, flow after flow) do not push each other out.
  let lastIsoMs = NaN;
  let lastIso = '';
  let otherIsoMs = NaN;
  let otherIso = '';
  const iso = (ms: number): string => {
    const t = Math.floor(ms);
    if (t === lastIsoMs) return lastIso;
    if (t === otherIsoMs) {
      const text = otherIso;
      otherIsoMs = lastIsoMs;
      otherIso = lastIso;
      lastIsoMs = t;
      lastIso = text;
      return text;
    }
    otherIsoMs = lastIsoMs;
    otherIso = lastIso;
    lastIso = isoText(t);
    lastIsoMs = t;
    return lastIso;
  };
  /** MAC text per MAC number: a home has few MACs, and every observation names one. */
  const macText = textCache(macToString);
  /** IPv4 text per address: a home talks to a few thousand addresses, and every observation names one or two. */
  const ip4Text = textCache(ipv4ToString);
  const ipOf = (v6: boolean, n: number, s: string) => (v6 ? s : ip4Text(n));
  const srcOf = () => (p.ipVersion === 4 ? ip4Text(p.src4) : srcText(p));
  const dstOf = () => (p.ipVersion === 4 ? ip4Text(p.dst4) : dstText(p));
  const local6 = (s: string) => isLocalV6Prefix(s) || (localPrefixes6.size > 0 && localPrefixes6.has(prefix64(s)));

  function seriesFor(mac: number, ip: string): UploadSeries | undefined {
    const key = mac >= 0 ? macText(mac) : ip;
    let s = series.get(key);
    // Bounded whatever the capture (a MAC flood must not grow memory): later devices get no series.
    if (!s && series.size < MAX_SERIES) {
      s = new UploadSeries(uploadSeconds);
      series.set(key, s);
    }
    return s;
  }

  function countNextHop(mac: number): void {
    const n = nextHops.get(mac);
    if (n !== undefined) nextHops.set(mac, n + 1);
    else if (nextHops.size < MAX_SERIES) nextHops.set(mac, 1);
  }

  // Which sides of a flow are in the home, decided once when the flow starts (Flow.flags bits).
  const A_LOCAL = 1;
  const B_LOCAL = 2;
  const GROUP = 4;

  const table = new FlowTable({
    maxFlows: opts.maxFlows,
    onStart(f) {
      const group = f.v6 ? isGroupV6(f.b6) : isGroupV4(f.b4);
      const aLocal = f.v6 ? local6(f.a6) : isLocalV4(f.a4);
      const bLocal = group || (f.v6 ? local6(f.b6) : isLocalV4(f.b4));
      f.flags = (aLocal ? A_LOCAL : 0) | (bLocal ? B_LOCAL : 0) | (group ? GROUP : 0);
      if (aLocal && !bLocal) {
        f.aTag = seriesFor(f.aMac, ipOf(f.v6, f.a4, f.a6));
        if (f.bMac >= 0) countNextHop(f.bMac);
      } else if (bLocal && !aLocal && !group) {
        f.bTag = seriesFor(f.bMac, ipOf(f.v6, f.b4, f.b6));
        if (f.aMac >= 0) countNextHop(f.aMac);
      }
    },
    onEnd(f) {
      reportFlow(f, false);
    },
  });

  /**
   * Emits a `flow` observation per home side of `f` with the bytes and packets since its last report, so a
   * long-lived connection is seen while it lasts and nothing is counted twice.
   */
  function reportFlow(f: Flow, ongoing: boolean): void {
    if (f.flags & GROUP) return;
    const upAB = f.bytesAB - f.reportedAB;
    const upBA = f.bytesBA - f.reportedBA;
    const packets = f.pktsAB + f.pktsBA - f.reportedPkts;
    if (packets === 0 && f.reportedPkts > 0) return;
    f.reportedAB = f.bytesAB;
    f.reportedBA = f.bytesBA;
    f.reportedPkts = f.pktsAB + f.pktsBA;
    unicastTotal += packets;
    countUnicast(f.aMac, packets);
    if (f.bMac !== f.aMac) countUnicast(f.bMac, packets);
    const aLocal = (f.flags & A_LOCAL) !== 0;
    const bLocal = (f.flags & B_LOCAL) !== 0;
    const a = ipOf(f.v6, f.a4, f.a6);
    const b = ipOf(f.v6, f.b4, f.b6);
    const proto = f.proto === 6 ? 'tcp' : f.proto === 17 ? 'udp' : f.proto === 1 || f.proto === 58 ? 'icmp' : 'other';
    const firstSeen = iso(f.firstMs);
    const lastSeen = iso(f.lastMs);
    if (aLocal) {
      const data: FlowData = {
        proto, localPort: f.aPort, remoteIp: b, remotePort: f.bPort, remoteIsLocal: bLocal, outbound: true,
        name: f.name || (f.v6 ? names.getText(a, b) : names.get4(f.a4, f.b4)), bytesUp: upAB, bytesDown: upBA, packets, firstSeen, lastSeen, ongoing,
      };
      emit({ source: 'flow', at: lastSeen, mac: f.aMac >= 0 ? macText(f.aMac) : undefined, ip: a, data: data as never });
    }
    if (bLocal) {
      const data: FlowData = {
        proto, localPort: f.bPort, remoteIp: a, remotePort: f.aPort, remoteIsLocal: aLocal, outbound: false,
        name: aLocal ? (f.v6 ? names.getText(b, a) : names.get4(f.b4, f.a4)) : undefined, bytesUp: upBA, bytesDown: upAB, packets, firstSeen, lastSeen,
        ongoing,
      };
      emit({ source: 'flow', at: lastSeen, mac: f.bMac >= 0 ? macText(f.bMac) : undefined, ip: b, data: data as never });
    }
  }

  /** Open flows with news by the power of two of their unreported bytes (reportOpenFlows with a limit). */
  const pendingByBytes = new Uint32Array(64);
  /** Whether reportFlow would emit something for `f`. */
  const hasNews = (f: Flow): boolean => (f.flags & GROUP) === 0 && (f.reportedPkts === 0 || f.pktsAB + f.pktsBA !== f.reportedPkts);
  /** The bit length of the bytes `f` carried since its last report (0 for none). */
  const unreportedLog2 = (f: Flow): number => {
    const n = f.bytesAB - f.reportedAB + (f.bytesBA - f.reportedBA);
    return n < 4294967296 ? 32 - Math.clz32(n) : Math.min(63, 1 + Math.floor(Math.log2(n)));
  };

  function observe(source: Observation['source'], data: unknown, mac: number, ip: string): void {
    emit({ source, at: iso(p.tsMs), mac: mac >= 0 ? macText(mac) : undefined, ip: ip || undefined, data: data as never });
  }

  function onUdp(d: Buffer, src: string, dst: string): void {
    const { srcPort: sp, dstPort: dp, payloadStart: s, payloadEnd: e } = p;
    if (e <= s) return;
    if (sp === 5353 || dp === 5353) {
      const services = mdnsMemo.get(d, s, e);
      if (services) for (const svc of services) observe('mdns', copyMdns(svc), p.srcMac, src);
      return;
    }
    if (sp === 53 || dp === 53) {
      const msg = parseUnicastDns(d, s, e);
      if (!msg) return;
      if (!msg.response) {
        const data: DnsData = { query: msg.name, qtype: msg.type, resolver: dst };
        observe('dns', data, p.srcMac, src);
        return;
      }
      const client = p.ipVersion === 4 ? p.dst4 : dst;
      for (const address of msg.addresses) names.set(client, address, msg.name);
      const data: DnsData = { query: msg.name, qtype: msg.type, resolver: src, rcode: msg.rcode, answers: msg.addresses };
      observe('dns', data, p.dstMac, dst);
      return;
    }
    // Client ↔ server (68 ↔ 67) and relay agent ↔ server (67 ↔ 67).
    if ((sp === 67 || sp === 68) && (dp === 67 || dp === 68)) {
      // Only client messages (op 1) are kept below: a server's reply is not parsed at all.
      if (d[s] !== 1) return;
      const m = parseDhcp(d, s, e);
      if (!m) return;
      // Only client messages describe the client; its MAC is inside the message (relays change the frame's).
      if (m.op !== 1) return;
      const ip = m.ciaddr && m.ciaddr !== '0.0.0.0' ? m.ciaddr : undefined;
      const mac = m.chaddr ?? (p.srcMac >= 0 ? macText(p.srcMac) : undefined);
      emit({ source: 'dhcp', at: iso(p.tsMs), mac, ip, data: toDhcpData(m) as never });
      return;
    }
    if (dp === 547 && (sp === 546 || sp === 547)) {
      const m = parseDhcpv6(d, s, e);
      // Client messages only (SOLICIT..INFORMATION-REQUEST, not ADVERTISE/REPLY/relay replies).
      if (m && m.msgType !== 2 && m.msgType !== 7 && m.msgType !== 13) {
        const mac = m.clientMac ?? (p.srcMac >= 0 ? macText(p.srcMac) : undefined);
        emit({ source: 'dhcp', at: iso(p.tsMs), mac, ip: src, data: dhcpv6ToDhcpData(m) as never });
      }
      return;
    }
    if (dp === 1900 || sp === 1900) {
      const m: SsdpMessage | null = ssdpMemo.get(d, s, e);
      if (m) observe('ssdp', { ...m }, p.srcMac, src);
    }
  }

  function onTcpPayload(f: Flow, fwd: boolean, d: Buffer): void {
    const s = p.payloadStart;
    const e = p.payloadEnd;
    const c = d[s];
    if (c !== 0x16 && (c < 0x41 || c > 0x5a)) return;
    const src = srcOf();
    const dst = dstOf();
    if (c === 0x16) {
      const hello = parseTlsClientHello(d, s, e);
      if (hello?.sni) {
        const data: TlsData = { sni: hello.sni, alpn: hello.alpn, remoteIp: dst, remotePort: p.dstPort };
        if (fwd) f.name = hello.sni;
        observe('tls', data, p.srcMac, src);
      }
    } else {
      const req = parseHttpRequest(d, s, e);
      if (req) {
        const data: HttpData = { method: req.method, host: req.host, userAgent: req.userAgent, remoteIp: dst, remotePort: p.dstPort };
        if (fwd && req.host && !f.name) f.name = req.host;
        observe('http', data, p.srcMac, src);
      }
    }
  }

  function packet(linkType: number, tsMs: number, d: Buffer, start: number, end: number, origLen: number): void {
    st.packets++;
    st.bytes += origLen;
    if (tsMs < st.firstMs) st.firstMs = tsMs;
    if (tsMs > st.lastMs) st.lastMs = tsMs;
    if (linkType !== lastLink) {
      lastLink = linkType;
      if (!st.linkTypes.includes(linkType)) st.linkTypes.push(linkType);
    }
    if (!decodePacket(p, linkType, tsMs, d, start, end, origLen)) {
      st.malformed++;
      return;
    }
    if (p.arpOp !== 0) {
      if (p.arpSenderIp !== 0) observe('arp', { op: p.arpOp }, p.arpSenderMac, ip4Text(p.arpSenderIp));
      return;
    }
    if (p.ipVersion === 0) return;
    if (p.fragment) {
      st.fragments++;
      return;
    }
    if (p.ipVersion === 6 && p.icmpType === 136 && p.ndTarget && !isLocalV6Prefix(p.ndTarget) && !isGroupV6(p.ndTarget)) {
      if (localPrefixes6.size < MAX_PREFIXES) localPrefixes6.add(prefix64(p.ndTarget));
    }
    const f = table.update(p);
    const fwd = table.lastForward;
    // Upload: bytes a home device sends to the internet, per second.
    const tag = fwd ? f.aTag : f.bTag;
    if (tag !== undefined) (tag as UploadSeries).add(tsMs, origLen);
    if (p.payloadEnd <= p.payloadStart) return;
    if (p.proto === 17) {
      const sp = p.srcPort;
      const dp = p.dstPort;
      // Only the ports that carry names are parsed; addresses become text only then.
      if (sp === 53 || dp === 53 || sp === 5353 || dp === 5353 || sp === 67 || sp === 68 || dp === 547 || sp === 1900 || dp === 1900) {
        onUdp(d, srcOf(), dstOf());
      }
    } else if (p.proto === 6 && f.inspected < APP_INSPECT_PACKETS) {
      f.inspected++;
      onTcpPayload(f, fwd, d);
    }
  }

  function stats(): EngineStats {
    st.flowsCreated = table.created;
    st.flowsEvictedForSpace = table.evictedForSpace;
    return { ...st, linkTypes: [...st.linkTypes] };
  }

  return {
    packet,
    finish() {
      table.flush();
      return stats();
    },
    stats,
    reportOpenFlows(limit = Infinity) {
      let pending = 0;
      if (limit !== Infinity) {
        pendingByBytes.fill(0);
        table.forEachOpen((f) => {
          if (hasNews(f)) {
            pendingByBytes[unreportedLog2(f)]++;
            pending++;
          }
        });
      }
      if (pending <= limit) {
        table.forEachOpen((f) => reportFlow(f, true));
        return;
      }
      // The flows above `threshold` (powers of two of their unreported bytes) all fit; `room` more at the threshold.
      let threshold = pendingByBytes.length - 1;
      let room = limit;
      while (threshold > 0 && pendingByBytes[threshold]! <= room) room -= pendingByBytes[threshold--]!;
      table.forEachOpen((f) => {
        if (!hasNews(f)) return;
        const b = unreportedLog2(f);
        if (b > threshold || (b === threshold && room-- > 0)) reportFlow(f, true);
      });
    },
    uploadSeries: () => series,
    gatewayMac() {
      let best = -1;
      let bestCount = 0;
      for (const [mac, count] of nextHops) if (count > bestCount) [best, bestCount] = [mac, count];
      return best >= 0 ? macToString(best) : undefined;
    },
    unicastCounts() {
      const byMac = new Map<string, number>();
      for (const [mac, n] of unicastByMac) byMac.set(macText(mac), n);
      return { total: unicastTotal, byMac };
    },
  };
}
