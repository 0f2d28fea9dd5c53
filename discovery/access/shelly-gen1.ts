/**
 * Shelly Gen1 HTTP API: `GET /settings` (cloud.enabled/connected, mqtt.enable/server/user/id, and on older
 * firmware the per-relay `*_url` actions) and `GET /settings/actions` (newer firmware's action URLs). Both are
 * reads (shelly-api-docs.shelly.cloud, Gen1 "Common HTTP API"); each is asked once.
 */
import type { AccessEntry } from '../../gateway/contract.ts';
import { DEFAULT_LIMITS, errorText, type AccessIo, type CheckLimits, type CheckResult, type CheckTarget } from './access-io.ts';
import { arr, bool, obj, parseJson, str, type Obj } from './json-fields.ts';
import { brokerEntry, cloudEntry, urlEntries } from './shelly-common.ts';

/** The two read-only endpoints, in the order asked. */
export const SHELLY_GEN1_PATHS = ['/settings', '/settings/actions'] as const;
const SOURCE = 'shelly-gen1';

function collectRelayUrls(settings: Obj, out: Array<{ url: string; what: string }>): void {
  for (const group of ['relays', 'lights', 'rollers', 'inputs', 'meters']) {
    for (const [i, item] of (arr(settings[group]) ?? []).slice(0, 16).entries()) {
      for (const [k, v] of Object.entries(obj(item) ?? {})) {
        const url = str(v, 1024);
        if (k.endsWith('_url') && url) out.push({ url, what: `${group} ${i} ${k}` });
      }
    }
  }
}

function collectActionUrls(actions: Obj, out: Array<{ url: string; what: string }>): void {
  for (const [name, list] of Object.entries(obj(actions.actions) ?? {}).slice(0, 64)) {
    for (const a of (arr(list) ?? []).slice(0, 16)) {
      const action = obj(a);
      if (!action || bool(action.enabled) === false) continue;
      for (const u of (arr(action.urls) ?? []).slice(0, 8)) {
        // Firmware 1.8 lists strings; later ones objects with `url` and a time window `int`.
        const url = str(u, 1024) ?? str(obj(u)?.url, 1024);
        if (url) out.push({ url, what: name });
      }
    }
  }
}

/** Pure: parsed `/settings` (and `/settings/actions` when read) → access entries. Wrong types read as absent. */
export function parseShellyGen1(settings: unknown, actions: unknown, deviceId: string, at: string): AccessEntry[] {
  const s = obj(settings);
  const out: AccessEntry[] = [];
  if (!s) return out;
  const cloud = obj(s.cloud);
  if (bool(cloud?.enabled) === true) out.push(cloudEntry(SOURCE, deviceId, at, bool(cloud?.connected)));
  const mqtt = obj(s.mqtt);
  const server = str(mqtt?.server, 512);
  if (bool(mqtt?.enable) === true && server) {
    const e = brokerEntry(SOURCE, deviceId, at, server, str(mqtt?.user), str(mqtt?.id));
    if (e) out.push(e);
  }
  const urls: Array<{ url: string; what: string }> = [];
  collectRelayUrls(s, urls);
  const a = obj(actions);
  if (a) collectActionUrls(a, urls);
  out.push(...urlEntries(SOURCE, deviceId, at, urls));
  return out;
}

/** Asks a Shelly Gen1 device once per endpoint, without credentials. Never throws. */
export async function checkShellyGen1(io: AccessIo, target: CheckTarget, limits: CheckLimits = DEFAULT_LIMITS): Promise<CheckResult> {
  const port = target.port ?? 80;
  const errors: string[] = [];
  const bodies: unknown[] = [];
  for (const path of SHELLY_GEN1_PATHS) {
    try {
      const res = await io.httpGet(target.ip, port, path, limits);
      if (res.status === 401) {
        // The device has a password: stop here, one refusal is enough (the owner can run the check with it).
        errors.push(`shelly-gen1 ${target.ip}${path}: the device asks for its password`);
        break;
      }
      let json = res.status === 200 ? obj(parseJson(res.body)) : undefined;
      if (!json) errors.push(`shelly-gen1 ${target.ip}${path}: HTTP ${res.status}, not a JSON object`);
      else if (path === '/settings' && !obj(json.cloud) && !obj(json.mqtt)) {
        // Right keys, wrong types: not a settings document we can trust, so nothing from it and no more asking.
        errors.push(`shelly-gen1 ${target.ip}${path}: no readable cloud or mqtt settings`);
        json = undefined;
      }
      bodies.push(json);
    } catch (err) {
      errors.push(`shelly-gen1 ${target.ip}${path}: ${errorText(err)}`);
      bodies.push(undefined);
    }
    if (bodies[0] === undefined) break; // no settings, nothing the actions could add to
  }
  return { entries: parseShellyGen1(bodies[0], bodies[1], target.deviceId, io.now()), errors };
}
