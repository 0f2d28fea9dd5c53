/**
 * Sessions (in memory: a restart asks for the passcode again) and the backoff after failed passcodes: each
 * failure doubles the wait before the next try (1 s, 2 s, 4 s … at most 5 minutes); a success resets it.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';

export interface Session {
  token: string;
  csrf: string;
  expiresAt: number;
}

export interface Sessions {
  create(): Session;
  get(token: string | undefined): Session | undefined;
  drop(token: string | undefined): void;
  dropAll(): void;
  /** Milliseconds to wait before another passcode try (0: go ahead). */
  waitMs(): number;
  failed(): number;
  succeeded(): void;
}

const MAX_WAIT_MS = 5 * 60_000;

export function createSessions(opts: { ttlMs?: number; now?: () => number } = {}): Sessions {
  const ttl = opts.ttlMs ?? 12 * 3600_000;
  const now = opts.now ?? Date.now;
  const byToken = new Map<string, Session>();
  let failures = 0;
  let blockedUntil = 0;
  return {
    create() {
      const s = { token: randomBytes(32).toString('base64url'), csrf: randomBytes(24).toString('base64url'), expiresAt: now() + ttl };
      byToken.set(s.token, s);
      return s;
    },
    get(token) {
      if (!token) return undefined;
      for (const [t, s] of byToken) {
        if (s.expiresAt <= now()) {
          byToken.delete(t);
          continue;
        }
        if (t.length === token.length && timingSafeEqual(Buffer.from(t), Buffer.from(token))) return s;
      }
      return undefined;
    },
    drop(token) {
      if (token) byToken.delete(token);
    },
    dropAll() {
      byToken.clear();
    },
    waitMs() {
      return Math.max(0, blockedUntil - now());
    },
    failed() {
      failures++;
      const wait = Math.min(MAX_WAIT_MS, 1000 * 2 ** (failures - 1));
      blockedUntil = now() + wait;
      return wait;
    },
    succeeded() {
      failures = 0;
      blockedUntil = 0;
    },
  };
}

/** Constant-time comparison of two tokens. */
export function sameToken(a: string | undefined, b: string): boolean {
  return a !== undefined && a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}
