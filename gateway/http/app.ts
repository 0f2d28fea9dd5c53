/**
 * The HTTP app (hono): security headers, the API under /api (session, audits, health, wipe) and the web page.
 * Built from its dependencies only, so tests drive it through `app.request()`.
 */
import { Hono } from 'hono';
import { deleteCookie } from 'hono/cookie';
import type { HealthInfo } from '../contract.ts';
import type { ViewContext } from '../audit/view.ts';
import type { AuditManager } from '../service/audits.ts';
import type { Store } from '../store/store.ts';
import { createHostPolicy, hostGuard } from './host-guard.ts';
import { createLogLimiter } from './log-limit.ts';
import { accountRoutes } from './routes/accounts.ts';
import { auditRoutes } from './routes/audits.ts';
import { exchangeRoutes } from './routes/exchange.ts';
import { indicatorRoutes, type IndicatorUpdater } from './routes/indicators.ts';
import { mqttRoutes } from './routes/mqtt.ts';
import { sessionRoutes } from './routes/session.ts';
import { serveUi } from './routes/static-ui.ts';
import { apiGuard, securityHeaders, SESSION_COOKIE, type Env } from './security.ts';
import type { Sessions } from './sessions.ts';

export interface AppDeps {
  store: Store;
  sessions: Sessions;
  audits: AuditManager;
  view: Omit<ViewContext, 'lang' | 'previous'>;
  uploadsDir: string;
  uiDir: string;
  /** Domain suffixes of names that lead to the home (pcap-rules homeNameSuffixes), hidden in helper copies. */
  homeNameSuffixes?: readonly string[];
  interfaces(): { name: string; addresses: string[] }[];
  /** Fetches the stalkerware lists when the owner asks (absent when they come from a fixed --indicators path). */
  updateIndicators?: IndicatorUpdater;
  health(): HealthInfo;
  log(m: string): void;
  /** The Host header values answered (default: loopback names and addresses only). */
  allowedHost?: (host: string | undefined) => boolean;
  now?: () => number;
  /** Listening beyond loopback: a passcode can only be chosen at this computer (after a wipe, say). */
  setupOnlyFromLoopback?: boolean;
}

export function createApp(deps: AppDeps) {
  const app = new Hono<Env>();
  const badUrlLog = createLogLimiter(deps.log, { now: deps.now });
  app.use('*', securityHeaders);
  app.use('*', hostGuard(deps.allowedHost ?? createHostPolicy({ listen: '127.0.0.1' })));
  app.use('/api/*', apiGuard(deps.sessions));
  app.route('/api', sessionRoutes(deps));
  app.route('/api', exchangeRoutes(deps));
  app.route('/api', auditRoutes(deps));
  app.route('/api', accountRoutes(deps));
  app.route('/api', mqttRoutes(deps));
  app.route('/api', indicatorRoutes(deps));
  app.get('/api/health/live', (c) => c.json({ ok: true }));
  app.get('/api/health', (c) => c.json(deps.health()));
  app.post('/api/wipe', async (c) => {
    const b = (await c.req.json().catch(() => null)) as { confirm?: unknown } | null;
    if (b?.confirm !== 'wipe everything') return c.json({ error: 'confirm: send {"confirm":"wipe everything"}' }, 400);
    await deps.audits.stopAll();
    await deps.store.wipe();
    deps.sessions.dropAll();
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    deps.log('all data wiped');
    return c.json({ ok: true });
  });
  app.all('/api/*', (c) => c.json({ error: 'no such API route' }, 404));
  app.get('*', serveUi(deps.uiDir));
  app.onError((err, c) => {
    // A path that does not decode (`/%zz`) is the client's mistake: a 400 and at most one log line a minute.
    if (err instanceof URIError) {
      badUrlLog(`http: refused a malformed URL (${c.req.method} ${JSON.stringify(c.req.path.slice(0, 80))})`);
      return c.text('That address is not a valid URL.\n', 400);
    }
    deps.log(`http: ${c.req.method} ${c.req.path}: ${err.stack ?? err.message}`);
    return c.json({ error: 'something went wrong inside HomeSweep; the details are in its log' }, 500);
  });
  return app;
}
