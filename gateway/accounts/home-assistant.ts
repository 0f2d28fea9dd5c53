/**
 * Home Assistant account check (ACCOUNTS.md §2): one WebSocket session on `/api/websocket`, authenticated once
 * with the owner's long-lived token, then read-only commands. A refused token is never tried again: HA shows
 * every user a "Login attempt failed" notice for each failure (http/ban.py).
 */
import type { AccessEntry } from '../contract.ts';
import { accountCheck, knowledgeList, knowledgeNumber } from './catalog.ts';
import { failure, failureOf, type AccountTarget, type CheckOptions, type CheckResult, type Failure } from './check-types.ts';
import { resolveOptions } from './http-call.ts';
import type { EntryContext } from './access-entry.ts';
import { asArray, asFlag, asRecord, asText } from './json-shape.ts';
import {
  mapCloudStatus, mapCoreConfig, mapLocationIntegrations, mapLocationStates, mapMatterFabrics, mapRefreshTokens,
  mapTunnelAddons, mapUsers, matterDevices,
} from './home-assistant-map.ts';
import { checkTargetUrl } from './target-guard.ts';
import { openWsSession, type WsSession, type WsStop } from './ws-session.ts';

const CHECK_ID = 'home-assistant';

const STOP_WORDS: Record<WsStop, string> = {
  closed: 'ha-closed',
  timeout: 'ha-timeout',
  'too-big': 'ha-too-big',
  unreachable: 'ha-unreachable',
};

type CallOutcome = { ok: true; result: unknown } | { ok: false; code: string } | { stop: WsStop };

/** Sends one command and waits for its result (other messages are ignored). */
async function call(ws: WsSession, id: number, type: string, extra: Record<string, unknown> = {}): Promise<CallOutcome> {
  ws.send({ id, type, ...extra });
  for (;;) {
    const r = await ws.recv();
    if ('stop' in r) return { stop: r.stop };
    const m = asRecord(r.msg);
    if (!m || m.id !== id || m.type !== 'result') continue;
    if (m.success === true) return { ok: true, result: m.result };
    return { ok: false, code: asText(asRecord(m.error)?.code) ?? 'error' };
  }
}

/** The WebSocket URL for a Home Assistant base URL (`http://h:8123` → `ws://h:8123/api/websocket`). */
export function websocketUrl(base: URL): string {
  return `${base.protocol === 'https:' ? 'wss:' : 'ws:'}//${base.host}/api/websocket`;
}

/**
 * Runs the Home Assistant check with `token` (used once). Entries found before an error are returned with it.
 * Facts: `haVersion`, `user` {name, isAdmin, isOwner}, `unavailable` (command → error code), `skipped` (why a
 * part was not read), `bytes`.
 */
