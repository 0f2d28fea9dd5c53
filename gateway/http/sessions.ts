/**
 * Sessions (in memory: a restart asks for the passcode again) and the guard that slows passcode guessing
 * (login-guard.ts: per-client backoff, one verification at a time, a shared budget for other addresses).
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createLoginGuard, type LoginGuard } from './login-guard.ts';

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
  /** Passcode tries: backoff and queue. */
  logins: LoginGuard;
}

export function createSessions(opts: { ttlMs?: number; now?: () => number } = {}): Sessions {
  const ttl = opts.ttlMs ?? 12 * 3600_000;
  const now = opts.now ?? Date.now;
  const byToken = new Map<string, Session>();
  return {
    logins: createLoginGuard({ now }),
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
  };
}

/** Constant-time comparison of two tokens. */
export function sameToken(a: string | undefined, b: string): boolean {
  return a !== undefined && a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}
