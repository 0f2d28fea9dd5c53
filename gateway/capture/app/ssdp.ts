/**
 * SSDP message parsing (UPnP Device Architecture 2.0 §1): NOTIFY announcements, M-SEARCH requests and their
 * unicast `HTTP/1.1 200 OK` responses, from one UDP payload. Reads only `buf[start, end)` (at most 8 KB),
 * never throws.
 */
import type { SsdpData } from '../../contract.ts';
import { readHeaderBlock } from './header-block.ts';

/** An SSDP message: the contract fields plus NTS (`ssdp:alive`, `ssdp:byebye`, `ssdp:update`). */
export interface SsdpMessage extends SsdpData {
  nts?: string;
}

const MAX_BYTES = 8192;
const MAX_VALUE = 512;
const START_LINES: Record<string, SsdpData['kind']> = {
  'NOTIFY * HTTP/1.1': 'notify',
  'M-SEARCH * HTTP/1.1': 'search',
};

function kindOf(line: string): SsdpData['kind'] | null {
  const upper = line.toUpperCase().replace(/\s+/g, ' ');
  if (upper in START_LINES) return START_LINES[upper];
  // Responses to M-SEARCH; some stacks answer with HTTP/1.0.
  if (/^HTTP\/1\.[01] 200( |$)/.test(upper)) return 'response';
  return null;
}

/**
 * Parses an SSDP message from `buf[start, end)`. Returns null unless the first line is `NOTIFY * HTTP/1.1`,
 * `M-SEARCH * HTTP/1.1` or an HTTP 200 status line. Header names are case-insensitive; values are trimmed,
 * stripped of control characters and capped at 512 characters.
 */
export function parseSsdp(buf: Buffer, start: number, end: number): SsdpMessage | null {
  if (start < 0 || end > buf.length || end - start < 12) return null;
  // Cheap first-byte test before any decoding: N(OTIFY), M(-SEARCH), H(TTP).
  const first = buf[start] | 0x20;
  if (first !== 0x6e && first !== 0x6d && first !== 0x68) return null;
  const block = readHeaderBlock(buf, start, end, MAX_BYTES, MAX_VALUE);
  const kind = kindOf(block.startLine);
  if (!kind) return null;
  const h = block.headers;
  const out: SsdpMessage = { kind };
  const set = (key: 'st' | 'nt' | 'nts' | 'usn' | 'server' | 'location' | 'userAgent', header: string) => {
    const v = h.get(header);
    if (v) out[key] = v;
  };
  set('st', 'st');
  set('nt', 'nt');
  set('nts', 'nts');
  set('usn', 'usn');
  set('server', 'server');
  set('location', 'location');
  set('userAgent', 'user-agent');
  return out;
}
