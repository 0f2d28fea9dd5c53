/**
 * A small, bounded HTTP/1.1 client for LAN devices (UPnP descriptions, IGD SOAP calls): one request, no
 * redirects, no proxy, a total timeout and a body size cap. Callers check the URL with lanUrl() first.
 */
import { request } from 'node:http';

/** Why a bounded request failed. */
export type HttpLimitCode = 'TIMEOUT' | 'TOO_LARGE' | 'NETWORK';

/** Thrown (as a rejection) by {@link boundedRequest}. */
export class HttpLimitError extends Error {
  constructor(
    readonly code: HttpLimitCode,
    message: string,
  ) {
    super(message);
    this.name = 'HttpLimitError';
  }
}

/** Options of {@link boundedRequest}. */
export interface BoundedRequestOptions {
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  timeoutMs?: number;
  maxBytes?: number;
}

/** Result of {@link boundedRequest}; the body is decoded as UTF-8. */
export interface BoundedResponse {
  status: number;
  body: string;
}

/** Sends one request and resolves with the status and body; rejects with {@link HttpLimitError}. */
export function boundedRequest(url: URL, opts: BoundedRequestOptions = {}): Promise<BoundedResponse> {
  const timeoutMs = opts.timeoutMs ?? 2000;
  const maxBytes = opts.maxBytes ?? 256 * 1024;
  return new Promise((resolve, reject) => {
    let done = false;
    const finish = (err: HttpLimitError | null, res?: BoundedResponse) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      if (err) {
        req.destroy();
        reject(err);
      } else resolve(res!);
    };
    const body = opts.body === undefined ? undefined : Buffer.from(opts.body, 'utf8');
    const req = request(
      url,
      {
        method: opts.method ?? 'GET',
        headers: { connection: 'close', ...(body ? { 'content-length': String(body.length) } : {}), ...opts.headers },
        agent: false,
      },
      (res) => {
        const declared = Number(res.headers['content-length']);
        if (Number.isFinite(declared) && declared > maxBytes) {
          finish(new HttpLimitError('TOO_LARGE', `${url.href}: declared ${declared} bytes, limit ${maxBytes}`));
          return;
        }
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          size += c.length;
          if (size > maxBytes) finish(new HttpLimitError('TOO_LARGE', `${url.href}: more than ${maxBytes} bytes`));
          else chunks.push(c);
        });
        res.on('end', () => finish(null, { status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', (e) => finish(new HttpLimitError('NETWORK', `${url.href}: ${e.message}`)));
      },
    );
    // A total deadline, not an idle timeout: a device that trickles bytes must not hold us.
    const timer = setTimeout(() => finish(new HttpLimitError('TIMEOUT', `${url.href}: no complete answer in ${timeoutMs} ms`)), timeoutMs);
    req.on('error', (e) => finish(new HttpLimitError('NETWORK', `${url.href}: ${e.message}`)));
    req.end(body);
  });
}
