/** Builds the real HTTP app over a real store in a temp folder, for tests through app.request(). */
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadRiskWeights } from '../../../gateway/audit/risk.ts';
import { loadCannotSee } from '../../../gateway/audit/view.ts';
import { createApp, type AppDeps } from '../../../gateway/http/app.ts';
import { createSessions, type Sessions } from '../../../gateway/http/sessions.ts';
import { loadKnowledge } from '../../../gateway/knowledge.ts';
import { createAuditManager, type AuditManager, type AuditManagerOptions } from '../../../gateway/service/audits.ts';
import { createStore, type Store } from '../../../gateway/store/store.ts';

export const LAB_CAPTURE = new URL('../../fixtures/lab-home-12.pcap', import.meta.url).pathname;
const knowledge = loadKnowledge({ indicatorsPath: join(tmpdir(), 'no-indicators-here') });

export interface Harness {
  app: ReturnType<typeof createApp>;
  store: Store;
  audits: AuditManager;
  sessions: Sessions;
  dir: string;
  clock: { now: number };
  logs: string[];
}

export async function makeHarness(
  dir = mkdtempSync(join(tmpdir(), 'hs-app-')),
  extra: Partial<AppDeps> = {},
  auditExtra: Partial<AuditManagerOptions> = {},
): Promise<Harness> {
  const uiDir = join(dir, 'ui');
  mkdirSync(uiDir, { recursive: true });
  writeFileSync(join(uiDir, 'index.html'), '<!doctype html><title>Home notes</title><p>page</p>');
  const logs: string[] = [];
  const store = createStore({ dir: join(dir, 'data'), log: (m) => logs.push(m) });
  await store.start();
  const clock = { now: Date.now() };
  const sessions = createSessions({ now: () => clock.now });
  const audits = createAuditManager({ store, knowledge, demoCapture: LAB_CAPTURE, log: (m) => logs.push(m), ...auditExtra });
  const app = createApp({
    store,
    sessions,
    audits,
    view: { profiles: knowledge.profiles, rules: knowledge.rules, risk: loadRiskWeights(), cannotSee: loadCannotSee(), ...(knowledge.clues ? { clues: knowledge.clues } : {}) },
    uploadsDir: join(dir, 'data', 'uploads'),
    uiDir,
    interfaces: () => [{ name: 'eth0', addresses: ['10.0.0.2'] }],
    health: () => ({ ok: true, version: 'test', profiles: knowledge.health.profiles, rules: knowledge.health.rules, indicators: knowledge.health.indicators, capture: { tcpdump: false, interfaces: [] } }),
    log: (m) => logs.push(m),
    now: () => clock.now,
    ...extra,
  });
  return { app, store, audits, sessions, dir, clock, logs };
}

/** A client that keeps the session cookie and sends the CSRF token, like the page does. */
export function client(h: Harness) {
  let cookie = '';
  let csrf = '';
  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const init: RequestInit = { method, headers: { Host: 'localhost', ...(cookie ? { Cookie: cookie } : {}), ...headers } };
    if (body !== undefined) {
      if (body instanceof Uint8Array) init.body = body as unknown as BodyInit;
      else {
        init.body = JSON.stringify(body);
        (init.headers as Record<string, string>)['Content-Type'] = 'application/json';
      }
    }
    if (method !== 'GET' && csrf && !('X-HomeSweep-CSRF' in headers)) (init.headers as Record<string, string>)['X-HomeSweep-CSRF'] = csrf;
    const res = await h.app.request(`http://localhost${path}`, init);
    const set = res.headers.get('Set-Cookie');
    if (set?.startsWith('hs_session=')) cookie = set.split(';')[0]!;
    const text = await res.text();
    let json: any;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    if (json?.csrf) csrf = json.csrf;
    return { status: res.status, json, text, headers: res.headers };
  };
  return { call, get cookie() { return cookie; }, get csrf() { return csrf; }, forgetCsrf() { csrf = ''; } };
}
