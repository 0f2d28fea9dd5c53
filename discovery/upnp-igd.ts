/**
 * The router's port mappings through UPnP IGD (WANIPConnection:1/2 or WANPPPConnection:1): which device on
 * the LAN is reachable from the internet, on which port. We call only GetGenericPortMappingEntry, index 0, 1,
 * 2, … until fault 713 SpecifiedArrayIndexInvalid (or any other fault) or `maxEntries`; we never add, change or
 * delete a mapping. The router is found from SSDP (its description document, see ssdp.ts).
 */
import type { Observation, PortMapping, UpnpIgdData } from '../gateway/contract.ts';
import { boundedRequest } from './http-get.ts';
import type { LocalSubnet } from './interface-info.ts';
import { lanUrl } from './lan-url.ts';
import type { FetchedDocument } from './ssdp.ts';
import type { UpnpDocument } from './upnp-description.ts';
import { objOf, parseSafeXml, textOf } from './upnp-xml.ts';

/** UPnP error code that ends the enumeration normally (IGD WANIPConnection:1 §2.4.14). */
export const FAULT_ARRAY_INDEX_INVALID = 713;

const SERVICE_RE = /^urn:schemas-upnp-org:service:(WANIPConnection|WANPPPConnection):[12]$/;

/** The connection service to ask, from an IGD description; null when the device offers none. */
export function findIgdControls(doc: UpnpDocument): Array<{ serviceType: string; controlURL: string }> {
  const out: Array<{ serviceType: string; controlURL: string }> = [];
  for (const s of doc.services) {
    if (SERVICE_RE.test(s.serviceType) && s.controlURL) out.push({ serviceType: s.serviceType, controlURL: s.controlURL });
  }
  return out.slice(0, 4);
}

/**
 * The SOAP 1.1 request for GetGenericPortMappingEntry (UPnP Device Architecture §3.2.1). Null when the index
 * is not a small non-negative integer or the service type is not a WAN connection service (it is copied into
 * the XML and a header, so it must be exactly one of the known names).
 */
export function buildPortMappingRequest(index: number, serviceType: string): { body: string; soapAction: string } | null {
  if (!Number.isInteger(index) || index < 0 || index > 65535 || !SERVICE_RE.test(serviceType)) return null;
  const body =
    '<?xml version="1.0"?>\r\n' +
    '<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/" s:encodingStyle="http://schemas.xmlsoap.org/soap/encoding/">' +
    `<s:Body><u:GetGenericPortMappingEntry xmlns:u="${serviceType}">` +
    `<NewPortMappingIndex>${index}</NewPortMappingIndex>` +
    '</u:GetGenericPortMappingEntry></s:Body></s:Envelope>\r\n';
  return { body, soapAction: `"${serviceType}#GetGenericPortMappingEntry"` };
}

/** A parsed answer: one mapping, or a SOAP fault with its UPnP error code. */
export type PortMappingResult = { kind: 'mapping'; mapping: PortMapping } | { kind: 'fault'; code: number; description?: string };

function port(v: unknown, allowZero: boolean): number | null {
  const t = textOf(v);
  if (t === undefined || !/^\d{1,5}$/.test(t)) return null;
  const n = Number(t);
  return n <= 65535 && (allowZero || n > 0) ? n : null;
}

/** Parses a GetGenericPortMappingEntry response or SOAP fault; null when it is neither. */
export function parsePortMappingResponse(xml: string): PortMappingResult | null {
  const body = objOf(objOf(parseSafeXml(xml), 'Envelope'), 'Body');
  if (!body) return null;
  const fault = objOf(body, 'Fault');
  if (fault) {
    const err = objOf(objOf(fault, 'detail'), 'UPnPError');
    const code = Number(textOf(err?.errorCode));
    if (!Number.isInteger(code)) return null;
    const description = textOf(err?.errorDescription);
    return { kind: 'fault', code, ...(description ? { description } : {}) };
  }
  const r = objOf(body, 'GetGenericPortMappingEntryResponse');
  if (!r) return null;
  const protocol = textOf(r.NewProtocol)?.toUpperCase();
  const externalPort = port(r.NewExternalPort, true);
  const internalPort = port(r.NewInternalPort, false);
  const internalClient = textOf(r.NewInternalClient);
  if ((protocol !== 'TCP' && protocol !== 'UDP') || externalPort === null || internalPort === null || !internalClient) return null;
  const mapping: PortMapping = { protocol, externalPort, internalClient: internalClient.slice(0, 255), internalPort, enabled: textOf(r.NewEnabled) !== '0' };
  const description = textOf(r.NewPortMappingDescription);
  if (description) mapping.description = description;
  const remoteHost = textOf(r.NewRemoteHost);
  if (remoteHost) mapping.remoteHost = remoteHost;
  const lease = textOf(r.NewLeaseDuration);
  if (lease !== undefined && /^\d{1,10}$/.test(lease)) mapping.leaseDuration = Number(lease);
  return { kind: 'mapping', mapping };
}

