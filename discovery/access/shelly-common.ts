/**
 * Entries shared by the Shelly Gen1 and Gen2 checks: cloud on, an MQTT broker or websocket server outside the
 * home, and web addresses the device calls (Gen1 actions, Gen2 webhooks) that lie outside the home.
 */
import type { AccessEntry } from '../../gateway/contract.ts';
import { hostOf, isOutside } from './outside.ts';
import { accessPhrase, entryWords } from './access-text.ts';
import type { LangText } from '../../gateway/rules/render.ts';

/** A URL with any `user:password@` replaced, for the entry's detail (a webhook URL can hold someone's secret). */
export function redactUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^@/]*@/i, '$1***@').slice(0, 512);
}

/** The base of every Shelly entry. */
export function shellyEntry(source: string, id: string, kind: AccessEntry['kind'], label: LangText, at: string, detail?: LangText | LangText[]): AccessEntry {
  return { id, kind, ...entryWords(label, detail), source, notice: 'N0', outside: true, at };
}

/** "Shelly Cloud is on" entry. `connected` is unknown when the device did not say. */
export function cloudEntry(source: string, deviceId: string, at: string, connected: boolean | undefined, server?: string): AccessEntry {
  const label = accessPhrase(connected === undefined ? 'shelly-cloud-label' : connected ? 'shelly-cloud-label-connected' : 'shelly-cloud-label-disconnected');
  const detail = server ? accessPhrase('cloud-server', { server }) : undefined;
  return shellyEntry(source, `shelly-cloud:${deviceId}`, 'cloud-account', label, at, detail);
}

/** An MQTT broker entry when `server` lies outside the home; null otherwise. */
export function brokerEntry(source: string, deviceId: string, at: string, server: string, user?: string, clientId?: string): AccessEntry | null {
  if (!isOutside(server)) return null;
  const host = hostOf(server) ?? server;
  const detail = [
    accessPhrase('server', { server }),
    ...(user ? [accessPhrase('user', { user })] : []),
    ...(clientId ? [accessPhrase('client-id', { client: clientId })] : []),
  ];
  return shellyEntry(source, `shelly-mqtt:${deviceId}`, 'broker', accessPhrase('mqtt-outside-label', { host }), at, detail);
}

/** Entries for the outside addresses among `urls`, one per distinct host. */
export function urlEntries(source: string, deviceId: string, at: string, urls: Array<{ url: string; what: string | LangText }>): AccessEntry[] {
  const byHost = new Map<string, { url: string; what: string | LangText }[]>();
  for (const u of urls) {
    if (!isOutside(u.url)) continue;
    const host = hostOf(u.url) ?? 'an unreadable address';
    const list = byHost.get(host) ?? [];
    list.push(u);
    byHost.set(host, list);
  }
  return [...byHost].slice(0, 32).map(([host, list]) =>
    shellyEntry(
      source,
      `shelly-webhook:${deviceId}:${host}`,
      'webhook',
      accessPhrase('webhook-label', { host }),
      at,
      list.slice(0, 8).map((u) => accessPhrase('called', { what: u.what, url: redactUrl(u.url) })),
    ),
  );
}
