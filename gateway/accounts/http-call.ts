/**
 * One HTTP exchange under the check's deadline and size cap. Never retries, never follows a redirect, and turns
 * every failure into plain words, so clients stay short and no error text can carry a credential.
 */
import type { LangText } from '../rules/render.ts';
import { DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT_MS, failure, type CheckOptions, type Failure, type ResolvedOptions } from './check-types.ts';
import { lanFetch } from './lan-fetch.ts';

/** A finished exchange, or why it did not finish. */
export type HttpOutcome =
  | { ok: true; status: number; headers: Headers; text: string; bytes: number }
  | ({ ok: false; cause: HttpFailureCause } & Failure);

/** Why an exchange did not finish: the check's time ran out, the answer was too large, or the device did not answer. */
export type HttpFailureCause = 'out-of-time' | 'too-large' | 'no-answer-in-time' | 'unreachable';

const failed = (cause: HttpFailureCause, vars: Parameters<typeof failure>[1]): HttpOutcome => ({ ok: false, cause, ...failure(cause, vars) });

/** Fills in defaults; the deadline starts now. */
export function resolveOptions(opts: CheckOptions = {}): ResolvedOptions {
  return {
    deadline: Date.now() + (opts.timeoutMs ?? DEFAULT_TIMEOUT_MS),
    maxBytes: opts.maxBytes ?? DEFAULT_MAX_BYTES,
    fetch: opts.fetch ?? lanFetch,
    now: opts.now ?? (() => new Date()),
  };
}

/** Reads a body up to `maxBytes`; null when it is larger (the rest is not read). */
export async function readCapped(res: Response, maxBytes: number): Promise<{ text: string; bytes: number } | null> {
  if (!res.body) return { text: '', bytes: 0 };
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.byteLength;
    if (bytes > maxBytes) {
      await reader.cancel().catch(() => undefined);
      return null;
    }
    chunks.push(value);
  }
  return { text: Buffer.concat(chunks).toString('utf8'), bytes };
}

/** Sends one request; `what` names it in errors ("the bridge's settings", an `account-errors` word). */
export async function httpCall(o: ResolvedOptions, url: string, init: RequestInit, what: LangText): Promise<HttpOutcome> {
  const remaining = o.deadline - Date.now();
  if (remaining <= 0) return failed('out-of-time', { what });
  const signal = AbortSignal.timeout(remaining);
  try {
    const res = await o.fetch(url, { ...init, redirect: 'manual', signal });
    const body = await readCapped(res, o.maxBytes);
    if (!body) return failed('too-large', { what, bytes: String(o.maxBytes) });
    return { ok: true, status: res.status, headers: res.headers, text: body.text, bytes: body.bytes };
  } catch {
    // The error object may quote the URL or headers; only plain words leave this module.
    return failed(signal.aborted ? 'no-answer-in-time' : 'unreachable', { what });
  }
}

/** JSON.parse that returns undefined instead of throwing on malformed text. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
