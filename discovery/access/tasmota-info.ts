/**
 * Tasmota's information page `GET /in` (ACCOUNTS.md §4). The firmware writes the table as a script string in
 * which `}1` opens a row and `}2` separates name from value (webserver HandleInformation); a browser expands it.
 * We accept both that raw form and an expanded `<tr><th>…</th><td>…</td></tr>` table. We never call the command
 * endpoint `/cm`: its answers are also published on MQTT, so the broker's owner would see the read (N1).
 * Row names are English; a localised firmware build is reported as "no MQTT rows" (a known gap).
 */
import type { AccessEntry } from '../../gateway/contract.ts';
import { DEFAULT_LIMITS, errorText, type AccessIo, type CheckLimits, type CheckResult, type CheckTarget } from './access-io.ts';
import { hostOf, isOutside } from './outside.ts';
import { accessPhrase, entryWords } from './access-text.ts';

/** The one read-only page asked. */
export const TASMOTA_INFO_PATH = '/in';

/** What the information page says about MQTT and the firmware. */
export interface TasmotaInfo {
  version?: string;
  mqttHost?: string;
  mqttPort?: number;
  mqttUser?: string;
  mqttClient?: string;
  mqttTopic?: string;
  mqttEnabled: boolean;
}

function decodeEntities(t: string): string {
  return t
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

function cellText(t: string): string {
  return decodeEntities(t.replace(/<[^>]*>/g, '')).trim().slice(0, 256);
}

/** Name → value rows of the information table; empty when there is none. */
export function tasmotaRows(html: string): Map<string, string> {
  const rows = new Map<string, string>();
  if (typeof html !== 'string') return rows;
  // Expand the firmware's row markers the way the page's own script does.
  const text = html.slice(0, 512 * 1024).replace(/\}1/g, '</td></tr><tr><th>').replace(/\}2/g, '</th><td>');
  const re = /<th[^>]*>([\s\S]{0,200}?)<\/th>\s*<td[^>]*>([\s\S]{0,1000}?)(?=<\/td>|<\/tr>|<tr|$)/gi;
  let m: RegExpExecArray | null;
  let n = 0;
  while ((m = re.exec(text)) !== null && n++ < 500) {
    const name = cellText(m[1] ?? '');
    if (name && !rows.has(name)) rows.set(name, cellText(m[2] ?? ''));
  }
  return rows;
}

/** Reads the page; null when it has no information table (not Tasmota, or a login page). */
export function decodeTasmotaInfo(html: string): TasmotaInfo | null {
  const rows = tasmotaRows(html);
  if (rows.size === 0) return null;
  const get = (k: string) => {
    const v = rows.get(k);
    return v === undefined || v === '' ? undefined : v;
  };
  const version = get('Program Version');
  const host = get('MQTT Host');
  if (!version && !host && !rows.has('MQTT')) return null;
  const info: TasmotaInfo = { mqttEnabled: host !== undefined };
  if (version) info.version = version;
  if (host) info.mqttHost = host;
  const port = Number(get('MQTT Port'));
  if (Number.isInteger(port) && port > 0 && port <= 65535) info.mqttPort = port;
  const user = get('MQTT User');
  if (user) info.mqttUser = user;
  const client = get('MQTT Client');
  if (client) info.mqttClient = client;
  const topic = get('MQTT Topic');
  if (topic) info.mqttTopic = topic;
  return info;
}

/** Access entries from the page: a `broker` entry when MQTT points outside the home. */
export function tasmotaEntries(info: TasmotaInfo, deviceId: string, at: string): AccessEntry[] {
  if (!info.mqttEnabled || !info.mqttHost || !isOutside(info.mqttHost)) return [];
  const host = hostOf(info.mqttHost) ?? info.mqttHost;
  const detail = [
    accessPhrase('server', { server: `${info.mqttHost}${info.mqttPort ? `:${info.mqttPort}` : ''}` }),
    ...(info.mqttUser ? [accessPhrase('user', { user: info.mqttUser })] : []),
    ...(info.mqttClient ? [accessPhrase('client', { client: info.mqttClient })] : []),
    ...(info.mqttTopic ? [accessPhrase('topic', { topic: info.mqttTopic })] : []),
    ...(info.version ? [accessPhrase('firmware', { firmware: `Tasmota ${info.version}` })] : []),
  ];
  return [
    {
      id: `tasmota-mqtt:${deviceId}`,
      kind: 'broker',
      ...entryWords(accessPhrase('mqtt-outside-label', { host }), detail),
      source: 'tasmota-info',
      notice: 'N0',
      outside: true,
      at,
    },
  ];
}

/** Pure: the `/in` page → access entries (empty when unreadable). */
export function parseTasmota(html: string, deviceId: string, at: string): AccessEntry[] {
  const info = decodeTasmotaInfo(html);
  return info ? tasmotaEntries(info, deviceId, at) : [];
}

/** Reads a Tasmota device's information page once, without credentials. Never throws. */
export async function checkTasmota(io: AccessIo, target: CheckTarget, limits: CheckLimits = DEFAULT_LIMITS): Promise<CheckResult> {
  const port = target.port ?? 80;
  try {
    const res = await io.httpGet(target.ip, port, TASMOTA_INFO_PATH, limits);
    if (res.status === 401) return { entries: [], errors: [`tasmota ${target.ip}: the device asks for its web password`] };
    const info = res.status === 200 ? decodeTasmotaInfo(res.body) : null;
    if (!info) return { entries: [], errors: [`tasmota ${target.ip}${TASMOTA_INFO_PATH}: HTTP ${res.status}, no information table`] };
    return { entries: tasmotaEntries(info, target.deviceId, io.now()), errors: [] };
  } catch (err) {
    return { entries: [], errors: [`tasmota ${target.ip}${TASMOTA_INFO_PATH}: ${errorText(err)}`] };
  }
}
