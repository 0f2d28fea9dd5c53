/**
 * Live mDNS / DNS-SD discovery (RFC 6762, RFC 6763) over bonjour-service's multicast-dns socket.
 * Active part, bounded: the `_services._dns-sd._udp.local` meta-query (sent `metaRepeats` times), one PTR
 * query per service type found (at most `maxTypes`), and SRV/TXT/A follow-ups for instances or hosts whose
 * records were missing, all within `maxQueries`. Passive part: every response on the group is read, so
 * unsolicited announcements are caught too. We publish nothing: bonjour's responder has an empty registry.
 */
import { Bonjour } from 'bonjour-service';
import type { MdnsData, Observation } from '../gateway/contract.ts';
import { inSubnet, type LocalSubnet } from './interface-info.ts';
import { parseMdnsPacket, SERVICES_META } from './mdns-packet.ts';

export { parseMdnsPacket, parseTxt, instanceType, SERVICES_META } from './mdns-packet.ts';

/** The socket the scanner needs: receive responses, send queries. */
export interface MdnsSocket {
  onResponse(handler: (packet: unknown, from: { address: string }) => void): void;
  query(name: string, type: 'PTR' | 'SRV' | 'TXT' | 'A'): void;
  close(): Promise<void>;
}

/** Edges of the mDNS scanner. */
export interface MdnsIo {
  openSocket(opts: { interfaceAddress?: string }): MdnsSocket;
  now(): Date;
  log(message: string): void;
}

interface MulticastDns {
  on(event: 'response', h: (packet: unknown, rinfo: { address: string }) => void): void;
  on(event: 'error' | 'warning', h: (err: Error) => void): void;
  query(q: { questions: Array<{ name: string; type: string }> }, cb?: (err: Error | null) => void): void;
}

const log = (m: string) => process.stderr.write(`[mdns] ${m}\n`);

/** The real edge: a bonjour-service instance with nothing published. */
export const bonjourMdnsIo: MdnsIo = {
  openSocket({ interfaceAddress }) {
    // LAB-NOTES §2: `{interface: ip}` alone binds the unicast IP and then receives no multicast on Linux.
    const opts = interfaceAddress ? { interface: interfaceAddress, bind: '0.0.0.0' } : {};
    const bonjour = new Bonjour(opts as never, (err: Error) => log(`responder error: ${err.message}`));
    // bonjour-service keeps its multicast-dns socket in `server.mdns`; we need raw responses and queries.
    const mdns = (bonjour as unknown as { server: { mdns: MulticastDns } }).server.mdns;
    mdns.on('error', (err) => log(`socket error: ${err.message}`));
    mdns.on('warning', (err) => log(`socket warning: ${err.message}`));
    return {
      onResponse: (h) => mdns.on('response', (packet, rinfo) => h(packet, rinfo)),
      query: (name, type) => mdns.query({ questions: [{ name, type }] }, (err) => err && log(`query ${name} ${type}: ${err.message}`)),
      close: () => new Promise<void>((resolve) => bonjour.destroy(() => resolve())),
    };
  },
  now: () => new Date(),
  log,
};

/** Options of {@link createMdnsScanner}. */
export interface MdnsScannerOptions {
  /** IPv4 address of the interface to use (multicast membership and sending). */
  interfaceAddress?: string;
  /** Local subnets: when a host has several addresses, one on the LAN is preferred. */
  subnets?: LocalSubnet[];
  /** Most service types browsed (each costs one query). */
  maxTypes?: number;
  /** How many times the meta-query is sent (mDNS is lossy, RFC 6762 §5.2). */
  metaRepeats?: number;
  metaIntervalMs?: number;
  /** Hard cap on all queries sent in one run. */
  maxQueries?: number;
  /** Most instances tracked (memory bound against a flood of announcements). */
  maxInstances?: number;
  onObservation(obs: Observation<MdnsData>): void;
}

interface Tracked {
  data: MdnsData & { instance: string; type: string };
  from: string;
  emitted?: string;
  askedSrv: boolean;
}

