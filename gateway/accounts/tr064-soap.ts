/**
 * TR-064 SOAP pieces (pure): the request envelope, the action's answer or UPnP error, and the service list of
 * `tr64desc.xml`. XML is parsed with the safe parser used for UPnP (no DTD, no entities).
 */
import { parseSafeXml } from '../../discovery/upnp-xml.ts';
import { asArray, asRecord } from './json-shape.ts';

const xmlEscape = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A SOAP 1.1 request body for `action` of `serviceType` with string arguments. */
export function soapEnvelope(serviceType: string, action: string, args: Record<string, string | number> = {}): string {
  const inner = Object.entries(args).map(([k, v]) => `<${k}>${xmlEscape(String(v))}</${k}>`).join('');
  return '<?xml version="1.0" encoding="utf-8"?>' +
    '<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/" s:encodingStyle="http://schemas.xmlsoap.org/soap/encoding/">' +
    `<s:Body><u:${action} xmlns:u="${xmlEscape(serviceType)}">${inner}</u:${action}></s:Body></s:Envelope>`;
}

/** The action's output arguments, a UPnP error code, or null when the answer is not SOAP. */
export type SoapAnswer = { out: Record<string, string> } | { fault: number; description: string };

/** Reads `<…Response>` out arguments or `<UPnPError><errorCode>`. */
export function parseSoapAnswer(xml: string, action: string): SoapAnswer | null {
  const doc = parseSafeXml(xml);
  const body = asRecord(asRecord(doc?.Envelope)?.Body);
  if (!body) return null;
  const fault = asRecord(body.Fault);
  if (fault) {
    const err = asRecord(asRecord(fault.detail)?.UPnPError);
    const code = Number(err?.errorCode);
    return { fault: Number.isInteger(code) ? code : -1, description: typeof err?.errorDescription === 'string' ? err.errorDescription : 'fault' };
  }
  const resp = body[`${action}Response`];
  if (resp === '' || resp === undefined) return resp === '' ? { out: {} } : null;
  const r = asRecord(resp);
  if (!r) return null;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(r)) if (typeof v === 'string' || typeof v === 'number') out[k] = String(v);
  return { out };
}

/** One service of the TR-064 description. */
export interface Tr64Service {
  serviceType: string;
  controlURL: string;
}

/** Every service in `tr64desc.xml`, walking nested devices; empty when the document is unusable. */
export function parseTr64Services(xml: string): Tr64Service[] {
  const doc = parseSafeXml(xml);
  const out: Tr64Service[] = [];
  const walk = (device: unknown, depth: number): void => {
    const d = asRecord(device);
    if (!d || depth > 6) return;
    for (const s of asArray(asRecord(d.serviceList)?.service)) {
      const r = asRecord(s);
      if (typeof r?.serviceType === 'string' && typeof r.controlURL === 'string' && r.controlURL.startsWith('/')) {
        out.push({ serviceType: r.serviceType, controlURL: r.controlURL });
      }
    }
    for (const child of asArray(asRecord(d.deviceList)?.device)) walk(child, depth + 1);
  };
  for (const root of asArray(asRecord(doc?.root)?.device)) walk(root, 0);
  return out;
}
