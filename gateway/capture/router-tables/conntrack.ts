/**
 * The router's connection-tracking table (`/proc/net/nf_conntrack`, or `conntrack -L -o extended`): every
 * connection the router forwards, with packets and bytes each way when accounting is on (nf_conntrack_acct=1).
 * Read when HomeSweep runs on the router, it shows the devices' flows even while no packet capture runs. Pure: text
 * in, entries out; `createConntrackFlows` turns successive readings into flow observations that count each byte once.
 */
import type { Observation } from '../../contract.ts';
import { isLocalV4, isLocalV6Prefix } from '../address.ts';
import type { FlowData } from '../engine.ts';

/** One direction of a tracked connection. */
export interface ConntrackTuple {
  src: string;
  dst: string;
  sport?: number;
  dport?: number;
  packets?: number;
  bytes?: number;
}

export interface ConntrackEntry {
  proto: string;
  state?: string;
  orig: ConntrackTuple;
  reply: ConntrackTuple;
}

const PROTOS = new Set(['tcp', 'udp', 'icmp', 'icmpv6', 'udplite', 'sctp', 'dccp', 'gre', 'unknown']);

/** Reads the table's lines; lines that are not connections (headers, summaries) are skipped and counted. */
export function parseConntrack(text: string): { entries: ConntrackEntry[]; skipped: number } {
  const entries: ConntrackEntry[] = [];
  let skipped = 0;
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    const tokens = line.trim().split(/\s+/);
    const proto = tokens.find((t) => PROTOS.has(t));
    const tuples: Partial<ConntrackTuple>[] = [];
    let state: string | undefined;
    for (const t of tokens) {
      const eq = t.indexOf('=');
      if (eq < 0) {
        if (/^[A-Z_]{4,}$/.test(t)) state ??= t;
        continue;
      }
      const key = t.slice(0, eq);
      const value = t.slice(eq + 1);
      // The second "src=" starts the reply direction.
      if (key === 'src') tuples.push({});
      const cur = tuples.at(-1);
      if (!cur) continue;
      if (key === 'src' || key === 'dst') cur[key] = value;
      else if (key === 'sport' || key === 'dport' || key === 'packets' || key === 'bytes') cur[key] = Number(value);
    }
    const [orig, reply] = tuples;
    if (!proto || !orig?.src || !orig.dst || !reply?.src || !reply.dst) {
      skipped++;
      continue;
    }
    entries.push({ proto, ...(state ? { state } : {}), orig: orig as ConntrackTuple, reply: reply as ConntrackTuple });
  }
  return { entries, skipped };
}

/** True for addresses inside a home (RFC 1918, link-local, ULA, loopback). */
export function isHomeAddress(ip: string): boolean {
  if (ip.includes(':')) return isLocalV6Prefix(ip.toLowerCase());
  const p = ip.split('.').map(Number);
  return p.length === 4 && isLocalV4(((p[0]! << 24) | (p[1]! << 16) | (p[2]! << 8) | p[3]!) >>> 0);
}

/**
 * One home device's side of an entry: outbound (the device opened it: orig.src is at home) or inbound through a
 * port forward (orig.src outside, reply.src the device). Connections between two home devices and the router's own
 * are left out (undefined).
 */
export function deviceSide(e: ConntrackEntry): { ip: string; flow: Omit<FlowData, 'firstSeen' | 'lastSeen' | 'ongoing'> } | undefined {
  const proto: FlowData['proto'] = e.proto === 'tcp' || e.proto === 'udp' ? e.proto : e.proto.startsWith('icmp') ? 'icmp' : 'other';
  if (isHomeAddress(e.orig.src) && !isHomeAddress(e.orig.dst)) {
    return {
      ip: e.orig.src,
      flow: { proto, localPort: e.orig.sport ?? 0, remoteIp: e.orig.dst, remotePort: e.orig.dport ?? 0, remoteIsLocal: false, outbound: true, bytesUp: e.orig.bytes ?? 0, bytesDown: e.reply.bytes ?? 0, packets: (e.orig.packets ?? 0) + (e.reply.packets ?? 0) },
    };
  }
  if (!isHomeAddress(e.orig.src) && isHomeAddress(e.reply.src)) {
    return {
      ip: e.reply.src,
      flow: { proto, localPort: e.reply.sport ?? 0, remoteIp: e.orig.src, remotePort: e.orig.sport ?? 0, remoteIsLocal: false, outbound: false, bytesUp: e.reply.bytes ?? 0, bytesDown: e.orig.bytes ?? 0, packets: (e.orig.packets ?? 0) + (e.reply.packets ?? 0) },
    };
  }
  return undefined;
}

/**
 * Flow observations from successive readings of the table: each connection reports what it carried since the
 * previous reading (nothing counted twice), marked `ongoing` as the engine marks flows still open.
 */
export function createConntrackFlows() {
  const last = new Map<string, { up: number; down: number; packets: number; first: string }>();
  return (entries: readonly ConntrackEntry[], at: string): Observation<FlowData>[] => {
    const out: Observation<FlowData>[] = [];
    const seen = new Set<string>();
    for (const e of entries) {
      const side = deviceSide(e);
      if (!side) continue;
      const f = side.flow;
      const key = `${f.proto} ${side.ip}:${f.localPort} ${f.remoteIp}:${f.remotePort}`;
      seen.add(key);
      const prev = last.get(key);
      const up = Math.max(0, f.bytesUp - (prev?.up ?? 0));
      const down = Math.max(0, f.bytesDown - (prev?.down ?? 0));
      const packets = Math.max(0, f.packets - (prev?.packets ?? 0));
      const first = prev?.first ?? at;
      last.set(key, { up: f.bytesUp, down: f.bytesDown, packets: f.packets, first });
      if (prev && !up && !down && !packets) continue;
      out.push({ source: 'flow', at, ip: side.ip, data: { ...f, bytesUp: up, bytesDown: down, packets, firstSeen: first, lastSeen: at, ongoing: true } });
    }
    for (const k of last.keys()) if (!seen.has(k)) last.delete(k);
    return out;
  };
}
