/**
 * The edges the quiet access checks use: one HTTP GET, one TCP request/answer, and the clock. Injected so the
 * parsers and checks are tested without sockets, and so the gateway decides where requests may go.
 */
import { connect } from 'node:net';
import type { AccessEntry } from '../../gateway/contract.ts';
import { boundedRequest, HttpLimitError } from '../http-get.ts';

/** Limits of one quiet check; every request of the check gets them. */
export interface CheckLimits {
  /** Total time for one request, default 3000 ms. */
  timeoutMs: number;
  /** Largest answer accepted, default 256 KB. */
  maxBytes: number;
}

/** Defaults from issue 8: 3 s per request, 256 KB per answer. */
export const DEFAULT_LIMITS: CheckLimits = { timeoutMs: 3000, maxBytes: 256 * 1024 };

/** What a quiet check found, and why it found less than it could (never thrown). */
export interface CheckResult {
  entries: AccessEntry[];
  errors: string[];
}

/** The network and clock used by the checks. Every method rejects or resolves; none retries. */
export interface AccessIo {
  /** One plain-HTTP GET of `http://host:port/path`, no credentials, no redirects. */
  httpGet(host: string, port: number, path: string, limits: CheckLimits): Promise<{ status: number; body: string }>;
  /**
   * Opens one TCP connection, writes `payload` once, and resolves with the bytes read until `complete` says the
   * answer is whole or the peer closes. Rejects on timeout or when more than `maxBytes` arrive.
   */
  tcpRequest(host: string, port: number, payload: Uint8Array, limits: CheckLimits, complete: (got: Buffer) => boolean): Promise<Buffer>;
  /** ISO-8601 UTC time for `at`. */
  now(): string;
}

/** The target of one check: the device id (for entry ids), its address and the port to ask. */
export interface CheckTarget {
  deviceId: string;
  ip: string;
  port?: number;
}

/** The message of any rejection, for a check's `errors`. */
export function errorText(err: unknown): string {
  if (err instanceof HttpLimitError) return `${err.code}: ${err.message}`;
  return err instanceof Error ? err.message : String(err);
}

function tcpRequest(host: string, port: number, payload: Uint8Array, limits: CheckLimits, complete: (got: Buffer) => boolean): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const sock = connect({ host, port });
    const finish = (err: Error | null) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      sock.destroy();
      if (err) reject(err);
      else resolve(Buffer.concat(chunks));
    };
    // A total deadline, like http-get.ts: a device that trickles bytes must not hold the audit.
    const timer = setTimeout(() => finish(new Error(`TIMEOUT: ${host}:${port}: no complete answer in ${limits.timeoutMs} ms`)), limits.timeoutMs);
    sock.on('connect', () => sock.write(payload));
    sock.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limits.maxBytes) return finish(new Error(`TOO_LARGE: ${host}:${port}: more than ${limits.maxBytes} bytes`));
      chunks.push(c);
      if (complete(Buffer.concat(chunks))) finish(null);
    });
    sock.on('end', () => finish(null));
    sock.on('error', (e) => finish(new Error(`NETWORK: ${host}:${port}: ${e.message}`)));
  });
}

/** The real edges: node:http through {@link boundedRequest} and node:net. */
export function createAccessIo(): AccessIo {
  return {
    async httpGet(host, port, path, limits) {
      const url = new URL(`http://${host}:${port}${path}`);
      return boundedRequest(url, { timeoutMs: limits.timeoutMs, maxBytes: limits.maxBytes });
    },
    tcpRequest,
    now: () => new Date().toISOString(),
  };
}
