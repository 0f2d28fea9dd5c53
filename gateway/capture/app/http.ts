/**
 * Plain HTTP/1.x request parsing: method, path, Host and User-Agent from the first segment of a request.
 * Reads only `buf[start, end)` (at most 8 KB), never throws.
 */
import { readHeaderBlock } from './header-block.ts';
import { cleanText } from './text.ts';

/** A request's start line and the two headers we keep. `host` is lowercase, as sent (port included). */
export interface HttpRequest {
  method: string;
  path: string;
  host?: string;
  userAgent?: string;
}

const MAX_BYTES = 8192;
const MAX_VALUE = 512;
const METHODS = ['GET', 'POST', 'PUT', 'HEAD', 'DELETE', 'OPTIONS', 'PATCH', 'CONNECT'];
// The method tokens as bytes with their trailing space, so the test is a byte comparison.
const METHOD_BYTES = METHODS.map((m) => Buffer.from(`${m} `, 'latin1'));
/** The headers kept: the others are only counted (see readHeaderBlock). */
const WANTED = new Set(['host', 'user-agent']);

function methodAt(buf: Buffer, start: number, end: number): string | null {
  for (let i = 0; i < METHOD_BYTES.length; i++) {
    const m = METHOD_BYTES[i];
    if (end - start >= m.length && buf[start] === m[0] && bytesAt(buf, start, m)) return METHODS[i];
  }
  return null;
}

// A byte loop: for a token of a few bytes, Buffer.compare's native call and argument checks cost more than the test.
function bytesAt(buf: Buffer, at: number, m: Buffer): boolean {
  for (let j = 1; j < m.length; j++) if (buf[at + j] !== m[j]) return false;
  return true;
}

/**
 * Parses an HTTP request from `buf[start, end)`. Returns null unless the payload starts with a known method
 * token (GET, POST, PUT, HEAD, DELETE, OPTIONS, PATCH, CONNECT) and a space. Headers are read until the blank
 * line or 8 KB; values are stripped of control characters and capped at 512 characters. A path cut by the end
 * of the segment is returned as far as it goes.
 */
export function parseHttpRequest(buf: Buffer, start: number, end: number): HttpRequest | null {
  if (start < 0 || end > buf.length || start > end) return null;
  const method = methodAt(buf, start, end);
  if (!method) return null;
  const block = readHeaderBlock(buf, start, end, MAX_BYTES, MAX_VALUE, WANTED);
  const target = block.startLine.slice(method.length + 1);
  const sp = target.indexOf(' ');
  const path = cleanText(sp === -1 ? target : target.slice(0, sp), MAX_VALUE);
  if (!path) return null;
  const out: HttpRequest = { method, path };
  const host = block.headers.get('host');
  if (host) out.host = host.toLowerCase();
  const ua = block.headers.get('user-agent');
  if (ua) out.userAgent = ua;
  return out;
}