export async function runHomeAssistantCheck(target: AccountTarget, token: string, opts: CheckOptions = {}): Promise<CheckResult> {
  const o = resolveOptions(opts);
  const facts: Record<string, unknown> = { unavailable: {}, skipped: [] as string[] };
  const entries: AccessEntry[] = [];
  const t = checkTargetUrl(target.baseUrl);
  if ('error' in t) return { entries, facts, ...failureOf(t) };
  if (typeof token !== 'string' || !/^[\x21-\x7e]{10,4096}$/.test(token)) {
    // Checked before sending: a malformed token would fail and trigger the notice every user sees.
    return { entries, facts, ...failure('ha-token-shape') };
  }
  const check = accountCheck(CHECK_ID);
  const ctx: EntryContext = { source: CHECK_ID, notice: check.notice, device: target.deviceId ?? t.url.hostname, at: o.now().toISOString() };
  const ws = openWsSession(websocketUrl(t.url), o.deadline, o.maxBytes);
  const finish = (stopped?: Failure): CheckResult => {
    ws.close();
    facts.bytes = ws.bytes();
    return stopped ? { entries, facts, ...stopped } : { entries, facts };
  };

  const hello = await ws.recv();
  if ('stop' in hello) return finish(failure(STOP_WORDS[hello.stop]));
  if (asRecord(hello.msg)?.type !== 'auth_required') return finish(failure('ha-not-ha'));
  facts.haVersion = asText(asRecord(hello.msg)?.ha_version);
  ws.send({ type: 'auth', access_token: token });
  const auth = await ws.recv();
  if ('stop' in auth) return finish(failure(STOP_WORDS[auth.stop]));
  const authType = asRecord(auth.msg)?.type;
  if (authType === 'auth_invalid') {
    return finish(failure('ha-token-refused'));
  }
  if (authType !== 'auth_ok') return finish(failure('ha-unexpected'));

  let id = 0;
  const unavailable = facts.unavailable as Record<string, string>;
  const skipped = facts.skipped as string[];
  // Each read: a missing command or a refusal is noted and the check goes on; a lost connection ends it.
  const read = async (type: string, extra?: Record<string, unknown>): Promise<{ result: unknown } | { stop: WsStop } | null> => {
    const r = await call(ws, ++id, type, extra);
    if ('stop' in r) return r;
    if (!r.ok) {
      unavailable[type] = r.code;
      return null;
    }
    return { result: r.result };
  };

  const me = await read('auth/current_user');
  if (me && 'stop' in me) return finish(failure(STOP_WORDS[me.stop]));
  const user = asRecord(me?.result);
  const isAdmin = asFlag(user?.is_admin) === true;
  facts.user = { name: asText(user?.name), isAdmin, isOwner: asFlag(user?.is_owner) === true };

  const steps: Array<[string, (result: unknown) => void, Record<string, unknown>?]> = [
    ['auth/refresh_tokens', (r) => entries.push(...mapRefreshTokens(r, ctx))],
  ];
  let components: string[] = [];
  steps.push(['get_config', (r) => {
    entries.push(...mapCoreConfig(r, ctx));
    components = asArray(asRecord(r)?.components).filter((c): c is string => typeof c === 'string');
  }]);
  for (const [type, use, extra] of steps) {
    const r = await read(type, extra);
    if (r && 'stop' in r) return finish(failure(STOP_WORDS[r.stop]));
    if (r) use(r.result);
  }
  const later: Array<[string, (result: unknown) => void, Record<string, unknown>?]> = [];
  if (components.includes('cloud')) later.push(['cloud/status', (r) => entries.push(...mapCloudStatus(r, ctx))]);
  else skipped.push('cloud: the Home Assistant Cloud integration is not loaded');
  later.push(['get_states', (r) => entries.push(...mapLocationStates(r, ctx))]);
  let matter: Array<{ id: string; name: string }> = [];
  if (isAdmin) {
    later.push(['config/auth/list', (r) => entries.push(...mapUsers(r, ctx))]);
    later.push(['config_entries/get', (r) => entries.push(...mapLocationIntegrations(r, ctx, knowledgeList(check, 'locationIntegrations')))]);
    if (components.includes('hassio')) {
      later.push(['supervisor/api', (r) => entries.push(...mapTunnelAddons(r, ctx, knowledgeList(check, 'tunnelAddons'))), { endpoint: '/addons', method: 'get' }]);
    } else skipped.push('add-ons: only Home Assistant OS and Supervised installs have add-ons');
    if (components.includes('matter')) {
      later.push(['config/device_registry/list', (r) => { matter = matterDevices(r, knowledgeNumber(check, 'maxMatterDevices', 32)); }]);
    } else skipped.push('Matter: the Matter integration is not loaded');
  } else {
    skipped.push('users, phone apps, add-ons and Matter: they need an administrator token');
  }
  for (const [type, use, extra] of later) {
    const r = await read(type, extra);
    if (r && 'stop' in r) return finish(failure(STOP_WORDS[r.stop]));
    if (r) use(r.result);
  }
  for (const device of matter) {
    const r = await read('matter/get_fabrics', { device_id: device.id });
    if (r && 'stop' in r) return finish(failure(STOP_WORDS[r.stop]));
    if (r) entries.push(...mapMatterFabrics(r.result, device, ctx));
  }
  facts.matterDevices = matter.length;
  return finish();
}
