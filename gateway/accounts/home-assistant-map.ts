/**
 * Pure mapping of Home Assistant WebSocket results (ACCOUNTS.md §2) to access entries. Field names follow HA
 * core's auth, config/auth, cloud and matter handlers. Malformed items are skipped, never thrown.
 */
import type { AccessEntry } from '../contract.ts';
import { compileGlob } from '../../device-profiles/glob.ts';
import { accessPhrase, detailOf, makeEntry, type EntryContext } from './access-entry.ts';
import { isOutsideAddress } from './ip-scope.ts';
import { asArray, asFlag, asIsoTime, asRecord, asText, maskEmail } from './json-shape.ts';

/** `auth/refresh_tokens`: every client logged into the token owner's account, except the token used now. */
export function mapRefreshTokens(result: unknown, ctx: EntryContext): AccessEntry[] {
  const out: AccessEntry[] = [];
  for (const item of asArray(result)) {
    const t = asRecord(item);
    const id = asText(t?.id, 64);
    if (!t || !id || asFlag(t.is_current) === true) continue;
    const clientId = asText(t.client_id);
    const name = asText(t.client_name) ?? (clientId ? accessPhrase('ha-browser-or-app', { client: clientId }) : accessPhrase('ha-unnamed-app'));
    const ip = asText(t.last_used_ip, 64);
    const lastUsed = asIsoTime(t.last_used_at);
    const outside = isOutsideAddress(ip);
    const longLived = t.type === 'long_lived_access_token';
    const created = asIsoTime(t.created_at);
    out.push(
      makeEntry(ctx, {
        key: `session-${id}`,
        kind: 'session',
        label: accessPhrase(longLived ? 'ha-token-label' : 'ha-session-label', { name }),
        detail: detailOf([created && ['account-added', { time: created }], lastUsed && ['account-last-used', { time: lastUsed }], ip && [outside ? 'ha-from-outside' : 'ha-from', { address: ip }]]),
        ...(outside !== null ? { outside } : {}),
        ...(lastUsed ? { lastUsed } : {}),
      }),
    );
  }
  return out;
}

/** `config/auth/list` (admin): people who can log in, and whether only from the home network. */
export function mapUsers(result: unknown, ctx: EntryContext): AccessEntry[] {
  const out: AccessEntry[] = [];
  for (const item of asArray(result)) {
    const u = asRecord(item);
    const id = asText(u?.id, 64);
    // System users (Supervisor, cloud, content) are Home Assistant's own parts, not people.
    if (!u || !id || asFlag(u.system_generated) === true) continue;
    const active = asFlag(u.is_active) !== false;
    const localOnly = asFlag(u.local_only) === true;
    const name = asText(u.name) ?? asText(u.username);
    const username = asText(u.username);
    const groups = asArray(u.group_ids).filter((g): g is string => typeof g === 'string');
    const role = accessPhrase(asFlag(u.is_owner) ? 'ha-role-owner' : groups.includes('system-admin') ? 'ha-role-admin' : 'ha-role-user');
    out.push(
      makeEntry(ctx, {
        key: `user-${id}`,
        kind: 'user',
        label: accessPhrase('ha-user-label', { role, name: name ? `${name}${username && username !== name ? ` (${username})` : ''}` : accessPhrase('ha-unnamed-user') }),
        detail: detailOf([!active && 'ha-turned-off', active && (localOnly ? 'ha-login-home-only' : 'ha-login-outside')]),
        outside: active && !localOnly,
      }),
    );
  }
  return out;
}

