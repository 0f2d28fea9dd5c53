/**
 * The default HTTP client of the account checks: a `fetch` built on node:http/https. Home devices (Hue bridge,
 * FRITZ!Box on 49443, OpenWrt) serve HTTPS with self-signed certificates that no public authority signs, so
 * certificate checks are off here; the target guard has already limited the host to a home address the owner
 * chose. Redirects are never followed and no connection is reused.
 */
import http from 'node:http';
import https from 'node:https';
import { Readable } from 'node:stream';
import type { FetchLike } from './check-types.ts';

function plainHeaders(h: HeadersInit | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  new Headers(h).forEach((v, k) => {
    out[k] = v;
  });
  return out;
}

/** `fetch`-compatible GET/POST over node:http(s), for devices on the home network. */
export const lanFetch: FetchLike = (url, init = {}) =>
  new Promise<Response>((resolve, reject) => {
    const u = new URL(url);
    const mod = u.protocol === 'https:' ? https : http;
    const body = typeof init.body === 'string' ? init.body : undefined;
    const headers = plainHeaders(init.headers);
    if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body));
    const req = mod.request(
      u,
      { method: init.method ?? 'GET', headers, agent: false, rejectUnauthorized: false },
      (res) => {
        const out = new Headers();
        for (const [k, v] of Object.entries(res.headers)) {
          if (v !== undefined) out.set(k, Array.isArray(v) ? v.join(', ') : v);
        }
        const status = res.statusCode ?? 502;
        const noBody = status === 204 || status === 205 || status === 304 || status < 200;
        if (noBody) res.resume();
        const stream = noBody ? null : (Readable.toWeb(res) as ReadableStream<Uint8Array>);
        resolve(new Response(stream, { status: status < 200 ? 502 : status, headers: out }));
      },
    );
    const signal = init.signal;
    if (signal) {
      if (signal.aborted) req.destroy(new Error('aborted'));
      signal.addEventListener('abort', () => req.destroy(new Error('timed out')), { once: true });
    }
    req.on('error', reject);
    req.end(body);
  });
