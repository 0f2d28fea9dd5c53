/**
 * Announces a UPnP root device over SSDP (NOTIFY ssdp:alive, answers M-SEARCH) with node-ssdp, and serves its
 * description XML over HTTP on the device's own address. Lab-only helper.
 */
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import { buildDescriptionXml, type UpnpDevice } from './upnp-description.ts';

// node-ssdp ships no types; this is the part of its API the lab uses.
interface SsdpServerLike {
  addUSN(usn: string): void;
  start(): Promise<void>;
  stop(): void;
  on(event: 'error', cb: (err: Error) => void): void;
}
type SsdpServerCtor = new (opts: Record<string, unknown>) => SsdpServerLike;
const { Server: SsdpServer } = createRequire(import.meta.url)('node-ssdp') as { Server: SsdpServerCtor };

/** Where and what to announce. */
export interface SsdpAnnouncement {
  ip: string;
  port: number;
  path: string;
  /** SERVER header, e.g. "Linux/3.8 UPnP/1.0 Portable SDK for UPnP devices/1.6.18". */
  server: string;
  root: UpnpDevice;
  /** Extra search targets (USNs) besides upnp:rootdevice, the device types and the service types. */
  extraSt?: string[];
  /** Serve these paths besides the description (e.g. SOAP control URLs). */
  handle?: (method: string, path: string, headers: Record<string, string | string[] | undefined>, body: string) => { status: number; type: string; body: string } | null;
  interfaces?: string[];
}

/** A running announcer. */
export interface SsdpAnnouncer {
  stop(): Promise<void>;
}

function collectTargets(d: UpnpDevice, out: Set<string>): void {
  out.add(d.deviceType);
  d.services?.forEach((s) => out.add(s.serviceType));
  d.devices?.forEach((c) => collectTargets(c, out));
}

/** Starts the HTTP description server and the SSDP server. */
export async function startSsdpAnnouncer(a: SsdpAnnouncement): Promise<SsdpAnnouncer> {
  const xml = buildDescriptionXml(a.root);
  const http: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = (req.url ?? '/').split('?')[0];
      if (req.method === 'GET' && path === a.path) {
        res.writeHead(200, { 'content-type': 'text/xml; charset="utf-8"', server: a.server });
        res.end(xml);
        return;
      }
      const custom = a.handle?.(req.method ?? 'GET', path, req.headers, Buffer.concat(chunks).toString('utf8'));
      if (custom) {
        res.writeHead(custom.status, { 'content-type': custom.type, server: a.server });
        res.end(custom.body);
        return;
      }
      res.writeHead(404, { server: a.server });
      res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(a.port, a.ip, () => resolve());
  });
  const ssdp = new SsdpServer({
    location: `http://${a.ip}:${a.port}${a.path}`,
    udn: a.root.udn,
    ssdpSig: a.server,
    sourcePort: 1900,
    adInterval: 10_000,
    ttl: 1800,
    ...(a.interfaces ? { interfaces: a.interfaces } : {}),
  });
  ssdp.on('error', (err) => console.error(`ssdp: ${err.message}`));
  const targets = new Set<string>(['upnp:rootdevice']);
  collectTargets(a.root, targets);
  a.extraSt?.forEach((t) => targets.add(t));
  for (const t of targets) ssdp.addUSN(t);
  await ssdp.start();
  return {
    async stop() {
      ssdp.stop();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}
