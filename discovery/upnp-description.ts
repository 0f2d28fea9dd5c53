/**
 * UPnP Device Architecture 1.x description documents (the XML behind an SSDP LOCATION header): the root
 * device's identity, and every service of the root and embedded devices with its control URL (the IGD client
 * needs the WANIPConnection / WANPPPConnection control URL).
 */
import type { UpnpDescription } from '../gateway/contract.ts';
import { objOf, parseSafeXml, textOf } from './upnp-xml.ts';

/** One `<service>` of a device description. URLs are as written (often relative to URLBase or LOCATION). */
export interface UpnpService {
  serviceType: string;
  serviceId?: string;
  controlURL?: string;
  /** deviceType of the device that holds the service. */
  deviceType?: string;
}

/** Everything we use from a description document. */
export interface UpnpDocument {
  description: UpnpDescription;
  services: UpnpService[];
  /** Every deviceType in the tree, root first. */
  deviceTypes: string[];
  /** UPnP 1.0 `<URLBase>`, when present. */
  urlBase?: string;
}

// Real devices nest three levels (IGD → WANDevice → WANConnectionDevice); the bounds stop hostile documents.
const MAX_DEPTH = 6;
const MAX_SERVICES = 64;

/** Parses a description document; null when it is not XML or has no `root/device`. */
export function parseUpnpDocument(xml: string): UpnpDocument | null {
  const doc = parseSafeXml(xml);
  const root = objOf(doc, 'root');
  const devices = root?.device;
  if (!root || !Array.isArray(devices) || !devices[0] || typeof devices[0] !== 'object') return null;
  const dev = devices[0] as Record<string, unknown>;

  const services: UpnpService[] = [];
  const deviceTypes: string[] = [];
  const walk = (d: Record<string, unknown>, depth: number) => {
    const deviceType = textOf(d.deviceType);
    if (deviceType) deviceTypes.push(deviceType);
    const list = objOf(d, 'serviceList')?.service;
    for (const s of Array.isArray(list) ? list : []) {
      if (services.length >= MAX_SERVICES || !s || typeof s !== 'object') break;
      const r = s as Record<string, unknown>;
      const serviceType = textOf(r.serviceType);
      if (!serviceType) continue;
      services.push({
        serviceType,
        ...opt('serviceId', textOf(r.serviceId)),
        ...opt('controlURL', textOf(r.controlURL)),
        ...opt('deviceType', deviceType),
      });
    }
    if (depth >= MAX_DEPTH) return;
    const children = objOf(d, 'deviceList')?.device;
    for (const c of Array.isArray(children) ? children : []) {
      if (c && typeof c === 'object') walk(c as Record<string, unknown>, depth + 1);
    }
  };
  walk(dev, 0);

  const description: UpnpDescription = {
    ...opt('friendlyName', textOf(dev.friendlyName)),
    ...opt('manufacturer', textOf(dev.manufacturer)),
    ...opt('modelName', textOf(dev.modelName)),
    ...opt('modelNumber', textOf(dev.modelNumber)),
    ...opt('modelDescription', textOf(dev.modelDescription)),
    ...opt('deviceType', textOf(dev.deviceType)),
    ...opt('serialNumber', textOf(dev.serialNumber)),
    ...opt('udn', textOf(dev.UDN)),
  };
  const types = [...new Set(services.map((s) => s.serviceType))];
  if (types.length) description.services = types;
  return { description, services, deviceTypes, ...opt('urlBase', textOf(root.URLBase)) };
}

/** Parses a description document into the contract's {@link UpnpDescription}; null when malformed. */
export function parseUpnpDescription(xml: string): UpnpDescription | null {
  return parseUpnpDocument(xml)?.description ?? null;
}

function opt<K extends string>(key: K, value: string | undefined): { [P in K]?: string } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: string };
}
