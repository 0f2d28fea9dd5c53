/**
 * Pure reading of SSDP messages (UPnP Device Architecture 1.1 §1): M-SEARCH requests, their unicast
 * `HTTP/1.1 200 OK` responses and NOTIFY announcements. Works on raw datagram text (for the capture decoders)
 * and on header maps (node-ssdp already splits headers).
 */
import type { SsdpData } from '../gateway/contract.ts';

const MAX_HEADER = 1024;
const MAX_LINES = 64;

/** Splits one SSDP datagram into its kind and upper-cased headers; null when it is not SSDP. */
export function parseSsdpText(text: string): { kind: SsdpData['kind']; headers: Record<string, string>; nts?: string } | null {
  if (typeof text !== 'string' || text.length === 0 || text.length > 16 * 1024) return null;
  const lines = text.split(/\r?\n/);
  const start = lines[0].trim();
  let kind: SsdpData['kind'];
  if (/^NOTIFY \* HTTP\/1\.[01]$/i.test(start)) kind = 'notify';
  else if (/^M-SEARCH \* HTTP\/1\.[01]$/i.test(start)) kind = 'search';
  else if (/^HTTP\/1\.[01] 200\b/i.test(start)) kind = 'response';
  else return null;
  const headers: Record<string, string> = {};
  for (const line of lines.slice(1, MAX_LINES)) {
    if (line === '') break;
    const m = /^([A-Za-z0-9._-]{1,64})\s*:\s?(.*)$/.exec(line);
    if (m && !(m[1].toUpperCase() in headers)) headers[m[1].toUpperCase()] = m[2].trim();
  }
  return { kind, headers };
}

function clip(v: unknown): string | undefined {
  if (typeof v !== 'string') return undefined;
  const t = v.trim();
  return t === '' ? undefined : t.slice(0, MAX_HEADER);
}

/**
 * Builds the contract's {@link SsdpData} from upper-cased headers. Returns null for a NOTIFY that is not
 * `ssdp:alive` (a bye-bye names no location worth keeping) or a message with none of ST/NT/USN.
 */
export function ssdpDataFromHeaders(kind: SsdpData['kind'], headers: Record<string, string>): SsdpData | null {
  if (!headers || typeof headers !== 'object') return null;
  if (kind === 'notify' && (headers.NTS ?? '').toLowerCase() !== 'ssdp:alive') return null;
  const data: SsdpData = { kind };
  const fields: Array<[keyof SsdpData, string]> = [
    ['st', 'ST'],
    ['nt', 'NT'],
    ['usn', 'USN'],
    ['server', 'SERVER'],
    ['location', 'LOCATION'],
    ['userAgent', 'USER-AGENT'],
  ];
  for (const [key, header] of fields) {
    const v = clip(headers[header]);
    if (v !== undefined) (data as unknown as Record<string, string>)[key] = v;
  }
  if (!data.st && !data.nt && !data.usn) return null;
  return data;
}

/** Parses one raw SSDP datagram straight into {@link SsdpData}; null when it is not usable SSDP. */
export function parseSsdpMessage(text: string): SsdpData | null {
  const m = parseSsdpText(text);
  return m ? ssdpDataFromHeaders(m.kind, m.headers) : null;
}
