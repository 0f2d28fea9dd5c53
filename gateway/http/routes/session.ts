/** Passcode setup, unlock, lock, and the session state the page starts from. */
import { Hono, type Context } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import type { SessionInfo } from '../../contract.ts';
import type { Store } from '../../store/store.ts';
import { clientKey } from '../login-guard.ts';
import { hashPasscode, verifyPasscode } from '../passcode.ts';
import { newPasscodeProblem, passcodeShapeProblem } from '../passcode-policy.ts';
import { SESSION_COOKIE, type Env } from '../security.ts';
import type { Sessions } from '../sessions.ts';

async function passcodeOf(c: Context): Promise<unknown> {
  const body = (await c.req.json().catch(() => null)) as { passcode?: unknown } | null;
  return body?.passcode;
}

/** Who is asking, for the backoff: node's socket address (absent when a test calls the app directly). */
function clientOf(c: Context<Env>): string {
  return clientKey(c.env?.incoming?.socket?.remoteAddress);
}

export function sessionRoutes(deps: { store: Store; sessions: Sessions; setupOnlyFromLoopback?: boolean }) {
  const { store, sessions } = deps;
  const app = new Hono<Env>();
  const open = (c: Context<Env>): SessionInfo => {
    const s = sessions.create();
    // Over HTTPS (beyond loopback) the cookie is never sent over plain HTTP.
    const secure = new URL(c.req.url).protocol === 'https:';
    setCookie(c, SESSION_COOKIE, s.token, { httpOnly: true, sameSite: 'Strict', path: '/', ...(secure ? { secure } : {}) });
    return { passcodeSet: true, authenticated: true, csrf: s.csrf };
  };

  app.get('/session', (c) => {
    const s = c.get('session');
    const wait = sessions.logins.waitMs(clientOf(c));
    const info: SessionInfo = { passcodeSet: !!store.auth().passcode, authenticated: !!s, ...(s ? { csrf: s.csrf } : {}), ...(wait ? { retryAfterMs: wait } : {}) };
    return c.json(info);
  });

  app.post('/setup', async (c) => {
    if (store.auth().passcode) return c.json({ error: 'a passcode is already set' }, 409);
    if (deps.setupOnlyFromLoopback && clientOf(c) !== 'loopback') {
      return c.json({ error: 'choose the passcode on the computer this runs on', code: 'setup-here-only' }, 403);
    }
    const pass = await passcodeOf(c);
    const problem = newPasscodeProblem(pass);
    if (problem) return c.json(problem, 400);
    // Checked again after the slow hash: two setups at once must not both win.
    const hash = await hashPasscode(pass as string);
    if (store.auth().passcode) return c.json({ error: 'a passcode is already set' }, 409);
    await store.setAuth({ schema: 1, passcode: hash });
    return c.json(open(c));
  });

  app.post('/login', async (c) => {
    // The slot is taken before anything else, so parallel requests cannot all pass the backoff (issue 14).
    const attempt = sessions.logins.reserve(clientOf(c));
    if ('wait' in attempt) return c.json({ error: 'too many tries: wait a moment', retryAfterMs: attempt.wait }, 429);
    let checked = false;
    try {
      const stored = store.auth().passcode;
      if (!stored) return c.json({ error: 'no passcode is set yet' }, 409);
      const pass = await passcodeOf(c);
      const problem = passcodeShapeProblem(pass);
      if (problem) return c.json(problem, 400);
      checked = true;
      const { ok, retryAfterMs } = await attempt.check(() => verifyPasscode(pass as string, stored));
      if (!ok) return c.json({ error: 'that passcode is not right', retryAfterMs }, 401);
      return c.json(open(c));
    } finally {
      if (!checked) attempt.cancel();
    }
  });

  app.post('/logout', (c) => {
    sessions.drop(c.get('session')?.token);
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    return c.json({ ok: true });
  });
  return app;
}
