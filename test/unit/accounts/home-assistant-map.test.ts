import { describe, expect, it } from 'vitest';
import type { EntryContext } from '../../../gateway/accounts/access-entry.ts';
import {
  mapCloudStatus, mapCoreConfig, mapLocationIntegrations, mapLocationStates, mapMatterFabrics, mapRefreshTokens, mapTunnelAddons,
  mapUsers, matterDevices,
} from '../../../gateway/accounts/home-assistant-map.ts';
import { expectEveryLanguage } from './entry-texts.ts';

const ctx: EntryContext = { source: 'home-assistant', notice: 'N2', device: 'dev1', at: '2026-11-27T20:00:00.000Z' };

describe('Home Assistant mapping', () => {
  it.each([
    [{ id: 'a', client_name: 'Pixel 7', type: 'normal', last_used_ip: '203.0.113.7', last_used_at: '2026-11-27T02:13:00+00:00' }, { label: 'Logged into your account: Pixel 7', outside: true, lastUsed: '2026-11-27T02:13:00.000Z' }],
    [{ id: 'b', client_id: 'http://192.168.1.5:8123/', last_used_ip: '192.168.1.31' }, { label: 'Logged into your account: a browser or app (http://192.168.1.5:8123/)', outside: false }],
    [{ id: 'c', client_name: 'script', type: 'long_lived_access_token' }, { label: 'Access token "script" on your account' }],
  ])('maps refresh token %#', (token, expected) => {
    const [e] = mapRefreshTokens([token], ctx);
    expect(e).toMatchObject({ kind: 'session', source: 'home-assistant', notice: 'N2', ...expected });
  });

  it('skips the token in use, malformed items and non-arrays', () => {
    expect(mapRefreshTokens([{ id: 'x', is_current: true }, null, 5, { client_name: 'no id' }], ctx)).toEqual([]);
    expect(mapRefreshTokens({ not: 'an array' }, ctx)).toEqual([]);
  });

  it.each([
    [{ id: 'u1', name: 'Alex', username: 'alex', local_only: false, is_active: true, group_ids: ['system-admin'] }, 'Home Assistant administrator Alex (alex)', true],
    [{ id: 'u2', name: 'Sam', username: 'sam', local_only: true, is_active: true, group_ids: ['system-users'] }, 'Home Assistant user Sam (sam)', false],
    [{ id: 'u3', name: 'Maria', username: 'maria', is_owner: true, local_only: false, is_active: false }, 'Home Assistant owner Maria (maria)', false],
  ])('maps user %#', (user, label, outside) => {
    expect(mapUsers([user], ctx)).toEqual([expect.objectContaining({ kind: 'user', label, outside, id: `home-assistant:dev1:user-${user.id}` })]);
  });

  it('leaves out system users', () => {
    expect(mapUsers([{ id: 's', name: 'Supervisor', system_generated: true }], ctx)).toEqual([]);
  });

  it('maps cloud status: account, remote access, assistants, webhooks', () => {
    const kinds = mapCloudStatus({ logged_in: true, email: 'alex@example.com', remote_domain: 'x.ui.nabu.casa', remote_connected: false, prefs: { remote_enabled: true, alexa_enabled: true, google_enabled: false, cloudhooks: { a: {}, b: {} } } }, ctx);
    expect(kinds.map((e) => e.kind)).toEqual(['cloud-account', 'remote-admin', 'ecosystem', 'webhook']);
    expect(kinds[0]!.label).toContain('a***@example.com');
    expect(kinds[3]!.label).toMatch(/^2 webhooks/);
    expect(mapCloudStatus({ logged_in: false, email: 'x@y.z' }, ctx)).toEqual([]);
    expect(mapCloudStatus('garbage', ctx)).toEqual([]);
  });

  it.each([
    [{ external_url: 'https://home.example.org' }, 1],
    [{ external_url: null, internal_url: 'http://192.168.1.5:8123' }, 0],
    [null, 0],
  ])('external URL %#', (cfg, n) => expect(mapCoreConfig(cfg, ctx)).toHaveLength(n));

  it('keeps GPS trackers and located persons, not router trackers or lights', () => {
    const out = mapLocationStates([
      { entity_id: 'device_tracker.p', state: 'not_home', attributes: { source_type: 'gps', friendly_name: 'P' } },
      { entity_id: 'person.m', state: 'home', attributes: { latitude: 1, longitude: 2, friendly_name: 'M' } },
      { entity_id: 'device_tracker.r', state: 'home', attributes: { source_type: 'router' } },
      { entity_id: 'light.k', state: 'on', attributes: { latitude: 1, longitude: 2 } },
      { state: 'x' },
    ], ctx);
    expect(out.map((e) => e.label)).toEqual(['Home Assistant records the location of P', 'Home Assistant records the location of M']);
  });

  it('maps location integrations and tunnel add-ons from the knowledge lists', () => {
    expect(mapLocationIntegrations([{ entry_id: 'e1', domain: 'mobile_app', title: 'Pixel 7' }, { entry_id: 'e2', domain: 'hue', title: 'Hue' }], ctx, ['mobile_app'])
      .map((e) => e.label)).toEqual(['Phone app connected: Pixel 7']);
    const addons = mapTunnelAddons({ addons: [{ slug: 'a0d7b954_cloudflared', name: 'Cloudflared', state: 'started' }, { slug: 'core_samba', name: 'Samba', state: 'started' }, { slug: 'x_tailscale', name: 'Tailscale', state: 'stopped' }] }, ctx, ['*cloudflared*', '*tailscale*']);
    expect(addons.map((a) => [a.kind, a.outside])).toEqual([['tunnel', true], ['tunnel', undefined]]);
  });

  it('finds Matter devices and maps their fabrics', () => {
    const devices = matterDevices([{ id: 'd1', name: 'Lock', identifiers: [['matter', 'x']] }, { id: 'd2', name: 'Lamp', identifiers: [['hue', 'y']] }], 10);
    expect(devices).toEqual([{ id: 'd1', name: 'Lock' }]);
    const out = mapMatterFabrics({ fabric_count: 2, fabrics: [{ fabric_index: 1, vendor_id: 0x6006, vendor_name: 'Google', label: 'Google Home' }, { fabric_index: 2, vendor_id: 4937 }] }, devices[0]!, ctx);
    expect(out.map((e) => e.label)).toEqual(['Lock is shared with Google ("Google Home")', 'Lock is shared with vendor 0x1349']);
  });

  it('writes every entry in Spanish and Brazilian Portuguese too, with every value filled in', () => {
    const entries = [
      ...mapRefreshTokens([
        { id: 'a', client_name: 'Pixel 7', type: 'normal', created_at: '2026-10-01T08:00:00+00:00', last_used_ip: '203.0.113.7', last_used_at: '2026-11-27T02:13:00+00:00' },
        { id: 'b', client_id: 'http://192.168.1.5:8123/', last_used_ip: '192.168.1.31' },
        { id: 'c', type: 'long_lived_access_token' },
      ], ctx),
      ...mapUsers([
        { id: 'u1', name: 'Alex', username: 'alex', is_owner: true, is_active: true, local_only: false },
        { id: 'u2', name: 'Sam', group_ids: ['system-admin'], is_active: true, local_only: true },
        { id: 'u3', username: 'guest', group_ids: ['system-users'], is_active: false },
        { id: 'u4', is_active: true },
      ], ctx),
      ...mapCloudStatus({ logged_in: true, email: 'alex@example.com', cloud: 'connected', remote_domain: 'abc.ui.nabu.casa', remote_connected: true,
        prefs: { remote_enabled: true, alexa_enabled: true, google_enabled: true, cloudhooks: { a: {} } } }, ctx),
      ...mapCloudStatus({ logged_in: true, remote_connected: true, prefs: { cloudhooks: { a: {}, b: {} } } }, ctx),
      ...mapCoreConfig({ external_url: 'https://home.example.org' }, ctx),
      ...mapLocationStates([{ entity_id: 'person.alex', state: 'not_home', last_updated: '2026-11-27T02:00:00+00:00', attributes: { friendly_name: 'Alex', latitude: 1, longitude: 2, source_type: 'gps' } }], ctx),
      ...mapLocationIntegrations([
        { entry_id: 'e1', domain: 'mobile_app', title: 'Pixel 7', state: 'loaded' },
        { entry_id: 'e2', domain: 'life360', title: 'Family', state: 'not_loaded', disabled_by: 'user' },
      ], ctx, ['mobile_app', 'life360']),
      ...mapTunnelAddons({ addons: [{ slug: 'cloudflared', name: 'Cloudflared', state: 'started' }, { slug: 'ngrok' }] }, ctx, ['cloudflared', 'ngrok']),
      ...mapMatterFabrics({ fabric_count: 3, fabrics: [{ fabric_index: 1, vendor_id: 0x6006, vendor_name: 'Google', label: 'Google Home' }, { fabric_index: 2, vendor_id: 4937 }, { fabric_index: 3 }] }, { id: 'd1', name: 'Lock' }, ctx),
    ];
    expectEveryLanguage(entries, 24);
    expect(entries[3]!.texts?.label.es).toBe('Cuenta de Home Assistant con rol de dueño: Alex (alex)');
  });
});