/** Creates the mDNS scanner; nothing is sent until `start()`. */
export function createMdnsScanner(opts: MdnsScannerOptions, io: MdnsIo = bonjourMdnsIo) {
  const maxTypes = opts.maxTypes ?? 200;
  const maxQueries = opts.maxQueries ?? 600;
  const maxInstances = opts.maxInstances ?? 2000;
  const types = new Set<string>();
  const hostAddrs = new Map<string, string[]>();
  const askedHosts = new Set<string>();
  const instances = new Map<string, Tracked>();
  const timers: NodeJS.Timeout[] = [];
  let socket: MdnsSocket | null = null;
  let queries = 0;
  let budgetLogged = false;

  const ask = (name: string, type: 'PTR' | 'SRV' | 'TXT' | 'A') => {
    if (!socket) return;
    if (queries >= maxQueries) {
      if (!budgetLogged) io.log(`query budget of ${maxQueries} reached; listening passively only`);
      budgetLogged = true;
      return;
    }
    queries++;
    socket.query(name, type);
  };

  const pickAddress = (host: string | undefined): string | undefined => {
    const list = host ? hostAddrs.get(host.toLowerCase()) : undefined;
    if (!list?.length) return undefined;
    const v4 = list.filter((a) => !a.includes(':'));
    const onLan = v4.find((a) => opts.subnets?.some((s) => inSubnet(a, s)));
    return onLan ?? v4[0] ?? list[0];
  };

  const emit = (t: Tracked, force: boolean) => {
    if (!force && (t.data.host === undefined || t.data.port === undefined)) return;
    const ip = pickAddress(t.data.host) ?? t.from;
    const key = JSON.stringify([ip, t.data]);
    if (key === t.emitted) return;
    t.emitted = key;
    opts.onObservation({ source: 'mdns', at: io.now().toISOString(), ip, data: { ...t.data } });
  };

  const onResponse = (packet: unknown, from: { address: string }) => {
    const info = parseMdnsPacket(packet);
    for (const [host, addrs] of Object.entries(info.hosts)) {
      const list = hostAddrs.get(host) ?? [];
      for (const a of addrs) if (!list.includes(a) && list.length < 16) list.push(a);
      hostAddrs.set(host, list);
    }
    for (const type of info.serviceTypes) {
      if (types.has(type) || types.size >= maxTypes) continue;
      types.add(type);
      ask(`${type}.local`, 'PTR');
    }
    for (const inst of info.instances) {
      if (inst.goodbye) continue;
      const key = inst.instance.toLowerCase();
      let t = instances.get(key);
      if (!t) {
        if (instances.size >= maxInstances) continue;
        t = { data: { instance: inst.instance, type: inst.type }, from: from.address, askedSrv: false };
        instances.set(key, t);
      }
      t.from = from.address;
      if (inst.host !== undefined) t.data.host = inst.host;
      if (inst.port !== undefined) t.data.port = inst.port;
      if (inst.txt !== undefined) t.data.txt = inst.txt;
      // Most responders put SRV/TXT/A in the additionals; ask once when one left them out.
      if ((t.data.host === undefined || t.data.port === undefined) && !t.askedSrv) {
        t.askedSrv = true;
        ask(inst.instance, 'SRV');
        ask(inst.instance, 'TXT');
      }
      const host = t.data.host?.toLowerCase();
      if (host && !hostAddrs.has(host) && !askedHosts.has(host)) {
        askedHosts.add(host);
        ask(t.data.host!, 'A');
      }
    }
    // New addresses can complete instances seen in earlier messages, so re-check all (bounded by maxInstances).
    for (const t of instances.values()) emit(t, false);
  };

  return {
    /** Opens the socket and sends the first meta-query. */
    async start(): Promise<void> {
      socket = io.openSocket({ interfaceAddress: opts.interfaceAddress });
      socket.onResponse(onResponse);
      const repeats = Math.max(1, opts.metaRepeats ?? 2);
      ask(SERVICES_META, 'PTR');
      for (let i = 1; i < repeats; i++) timers.push(setTimeout(() => ask(SERVICES_META, 'PTR'), i * (opts.metaIntervalMs ?? 1000)));
    },
    /** Emits instances that never got an SRV record (with the responder's address), then closes the socket. */
    async stop(): Promise<void> {
      for (const t of timers) clearTimeout(t);
      const s = socket;
      socket = null;
      for (const t of instances.values()) if (t.emitted === undefined) emit(t, true);
      if (s) await s.close();
    },
    /** Counters for the CLI's summary. */
    stats: () => ({ queries, types: types.size, instances: instances.size }),
  };
}
