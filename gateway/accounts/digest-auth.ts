/**
 * HTTP Digest authentication (RFC 7616 with MD5 and qop=auth, as TR-064 devices use). The password is turned into
 * HA1 once; later requests of the same session reuse the server's nonce with a growing nonce count, so the
 * password itself is used a single time and never kept.
 */
import { createHash, randomBytes } from 'node:crypto';

/** The parts of a `WWW-Authenticate: Digest …` challenge the client needs. */
export interface DigestChallenge {
  realm: string;
  nonce: string;
  qop?: string;
  opaque?: string;
  algorithm?: string;
  stale?: boolean;
}

const md5 = (s: string): string => createHash('md5').update(s).digest('hex');

/** Parses a Digest challenge header; null when it is not one or lacks realm/nonce. */
export function parseDigestChallenge(header: string | null | undefined): DigestChallenge | null {
  if (typeof header !== 'string' || header.length > 2048) return null;
  const m = /^\s*Digest\s+(.*)$/is.exec(header);
  if (!m) return null;
  const params: Record<string, string> = {};
  const re = /([a-zA-Z]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]+))/g;
  for (let p = re.exec(m[1]!); p; p = re.exec(m[1]!)) params[p[1]!.toLowerCase()] = (p[2] ?? p[3] ?? '').replace(/\\(.)/g, '$1');
  if (!params.realm || !params.nonce) return null;
  const algorithm = params.algorithm;
  // Only MD5 (the TR-064 default) is implemented; other algorithms are refused rather than guessed.
  if (algorithm && algorithm.toUpperCase() !== 'MD5') return null;
  const qops = params.qop?.split(',').map((q) => q.trim());
  return {
    realm: params.realm,
    nonce: params.nonce,
    ...(qops?.includes('auth') ? { qop: 'auth' } : {}),
    ...(params.opaque ? { opaque: params.opaque } : {}),
    ...(algorithm ? { algorithm } : {}),
    ...(params.stale?.toLowerCase() === 'true' ? { stale: true } : {}),
  };
}

/** HA1 = MD5(username:realm:password). */
export function digestHa1(username: string, realm: string, password: string): string {
  return md5(`${username}:${realm}:${password}`);
}

/** The response hash for one request (RFC 7616 §3.4.1, qop=auth or the RFC 2069 form without qop). */
export function digestResponse(ha1: string, method: string, uri: string, c: DigestChallenge, nc: string, cnonce: string): string {
  const ha2 = md5(`${method}:${uri}`);
  return c.qop ? md5(`${ha1}:${c.nonce}:${nc}:${cnonce}:${c.qop}:${ha2}`) : md5(`${ha1}:${c.nonce}:${ha2}`);
}

/** The `Authorization` header value for request number `count` (1-based) of the session. */
export function digestAuthorization(username: string, ha1: string, method: string, uri: string, c: DigestChallenge, count: number, cnonce = randomBytes(8).toString('hex')): string {
  const nc = count.toString(16).padStart(8, '0');
  const response = digestResponse(ha1, method, uri, c, nc, cnonce);
  const parts = [
    `username="${username}"`, `realm="${c.realm}"`, `nonce="${c.nonce}"`, `uri="${uri}"`, `response="${response}"`,
    ...(c.algorithm ? [`algorithm=${c.algorithm}`] : []),
    ...(c.opaque ? [`opaque="${c.opaque}"`] : []),
    ...(c.qop ? [`qop=${c.qop}`, `nc=${nc}`, `cnonce="${cnonce}"`] : []),
  ];
  return `Digest ${parts.join(', ')}`;
}