/** Edges of the IGD client. */
export interface IgdIo {
  post(url: URL, body: string, soapAction: string): Promise<{ status: number; body: string }>;
  now(): Date;
  log(message: string): void;
}

/** The real edge: the bounded HTTP client (2 s, 64 KB per answer). */
export const httpIgdIo: IgdIo = {
  post: (url, body, soapAction) =>
    boundedRequest(url, {
      method: 'POST',
      body,
      headers: { 'content-type': 'text/xml; charset="utf-8"', soapaction: soapAction },
      timeoutMs: 2000,
      maxBytes: 64 * 1024,
    }),
  now: () => new Date(),
  log: (m) => process.stderr.write(`[upnp-igd] ${m}\n`),
};

/** Options of {@link createUpnpIgdScanner}. */
export interface UpnpIgdOptions {
  subnets: LocalSubnet[];
  /** Most entries read per connection service. */
  maxEntries?: number;
  /** How long `stop()` lets a read in progress finish before cutting it short. */
  stopGraceMs?: number;
  onObservation(obs: Observation<UpnpIgdData>): void;
}

/**
 * Creates the IGD client. Feed it description documents with `offer()` (wire it to the SSDP scanner's
 * `onDocument`); it reads each router's mappings once and emits one `upnp-igd` observation per router.
 */
export function createUpnpIgdScanner(opts: UpnpIgdOptions, io: IgdIo = httpIgdIo) {
  const maxEntries = opts.maxEntries ?? 256;
  const routers = new Set<string>();
  const running = new Set<Promise<void>>();
  let stopped = false;

  const readService = async (url: URL, serviceType: string, into: PortMapping[]): Promise<void> => {
    for (let index = 0; index < maxEntries && !stopped; index++) {
      const req = buildPortMappingRequest(index, serviceType)!;
      let res: { status: number; body: string };
      try {
        res = await io.post(url, req.body, req.soapAction);
      } catch (err) {
        io.log(`${url.href}: ${(err as Error).message}`);
        return;
      }
      const parsed = parsePortMappingResponse(res.body);
      if (!parsed) {
        io.log(`${url.href}: unreadable answer for index ${index} (HTTP ${res.status})`);
        return;
      }
      if (parsed.kind === 'fault') {
        if (parsed.code !== FAULT_ARRAY_INDEX_INVALID) io.log(`${url.href}: UPnP fault ${parsed.code} ${parsed.description ?? ''} at index ${index}`.trim());
        return;
      }
      into.push(parsed.mapping);
    }
  };

  const readRouter = async (doc: FetchedDocument, controls: ReturnType<typeof findIgdControls>) => {
    const mappings: PortMapping[] = [];
    const base = doc.document.urlBase ?? doc.location;
    for (const c of controls) {
      const url = lanUrl(c.controlURL, doc.ip, opts.subnets, base);
      if (!url) {
        io.log(`not calling ${c.controlURL.slice(0, 200)} for ${doc.ip}: not the router's own LAN address`);
        continue;
      }
      await readService(url, c.serviceType, mappings);
    }
    opts.onObservation({ source: 'upnp-igd', at: io.now().toISOString(), ip: doc.ip, data: { router: doc.ip, mappings } });
  };

  return {
    /** Nothing to open: the IGD client acts on documents offered to it. */
    async start(): Promise<void> {},
    /** Considers one description document; starts reading mappings when it is a router not yet read. */
    offer(doc: FetchedDocument): void {
      if (stopped || routers.has(doc.ip)) return;
      const controls = findIgdControls(doc.document);
      if (controls.length === 0) return;
      routers.add(doc.ip);
      const p = readRouter(doc, controls);
      running.add(p);
      void p.finally(() => running.delete(p));
    },
    /**
     * Lets reads in progress finish for up to `stopGraceMs`, then cuts them short after the request in flight
     * (each ≤ 2 s); every router read emits what it has.
     */
    async stop(): Promise<void> {
      const all = Promise.allSettled([...running]);
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([all, new Promise<void>((r) => (timer = setTimeout(r, opts.stopGraceMs ?? 5000)))]);
      clearTimeout(timer);
      stopped = true;
      await all;
    },
  };
}
