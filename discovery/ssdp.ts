/**
 * Live SSDP discovery with node-ssdp. Active part, bounded: `searches` M-SEARCH requests (ST `ssdp:all`)
 * `searchIntervalMs` apart. Passive part: a node-ssdp Server with no USNs and root-device advertisements
 * suppressed, used only to hear NOTIFY on port 1900; it never announces or answers anything.
 * Each LOCATION is fetched at most once, and only when it is plain HTTP to the responder's own private address
 * on our subnet (lanUrl), with a 2 s deadline and a 256 KB cap.
 */
import ssdp from 'node-ssdp';
import type { Observation, SsdpData } from '../gateway/contract.ts';
import { boundedRequest } from './http-get.ts';
import type { LocalSubnet } from './interface-info.ts';
import { lanUrl } from './lan-url.ts';
import { ssdpDataFromHeaders } from './ssdp-message.ts';
import { parseUpnpDocument, type UpnpDocument } from './upnp-description.ts';

export { parseSsdpMessage, parseSsdpText, ssdpDataFromHeaders } from './ssdp-message.ts';
export { parseUpnpDescription, parseUpnpDocument } from './upnp-description.ts';

type Headers = Record<string, string>;
type Handler = (headers: Headers, from: { address: string }) => void;

/** Edges of the SSDP scanner. */
export interface SsdpIo {
  openClient(opts: { interfaceName?: string }): Promise<{ onResponse(h: Handler): void; search(st: string): void; close(): void }>;
  openListener(opts: { interfaceName?: string }): Promise<{ onNotify(h: Handler): void; close(): void }>;
  /** GET the URL (already checked with lanUrl) and resolve with the body of a 200 answer. */
  fetchText(url: URL): Promise<string>;
  now(): Date;
  log(message: string): void;
}

const log = (m: string) => process.stderr.write(`[ssdp] ${m}\n`);
// node-ssdp reports socket errors only through its logger (LAB-NOTES §3); keep the ones that matter.
const ssdpLogger = (fmt: unknown, ...args: unknown[]) => {
  if (typeof fmt === 'string' && /error/i.test(fmt)) log(`node-ssdp: ${fmt} ${args.map((a) => (a instanceof Error ? a.message : String(a))).join(' ')}`);
};

/** The real edges: node-ssdp sockets and the bounded HTTP client. */
export const nodeSsdpIo: SsdpIo = {
  async openClient({ interfaceName }) {
    const client = new ssdp.Client({ ...(interfaceName ? { interfaces: [interfaceName] } : {}), customLogger: ssdpLogger });
    await client.start();
    // node-ssdp binds 0.0.0.0 and never names the outgoing interface, so the kernel sends M-SEARCH by the route
    // to 239.255.255.250: on a router (HomeSweep installed on it) that is the default route, the WAN side, and
    // the router's own UPnP service on the LAN never hears the search. Each socket is keyed by its interface's
    // address: send from there.
    const sockets = (client as unknown as { sockets?: Record<string, { setMulticastInterface(a: string): void }> }).sockets ?? {};
    for (const [address, socket] of Object.entries(sockets)) {
      try {
        socket.setMulticastInterface(address);
      } catch (err) {
        log(`search interface ${address} not set: ${(err as Error).message}`);
      }
    }
    return {
      onResponse: (h) => client.on('response', (headers, status, rinfo) => status === 200 && h(headers, rinfo)),
      search: (st) => client.search(st),
      close: () => client.stop(),
    };
  },
  async openListener({ interfaceName }) {
    // No addUSN() call and suppressRootDeviceAdvertisements: the server's advertise loop and its M-SEARCH
    // responder both iterate an empty USN list, so it sends nothing (checked with tcpdump in the lab test).
    const server = new ssdp.Server({
      suppressRootDeviceAdvertisements: true,
      ...(interfaceName ? { interfaces: [interfaceName] } : {}),
      customLogger: ssdpLogger,
    });
    // Not awaited: node-ssdp never settles start() when binding port 1900 fails; passive listening is a bonus.
    server.start().catch((err: Error) => log(`passive listener not started: ${err.message}`));
    return { onNotify: (h) => server.on('advertise-alive', (headers, rinfo) => h(headers, rinfo)), close: () => server.stop() };
  },
  async fetchText(url) {
    const res = await boundedRequest(url, { timeoutMs: 2000, maxBytes: 256 * 1024 });
    if (res.status !== 200) throw new Error(`${url.href}: HTTP ${res.status}`);
    return res.body;
  },
  now: () => new Date(),
  log,
};