/** `cloud/status`: a Nabu Casa account, remote access, voice assistants and cloud webhooks. */
export function mapCloudStatus(result: unknown, ctx: EntryContext): AccessEntry[] {
  const s = asRecord(result);
  if (!s || asFlag(s.logged_in) !== true) return [];
  const prefs = asRecord(s.prefs) ?? {};
  const email = asText(s.email);
  const remoteOn = asFlag(prefs.remote_enabled) === true;
  const cloud = asText(s.cloud);
  const out: AccessEntry[] = [
    makeEntry(ctx, {
      key: 'cloud-account',
      kind: 'cloud-account',
      label: email ? accessPhrase('ha-cloud-label', { account: maskEmail(email) }) : accessPhrase('ha-cloud-label-unnamed'),
      detail: detailOf([email && ['account-ddns-account', { account: email }], cloud && ['ha-cloud', { cloud }]]),
      outside: true,
    }),
  ];
  if (remoteOn || asFlag(s.remote_connected) === true) {
    const domain = asText(s.remote_domain);
    out.push(
      makeEntry(ctx, {
        key: 'cloud-remote',
        kind: 'remote-admin',
        label: domain ? accessPhrase('ha-remote-label-domain', { domain }) : accessPhrase('ha-remote-label'),
        detail: detailOf([remoteOn && 'ha-remote-on', asFlag(s.remote_connected) && 'ha-connected-now']),
        outside: true,
      }),
    );
  }
  for (const [key, name] of [['alexa_enabled', 'Amazon Alexa'], ['google_enabled', 'Google Assistant']] as const) {
    if (asFlag(prefs[key]) === true) {
      out.push(makeEntry(ctx, { key: `cloud-${key}`, kind: 'ecosystem', label: accessPhrase('ha-shared-label', { name }), outside: true }));
    }
  }
  const hooks = asRecord(prefs.cloudhooks);
  const hookCount = hooks ? Object.keys(hooks).length : 0;
  if (hookCount > 0) {
    out.push(
      makeEntry(ctx, {
        key: 'cloud-webhooks',
        kind: 'webhook',
        label: accessPhrase(hookCount === 1 ? 'ha-webhooks-label-one' : 'ha-webhooks-label', { count: String(hookCount) }),
        outside: true,
      }),
    );
  }
  return out;
}

/** `get_config`: an external URL means Home Assistant is set up to be opened from outside. */
export function mapCoreConfig(result: unknown, ctx: EntryContext): AccessEntry[] {
  const c = asRecord(result);
  const external = asText(c?.external_url, 300);
  if (!external) return [];
  return [
    makeEntry(ctx, {
      key: 'external-url',
      kind: 'remote-admin',
      label: accessPhrase('ha-external-label', { url: external }),
      outside: true,
    }),
  ];
}

/** `get_states`: device trackers with a GPS position and persons with a location. */
export function mapLocationStates(result: unknown, ctx: EntryContext): AccessEntry[] {
  const out: AccessEntry[] = [];
  for (const item of asArray(result)) {
    const s = asRecord(item);
    const entityId = asText(s?.entity_id, 255);
    if (!s || !entityId) continue;
    const domain = entityId.split('.')[0];
    if (domain !== 'device_tracker' && domain !== 'person') continue;
    const attrs = asRecord(s.attributes) ?? {};
    const hasPosition = typeof attrs.latitude === 'number' && typeof attrs.longitude === 'number';
    if (!hasPosition && attrs.source_type !== 'gps') continue;
    const name = asText(attrs.friendly_name) ?? entityId;
    const updated = asIsoTime(s.last_updated);
    const state = asText(s.state);
    const source = asText(attrs.source_type);
    out.push(
      makeEntry(ctx, {
        key: `tracker-${entityId}`,
        kind: 'location-tracker',
        label: accessPhrase('ha-tracker-label', { name }),
        detail: detailOf([['ha-entity', { entity: entityId }], state && ['ha-now', { state }], source && ['ha-source', { source }]]),
        ...(updated ? { lastUsed: updated } : {}),
      }),
    );
  }
  return out;
}

