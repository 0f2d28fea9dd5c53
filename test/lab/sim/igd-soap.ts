/**
 * The router's UPnP IGD control endpoint (WANIPConnection:1): answers the SOAP actions a LAN auditor uses to
 * read port mappings. Pure: request text in, HTTP status and SOAP text out.
 */
import type { RouterMapping } from './run-config.ts';

/** The service type the control URL implements. */
export const WAN_IP_CONNECTION = 'urn:schemas-upnp-org:service:WANIPConnection:1';

/** A SOAP reply. */
export interface SoapReply {
  status: number;
  body: string;
}

function envelope(inner: string): string {
  return (
    '<?xml version="1.0"?>\r\n<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/" ' +
    's:encodingStyle="http://schemas.xmlsoap.org/soap/encoding/"><s:Body>' +
    inner +
    '</s:Body></s:Envelope>\r\n'
  );
}

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function ok(action: string, args: Record<string, string | number>): SoapReply {
  const fields = Object.entries(args)
    .map(([k, v]) => `<${k}>${esc(String(v))}</${k}>`)
    .join('');
  return { status: 200, body: envelope(`<u:${action}Response xmlns:u="${WAN_IP_CONNECTION}">${fields}</u:${action}Response>`) };
}

function fault(code: number, description: string): SoapReply {
  // UPnP Device Architecture §3.2.2: errors are a SOAP Fault carrying a UPnPError, with HTTP 500.
  return {
    status: 500,
    body: envelope(
      '<s:Fault><faultcode>s:Client</faultcode><faultstring>UPnPError</faultstring><detail>' +
        `<UPnPError xmlns="urn:schemas-upnp-org:control-1-0"><errorCode>${code}</errorCode>` +
        `<errorDescription>${description}</errorDescription></UPnPError></detail></s:Fault>`,
    ),
  };
}

function arg(body: string, name: string): string | null {
  const m = new RegExp(`<${name}>([^<]*)</${name}>`).exec(body);
  return m ? m[1].trim() : null;
}

function entry(m: RouterMapping): Record<string, string | number> {
  return {
    NewInternalPort: m.internalPort,
    NewInternalClient: m.internalClient,
    NewEnabled: m.enabled ? 1 : 0,
    NewPortMappingDescription: m.description,
    NewLeaseDuration: m.leaseSeconds,
  };
}

/** Handles one control request. `soapAction` is the SOAPAction header ("urn:…:WANIPConnection:1#Action"). */
export function handleIgdSoap(soapAction: string, body: string, mappings: RouterMapping[], externalIp: string): SoapReply {
  const action = soapAction.replace(/"/g, '').split('#')[1] ?? '';
  switch (action) {
    case 'GetExternalIPAddress':
      return ok(action, { NewExternalIPAddress: externalIp });
    case 'GetStatusInfo':
      return ok(action, { NewConnectionStatus: 'Connected', NewLastConnectionError: 'ERROR_NONE', NewUptime: 86400 });
    case 'GetGenericPortMappingEntry': {
      const raw = arg(body, 'NewPortMappingIndex');
      const index = raw !== null && /^\d+$/.test(raw) ? Number(raw) : -1;
      const m = mappings[index];
      if (!m) return fault(713, 'SpecifiedArrayIndexInvalid');
      return ok(action, { NewRemoteHost: '', NewExternalPort: m.externalPort, NewProtocol: m.protocol, ...entry(m) });
    }
    case 'GetSpecificPortMappingEntry': {
      const port = Number(arg(body, 'NewExternalPort'));
      const proto = (arg(body, 'NewProtocol') ?? '').toUpperCase();
      const m = mappings.find((x) => x.externalPort === port && x.protocol === proto);
      if (!m) return fault(714, 'NoSuchEntryInArray');
      return ok(action, entry(m));
    }
    default:
      return fault(401, 'Invalid Action');
  }
}