/** A description document fetched from a device, handed to interested parties (the IGD client). */
export interface FetchedDocument {
  location: string;
  ip: string;
  document: UpnpDocument;
}

/** Options of {@link createSsdpScanner}. */
export interface SsdpScannerOptions {
  interfaceName?: string;
  /** Our subnets: LOCATION URLs outside them are never fetched. */
  subnets: LocalSubnet[];
  searches?: number;
  searchIntervalMs?: number;
  st?: string;
  /** Most descriptions fetched in one run. */
  maxFetches?: number;
  /** Listen for NOTIFY on port 1900 (default true). */
  passive?: boolean;
  onObservation(obs: Observation<SsdpData>): void;
  onDocument?(doc: FetchedDocument): void;
}

const MAX_SEEN = 4096;

/** Creates the SSDP scanner; nothing is sent until `start()`. */
export function createSsdpScanner(opts: SsdpScannerOptions, io: SsdpIo = nodeSsdpIo) {
  const seen = new Set<string>();
  const docs = new Map<string, Promise<UpnpDocument | null>>();
  const pending = new Set<Promise<void>>();
  const timers: NodeJS.Timeout[] = [];
  const closers: Array<() => void> = [];
  let searchesSent = 0;
  let stopped = false;

  const describe = (url: URL, ip: string): Promise<UpnpDocument | null> => {
    const cached = docs.get(url.href);
    if (cached) return cached;
    if (docs.size >= (opts.maxFetches ?? 64)) return Promise.resolve(null);
    const p = io.fetchText(url).then(
      (xml) => {
        const document = parseUpnpDocument(xml);
        if (!document) io.log(`${url.href}: not a UPnP description`);
        else opts.onDocument?.({ location: url.href, ip, document });
        return document;
      },
      (err: Error) => {
        io.log(`description not fetched: ${err.message}`);
        return null;
      },
    );
    docs.set(url.href, p);
    return p;
  };

  const handle = (kind: SsdpData['kind'], headers: Headers, from: { address: string }) => {
    if (stopped) return;
    const data = ssdpDataFromHeaders(kind, headers);
    if (!data) return;
    const ip = from.address;
    const key = [ip, kind, data.usn, data.st, data.nt, data.location].join('|');
    if (seen.has(key) || seen.size >= MAX_SEEN) return;
    seen.add(key);
    const emit = (description?: UpnpDocument | null) =>
      opts.onObservation({ source: 'ssdp', at: io.now().toISOString(), ip, data: description ? { ...data, description: description.description } : data });
    const url = data.location ? lanUrl(data.location, ip, opts.subnets) : null;
    if (!url) {
      if (data.location) io.log(`not fetching ${data.location.slice(0, 200)} from ${ip}: not the responder's own LAN address`);
      emit();
      return;
    }
    const p = describe(url, ip).then(emit);
    pending.add(p);
    void p.finally(() => pending.delete(p));
  };

  return {
    /** Opens the sockets, sends the first M-SEARCH and schedules the rest. */
    async start(): Promise<void> {
      if (opts.passive ?? true) {
        try {
          const listener = await io.openListener({ interfaceName: opts.interfaceName });
          listener.onNotify((h, f) => handle('notify', h, f));
          closers.push(() => listener.close());
        } catch (err) {
          io.log(`passive listener unavailable: ${(err as Error).message}`);
        }
      }
      const client = await io.openClient({ interfaceName: opts.interfaceName });
      client.onResponse((h, f) => handle('response', h, f));
      closers.push(() => client.close());
      const st = opts.st ?? 'ssdp:all';
      const search = () => {
        if (stopped) return;
        searchesSent++;
        client.search(st);
      };
      search();
      const n = Math.max(1, opts.searches ?? 2);
      for (let i = 1; i < n; i++) timers.push(setTimeout(search, i * (opts.searchIntervalMs ?? 1000)));
    },
    /** Stops searching and listening, then waits for descriptions still being fetched (each ≤ 2 s). */
    async stop(): Promise<void> {
      stopped = true;
      for (const t of timers) clearTimeout(t);
      for (const close of closers.splice(0)) {
        try {
          close();
        } catch (err) {
          io.log(`close: ${(err as Error).message}`);
        }
      }
      await Promise.allSettled([...pending]);
    },
    stats: () => ({ searches: searchesSent, messages: seen.size, descriptions: docs.size }),
  };
}