/** `config_entries/get` (admin): phone apps and location services connected to Home Assistant. */
export function mapLocationIntegrations(result: unknown, ctx: EntryContext, locationDomains: readonly string[]): AccessEntry[] {
  const out: AccessEntry[] = [];
  for (const item of asArray(result)) {
    const e = asRecord(item);
    const id = asText(e?.entry_id, 64);
    const domain = asText(e?.domain, 64);
    if (!e || !id || !domain || !locationDomains.includes(domain)) continue;
    const title = asText(e.title) ?? domain;
    const state = asText(e.state);
    const by = asText(e.disabled_by);
    out.push(
      makeEntry(ctx, {
        key: `integration-${id}`,
        kind: 'location-tracker',
        label: domain === 'mobile_app' ? accessPhrase('ha-phone-app-label', { title }) : accessPhrase('ha-location-service-label', { title, domain }),
        detail: detailOf([state && ['account-state', { state }], by && ['ha-turned-off-by', { by }]]),
      }),
    );
  }
  return out;
}

/** Supervisor `/addons`: installed add-ons that can make Home Assistant reachable from the internet. */
export function mapTunnelAddons(result: unknown, ctx: EntryContext, tunnelGlobs: readonly string[]): AccessEntry[] {
  const patterns = tunnelGlobs.map(compileGlob);
  const out: AccessEntry[] = [];
  for (const item of asArray(asRecord(result)?.addons)) {
    const a = asRecord(item);
    const slug = asText(a?.slug, 100);
    if (!a || !slug) continue;
    const name = asText(a.name) ?? slug;
    if (!patterns.some((p) => p.test(slug) || p.test(name))) continue;
    const state = asText(a.state);
    out.push(
      makeEntry(ctx, {
        key: `addon-${slug}`,
        kind: 'tunnel',
        label: accessPhrase('ha-addon-label', { name }),
        detail: detailOf([state && ['account-state', { state }]]),
        ...(state === 'started' ? { outside: true } : {}),
      }),
    );
  }
  return out;
}

/** `config/device_registry/list` (admin): ids and names of devices Home Assistant reaches over Matter. */
export function matterDevices(result: unknown, max: number): Array<{ id: string; name: string }> {
  const out: Array<{ id: string; name: string }> = [];
  for (const item of asArray(result)) {
    const d = asRecord(item);
    const id = asText(d?.id, 64);
    if (!d || !id) continue;
    const isMatter = asArray(d.identifiers).some((pair) => Array.isArray(pair) && pair[0] === 'matter');
    if (!isMatter) continue;
    out.push({ id, name: asText(d.name_by_user) ?? asText(d.name) ?? id });
    if (out.length >= max) break;
  }
  return out;
}

/** `matter/get_fabrics`: every ecosystem (fabric) the device is shared into, with vendor and label. */
export function mapMatterFabrics(result: unknown, device: { id: string; name: string }, ctx: EntryContext): AccessEntry[] {
  const r = asRecord(result);
  const out: AccessEntry[] = [];
  for (const item of asArray(r?.fabrics)) {
    const f = asRecord(item);
    if (!f) continue;
    const index = asText(f.fabric_index, 8) ?? asText(f.fabric_id, 40);
    if (!index) continue;
    const vendorId = typeof f.vendor_id === 'number' ? `0x${f.vendor_id.toString(16).toUpperCase().padStart(4, '0')}` : undefined;
    const who = asText(f.vendor_name) ?? (vendorId ? accessPhrase('ha-vendor', { vendor: vendorId }) : accessPhrase('ha-unknown-vendor'));
    const label = asText(f.label, 32);
    const count = asText(r?.fabric_count, 8);
    out.push(
      makeEntry(ctx, {
        key: `matter-${device.id}-${index}`,
        kind: 'ecosystem',
        label: label ? accessPhrase('ha-matter-label-named', { device: device.name, who, label }) : accessPhrase('ha-matter-label', { device: device.name, who }),
        detail: detailOf([vendorId && ['account-vendor-id', { vendor: vendorId }], count && ['ha-ecosystems', { count }]]),
      }),
    );
  }
  return out;
}
