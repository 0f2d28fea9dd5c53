/**
 * Pure mapping of Hue bridge answers (ACCOUNTS.md §1) to access entries: the v1 `/config` whitelist and portal
 * state, and the CLIP v2 `matter_fabric`, `homekit` and `geofence_client` resources.
 */
import { createHash } from 'node:crypto';
import type { AccessEntry } from '../contract.ts';
import { compileGlob } from '../../device-profiles/glob.ts';
import { accessPhrase, detailOf, makeEntry, type EntryContext } from './access-entry.ts';
import { asArray, asFlag, asIsoTime, asRecord, asText } from './json-shape.ts';

/** A short stable id for a whitelist key: keys are credentials of other apps and never appear in results. */
export function hueKeyId(key: string): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 12);
}

/** The v1 answer is `[{error: {type, description}}]` on failure; returns that error, or null. */
export function hueV1Error(body: unknown): { type: number; description: string } | null {
  const first = asRecord(asArray(body)[0]);
  const err = asRecord(first?.error);
  if (!err) return null;
  return { type: typeof err.type === 'number' ? err.type : -1, description: asText(err.description) ?? 'unknown error' };
}

/** `POST /api` answer: the new application key, or null. */
export function hueCreatedKey(body: unknown): string | null {
  const ok = asRecord(asRecord(asArray(body)[0])?.success);
  const key = asText(ok?.username, 100);
  return key && /^[A-Za-z0-9-]{10,100}$/.test(key) ? key : null;
}

/** Every app in `config.whitelist` except `ownKey` (the one this check created or was given). */
export function mapHueWhitelist(config: unknown, ownKey: string, ctx: EntryContext, remoteAppGlobs: readonly string[]): AccessEntry[] {
  const patterns = remoteAppGlobs.map(compileGlob);
  const list = asRecord(asRecord(config)?.whitelist) ?? {};
  const out: AccessEntry[] = [];
  for (const [key, value] of Object.entries(list)) {
    const app = asRecord(value);
    if (!app || key === ownKey) continue;
    const name = asText(app.name, 100);
    const created = asIsoTime(app['create date']);
    const lastUsed = asIsoTime(app['last use date']);
    const remote = name !== undefined && patterns.some((p) => p.test(name));
    out.push(
      makeEntry(ctx, {
        key: `app-${hueKeyId(key)}`,
        kind: 'app',
        label: name ? accessPhrase(remote ? 'hue-app-label-outside' : 'hue-app-label', { name }) : accessPhrase('hue-app-label-unnamed'),
        detail: detailOf([created && ['account-added', { time: created }], lastUsed && ['account-last-used', { time: lastUsed }]]),
        ...(remote ? { outside: true } : {}),
        ...(lastUsed ? { lastUsed } : {}),
      }),
    );
  }
  return out;
}

/** Remote access through the Hue account (`portalservices`, `internetservices.remoteaccess`). */
export function mapHuePortal(config: unknown, ctx: EntryContext): AccessEntry[] {
  const c = asRecord(config);
  if (!c || asFlag(c.portalservices) !== true) return [];
  const remote = asText(asRecord(c.internetservices)?.remoteaccess);
  const portal = asText(c.portalconnection);
  return [
    makeEntry(ctx, {
      key: 'remote-access',
      kind: 'remote-admin',
      label: accessPhrase('hue-portal-label'),
      detail: detailOf([portal && ['hue-portal', { state: portal }], remote && ['hue-remote-access', { state: remote }]]),
      outside: true,
    }),
  ];
}

/** CLIP v2 `{errors, data}` → the data array (empty when malformed). */
export function clipData(body: unknown): unknown[] {
  return asArray(asRecord(body)?.data);
}

/** `matter_fabric` resources that are paired: the ecosystems the bridge is shared into. */
export function mapHueMatterFabrics(body: unknown, ctx: EntryContext): AccessEntry[] {
  const out: AccessEntry[] = [];
  for (const item of clipData(body)) {
    const f = asRecord(item);
    const id = asText(f?.id, 64);
    if (!f || !id || f.status !== 'paired') continue;
    const fd = asRecord(f.fabric_data) ?? {};
    const vendor = typeof fd.vendor_id === 'number' ? `0x${fd.vendor_id.toString(16).toUpperCase().padStart(4, '0')}` : undefined;
    const label = asText(fd.label, 32);
    const added = asIsoTime(f.creation_time);
    out.push(
      makeEntry(ctx, {
        key: `matter-${id}`,
        kind: 'ecosystem',
        label: label ? accessPhrase('hue-matter-label', { who: label }) : vendor ? accessPhrase('hue-matter-label-vendor', { vendor }) : accessPhrase('hue-matter-label-other'),
        detail: detailOf([vendor && ['account-vendor-id', { vendor }], added && ['account-added', { time: added }]]),
      }),
    );
  }
  return out;
}

/** `homekit` resource paired: the bridge is in an Apple Home. */
export function mapHueHomekit(body: unknown, ctx: EntryContext): AccessEntry[] {
  const paired = clipData(body).some((item) => asRecord(item)?.status === 'paired');
  return paired ? [makeEntry(ctx, { key: 'homekit', kind: 'ecosystem', label: accessPhrase('hue-homekit-label') })] : [];
}

/** `geofence_client` resources: phones that use Hue location automations (aiohue keepalives excluded). */
export function mapHueGeofenceClients(body: unknown, ctx: EntryContext, ignoreGlobs: readonly string[]): AccessEntry[] {
  const patterns = ignoreGlobs.map(compileGlob);
  const out: AccessEntry[] = [];
  for (const item of clipData(body)) {
    const g = asRecord(item);
    const id = asText(g?.id, 64);
    const name = asText(g?.name, 100);
    if (!g || !id || !name || patterns.some((p) => p.test(name))) continue;
    const atHome = asFlag(g.is_at_home);
    out.push(
      makeEntry(ctx, {
        key: `geofence-${id}`,
        kind: 'location-tracker',
        label: accessPhrase('hue-geofence-label', { name }),
        ...(atHome !== undefined ? { detail: detailOf([atHome ? 'hue-at-home-now' : 'hue-away-now']) } : {}),
      }),
    );
  }
  return out;
}
