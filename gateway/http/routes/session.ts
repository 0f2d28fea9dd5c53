/** Passcode setup, unlock, lock, and the session state the page starts from. */
import { Hono, type Context } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import type { SessionInfo } from '../../contract.ts';
import type { Store } from '../../store/store.ts';
import { hashPasscode, verifyPasscode } from '../passcode.ts';
import { SESSION_COOKIE, type Env } from '../security.ts';
import type { Sessions } from '../sessions.ts';

export const MIN_PASSCODE = 6;

async function passcodeOf(c: Context): Promise<string | undefined> {
  const body = (await c.req.json().catch(() => null)) as { passcode?: unknown } | null;
  return typeof body?.passcode === 'string' && body.passcode.length <= 256 ? body.passcode : undefined;
}

export function sessionRoutes(deps: { store: Store; sessions: Sessions }) {
  const { store, sessions } = deps;
  const app = new Hono<Env>();
  const open = (c: Context<Env>): SessionInfo => {
    const s = sessions.create();
    setCookie(c, SESSION_COOKIE, s.token, { httpOnly: true, sameSite: 'Strict', path: '/' });
    return { passcodeSet: true, authenticated: true, csrf: s.csrf };
  };

  app.get('/session', (c) => {
    const s = c.get('session');
    const wait = sessions.waitMs();
    const info: SessionInfo = { passcodeSet: !!store.auth().passcode, authenticated: !!s, ...(s ? { csrf: s.csrf } : {}), ...(wait ? { retryAfterMs: wait } : {}) };
    return c.json(info);
  });

  app.post('/setup', async (c) => {
    if (store.auth().passcode) return c.json({ error: 'a passcode is already set' }, 409);
    const pass = await passcodeOf(c);
    if (!pass || [...pass].length < MIN_PASSCODE) return c.json({ error: `passcode: use at least ${MIN_PASSCODE} characters` }, 400);
    await store.setAuth({ schema: 1, passcode: await hashPasscode(pass) });
    return c.json(open(c));
  });

  app.post('/login', async (c) => {
    const wait = sessions.waitMs();
    if (wait > 0) return c.json({ error: 'too many tries: wait a moment', retryAfterMs: wait }, 429);
    const stored = store.auth().passcode;
    if (!stored) return c.json({ error: 'no passcode is set yet' }, 409);
    const pass = await passcodeOf(c);
    if (pass === undefined) return c.json({ error: 'passcode: missing' }, 400);
    if (!(await verifyPasscode(pass, stored))) {
      const retryAfterMs = sessions.failed();
      return c.json({ error: 'that passcode is not right', retryAfterMs }, 401);
    }
    sessions.succeeded();
    return c.json(open(c));
  });

  app.post('/logout', (c) => {
    sessions.drop(c.get('session')?.token);
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    return c.json({ ok: true });
  });
  return app;
}
