/**
 * Hue bridge account check (ACCOUNTS.md §1). After the owner pressed the link button, `POST /api` creates an
 * application key (N2: a new app named "home check" appears at account.meethue.com/apps; the bridge offers no way
 * to delete it). With that key: v1 `GET /api/<key>/config` (apps, remote access) and the CLIP v2 resources
 * `matter_fabric`, `homekit`, `geofence_client` over HTTPS. The button press is used once; a "not pressed" answer
 * ends the check.
 */
import type { AccessEntry } from '../contract.ts';
import type { EntryContext } from './access-entry.ts';
import { accountCheck, knowledgeList } from './catalog.ts';
import { errorWord, failure, failureOf, type AccountTarget, type CheckOptions, type CheckResult } from './check-types.ts';
import { httpCall, parseJson, resolveOptions } from './http-call.ts';
import { hueCreatedKey, hueV1Error, mapHueGeofenceClients, mapHueHomekit, mapHueMatterFabrics, mapHuePortal, mapHueWhitelist } from './hue-map.ts';
import { checkTargetUrl, originOf } from './target-guard.ts';

const CHECK_ID = 'hue-bridge';
// Hue API error type 101: "link button not pressed".
const LINK_BUTTON_NOT_PRESSED = 101;

/** A Hue bridge; CLIP v2 is HTTPS on the same host unless `clipBaseUrl` says otherwise (tests). */
export interface HueTarget extends AccountTarget {
  clipBaseUrl?: string;
}

/** Either nothing (create a key after the button press, optionally with an app name) or a key she already has. */
export interface HueCredential {
  appName?: string;
  appKey?: string;
}

/**
 * Runs the Hue check. Facts: `createdApp` {name, appKey, removeAt, note} when a key was created (the owner needs
 * the name to remove it later; treat the key as a secret), `apps` (count), `unavailable` (v2 resource → reason).
 */
export async function runHueCheck(target: HueTarget, credential: HueCredential = {}, opts: CheckOptions = {}): Promise<CheckResult> {
  const o = resolveOptions(opts);
  const entries: AccessEntry[] = [];
  const facts: Record<string, unknown> = { unavailable: {} };
  const t = checkTargetUrl(target.baseUrl);
  if ('error' in t) return { entries, facts, ...failureOf(t) };
  const clip = checkTargetUrl(target.clipBaseUrl ?? `https://${t.url.host.replace(/:\d+$/, '')}`);
  if ('error' in clip) return { entries, facts, ...failureOf(clip) };
  const check = accountCheck(CHECK_ID);
  const ctx: EntryContext = { source: CHECK_ID, notice: check.notice, device: target.deviceId ?? t.url.hostname, at: o.now().toISOString() };
  const base = originOf(t.url);

  let key = credential.appKey;
  if (key !== undefined && !/^[A-Za-z0-9-]{10,100}$/.test(key)) {
    return { entries, facts, ...failure('hue-key-shape') };
  }
  if (key === undefined) {
    const appName = credential.appName ?? knowledgeList(check, 'appName')[0] ?? 'home check#gateway';
    const created = await httpCall(o, `${base}/api`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ devicetype: appName, generateclientkey: true }),
    }, errorWord('what-new-app-key'));
    if (!created.ok) return { entries, facts, ...failureOf(created) };
    const body = parseJson(created.text);
    const err = hueV1Error(body);
    if (err?.type === LINK_BUTTON_NOT_PRESSED) {
      return { entries, facts, ...failure('hue-button') };
    }
    key = hueCreatedKey(body) ?? undefined;
    if (!key) return { entries, facts, ...(err ? failure('hue-no-key-why', { reason: err.description }) : failure('hue-no-key')) };
    facts.createdApp = {
      name: appName,
      appKey: key,
      removeAt: 'https://account.meethue.com/apps',
      note: `A new app named "${appName.split('#')[0]}" now has access to the bridge. It stays until it is removed at account.meethue.com/apps.`,
    };
  }

  const cfg = await httpCall(o, `${base}/api/${key}/config`, { method: 'GET' }, errorWord('what-hue-app-list'));
  if (!cfg.ok) return { entries, facts, ...failureOf(cfg) };
  const config = parseJson(cfg.text);
  const cfgErr = hueV1Error(config);
  if (cfgErr) return { entries, facts, ...failure('hue-settings-refused', { reason: cfgErr.description }) };
  const apps = mapHueWhitelist(config, key, ctx, knowledgeList(check, 'remoteAppNames'));
  facts.apps = apps.length;
  entries.push(...apps, ...mapHuePortal(config, ctx));

  const unavailable = facts.unavailable as Record<string, string>;
  const v2: Array<[string, (body: unknown) => AccessEntry[]]> = [
    ['matter_fabric', (b) => mapHueMatterFabrics(b, ctx)],
    ['homekit', (b) => mapHueHomekit(b, ctx)],
    ['geofence_client', (b) => mapHueGeofenceClients(b, ctx, knowledgeList(check, 'ignoreGeofenceClients'))],
  ];
  for (const [type, map] of v2) {
    const r = await httpCall(o, `${originOf(clip.url)}/clip/v2/resource/${type}`, { method: 'GET', headers: { 'hue-application-key': key } }, errorWord('what-hue-list', { type }));
    if (!r.ok) {
      // Older (round) bridges have no CLIP v2; a size or time failure ends the check like elsewhere.
      if (r.cause !== 'unreachable') return { entries, facts, ...failureOf(r) };
      unavailable[type] = 'not reachable';
      continue;
    }
    if (r.status !== 200) {
      unavailable[type] = `HTTP ${r.status}`;
      continue;
    }
    entries.push(...map(parseJson(r.text)));
  }
  return { entries, facts };
}
