/**
 * Security middleware: strict headers on every answer, the session check on the API, and CSRF protection on
 * every state change (a token from the session in the `X-HomeSweep-CSRF` header; SameSite=Strict cookies and a
 * same-origin check as further walls).
 */
import type { IncomingMessage } from 'node:http';
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import type { Session, Sessions } from './sessions.ts';
import { sameToken } from './sessions.ts';

export const SESSION_COOKIE = 'hs_session';
export const CSRF_HEADER = 'X-HomeSweep-CSRF';

export const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; " +
  "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

/** Headers every answer carries. */
export const securityHeaders: MiddlewareHandler = async (c, next) => {
  await next();
  // A route may set a policy of its own (the self-contained report); every other answer gets the strict one.
  if (!c.res.headers.has('Content-Security-Policy')) c.header('Content-Security-Policy', CSP);
  c.header('X-Content-Type-Options', 'nosniff');
  c.header('Referrer-Policy', 'no-referrer');
  c.header('X-Frame-Options', 'DENY');
  c.header('Cross-Origin-Opener-Policy', 'same-origin');
  c.header('Cross-Origin-Resource-Policy', 'same-origin');
  c.header('Permissions-Policy', 'camera=(), microphone=(), geolocation=()');
  if (c.req.path.startsWith('/api/')) c.header('Cache-Control', 'no-store');
};

// Logout is open too: leaving (the quick exit, also from the one-page report, which holds no CSRF token) must
// always work; it can only end the caller's own session, and other sites are refused above.
const OPEN_ROUTES = new Set(['GET /api/session', 'POST /api/setup', 'POST /api/login', 'POST /api/logout', 'GET /api/health/live']);
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** `incoming`: node's request, set by @hono/node-server (absent when tests call the app directly). */
export type Env = { Variables: { session?: Session }; Bindings: { incoming?: IncomingMessage } };

/** A request from another site (Origin not this host) is refused before anything else. */
function crossOrigin(c: Context): boolean {
  const origin = c.req.header('Origin');
  if (!origin || origin === 'null') return origin === 'null';
  try {
    return new URL(origin).host !== c.req.header('Host');
  } catch {
    return true;
  }
}

/** Session and CSRF checks for /api/*. */
export function apiGuard(sessions: Sessions): MiddlewareHandler<Env> {
  return async (c, next) => {
    const method = c.req.method;
    if (!SAFE_METHODS.has(method) && crossOrigin(c)) return c.json({ error: 'requests from other sites are refused' }, 403);
    const session = sessions.get(getCookie(c, SESSION_COOKIE));
    if (session) c.set('session', session);
    if (OPEN_ROUTES.has(`${method} ${c.req.path}`)) {
      // Login and setup carry no token yet; a JSON body cannot be sent cross-site without a CORS preflight.
      if (!SAFE_METHODS.has(method) && !(c.req.header('Content-Type') ?? '').startsWith('application/json')) {
        return c.json({ error: 'send the passcode as JSON' }, 415);
      }
      return next();
    }
    if (!session) return c.json({ error: 'locked: enter the passcode first' }, 401);
    if (!SAFE_METHODS.has(method) && !sameToken(c.req.header(CSRF_HEADER), session.csrf)) {
      return c.json({ error: `missing or wrong ${CSRF_HEADER} header` }, 403);
    }
    return next();
  };
}
