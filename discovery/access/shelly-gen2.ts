/**
 * Shelly Gen2+ RPC over HTTP GET (shelly-api-docs.shelly.cloud, Gen2 "RPC protocol"): `Shelly.GetConfig` (cloud,
 * mqtt, ws outbound server, sys debug log targets), `Cloud.GetStatus` (connected), `Webhook.List` and `Script.List`
 * (names only: a script's code is never read). All four are reads; each is asked once.
 */
import type { AccessEntry } from '../../gateway/contract.ts';
import { DEFAULT_LIMITS, errorText, type AccessIo, type CheckLimits, type CheckResult, type CheckTarget } from './access-io.ts';
import { arr, bool, obj, parseJson, str } from './json-fields.ts';
import { hostOf, isOutside } from './outside.ts';
import { brokerEntry, cloudEntry, shellyEntry, urlEntries } from './shelly-common.ts';
import { accessPhrase, entryWords, yesNo } from './access-text.ts';
import type { LangText } from '../../gateway/rules/render.ts';

/** The read-only RPC methods, in the order asked. */
export const SHELLY_GEN2_PATHS = ['/rpc/Shelly.GetConfig', '/rpc/Cloud.GetStatus', '/rpc/Webhook.List', '/rpc/Script.List'] as const;
const SOURCE = 'shelly-gen2';

/** The four answers, each as parsed JSON (undefined when not read). */
export interface ShellyGen2Answers {
  config?: unknown;
  cloudStatus?: unknown;
  webhooks?: unknown;
  scripts?: unknown;
}

/** Pure: Gen2 answers → access entries. Wrong types read as absent. */
export function parseShellyGen2(a: ShellyGen2Answers, deviceId: string, at: string): AccessEntry[] {
  const out: AccessEntry[] = [];
  const config = obj(a.config);
  if (config) {
    const cloud = obj(config.cloud);
    if (bool(cloud?.enable) === true) out.push(cloudEntry(SOURCE, deviceId, at, bool(obj(a.cloudStatus)?.connected), str(cloud?.server)));
    const mqtt = obj(config.mqtt);
    const server = str(mqtt?.server, 512);
    if (bool(mqtt?.enable) === true && server) {
      const e = brokerEntry(SOURCE, deviceId, at, server, str(mqtt?.user), str(mqtt?.client_id));
      if (e) out.push(e);
    }
    const ws = obj(config.ws);
    const wsServer = str(ws?.server, 512);
    if (bool(ws?.enable) === true && wsServer && isOutside(wsServer)) {
      const host = hostOf(wsServer) ?? wsServer;
      out.push(shellyEntry(SOURCE, `shelly-ws:${deviceId}`, 'remote-admin', accessPhrase('shelly-ws-label', { host }), at, accessPhrase('shelly-ws', { server: wsServer })));
    }
    // Sys debug can stream the device log to a UDP address (Gen2 Sys component).
    const udp = str(obj(obj(obj(config.sys)?.debug)?.udp)?.addr, 512);
    if (udp && isOutside(udp)) {
      out.push(shellyEntry(SOURCE, `shelly-log:${deviceId}`, 'webhook', accessPhrase('shelly-log-label', { host: hostOf(udp) ?? udp }), at, accessPhrase('shelly-log', { address: udp })));
    }
  }
  const urls: Array<{ url: string; what: string | LangText }> = [];
  for (const h of (arr(obj(a.webhooks)?.hooks) ?? []).slice(0, 64)) {
    const hook = obj(h);
    if (!hook || bool(hook.enable) === false) continue;
    const event = str(hook.event, 64);
    const what = accessPhrase('webhook-on', { name: str(hook.name, 64) ?? '', event: event ?? accessPhrase('an-event') });
    for (const [lang, t] of Object.entries(what)) what[lang] = t.replace(/\s+/g, ' ');
    for (const u of (arr(hook.urls) ?? []).slice(0, 8)) {
      const url = str(u, 1024);
      if (url) urls.push({ url, what });
    }
  }
  out.push(...urlEntries(SOURCE, deviceId, at, urls));
  for (const s of (arr(obj(a.scripts)?.scripts) ?? []).slice(0, 16)) {
    const script = obj(s);
    const name = str(script?.name, 64);
    if (!script || !name || (bool(script.enable) !== true && bool(script.running) !== true)) continue;
    // We read names only; a script can reach any address, so it is worth a look but not "outside" by itself.
    out.push({
      id: `shelly-script:${deviceId}:${name}`,
      kind: 'app',
      ...entryWords(accessPhrase('script-label', { name }), accessPhrase('script-state', { enabled: yesNo(bool(script.enable) === true), running: yesNo(bool(script.running) === true) })),
      source: SOURCE,
      notice: 'N0',
      at,
    });
  }
  return out;
}

/** Asks a Shelly Gen2+ device once per method, without credentials. Never throws. */
export async function checkShellyGen2(io: AccessIo, target: CheckTarget, limits: CheckLimits = DEFAULT_LIMITS): Promise<CheckResult> {
  const port = target.port ?? 80;
  const errors: string[] = [];
  const got: unknown[] = [];
  for (const path of SHELLY_GEN2_PATHS) {
    try {
      const res = await io.httpGet(target.ip, port, path, limits);
      if (res.status === 401) {
        errors.push(`shelly-gen2 ${target.ip}${path}: the device asks for its password`);
        break;
      }
      let json = res.status === 200 ? obj(parseJson(res.body)) : undefined;
      if (!json) errors.push(`shelly-gen2 ${target.ip}${path}: HTTP ${res.status}, not a JSON object`);
      else if (got.length === 0 && !obj(json.cloud) && !obj(json.mqtt) && !obj(json.ws)) {
        errors.push(`shelly-gen2 ${target.ip}${path}: no readable cloud, mqtt or ws config`);
        json = undefined;
      }
      got.push(json);
    } catch (err) {
      errors.push(`shelly-gen2 ${target.ip}${path}: ${errorText(err)}`);
      got.push(undefined);
    }
    if (got[0] === undefined) break; // without the config the others say little
  }
  const entries = parseShellyGen2({ config: got[0], cloudStatus: got[1], webhooks: got[2], scripts: got[3] }, target.deviceId, io.now());
  return { entries, errors };
}
