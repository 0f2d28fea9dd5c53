import { describe, expect, it } from 'vitest';
import type { EntryContext } from '../../../gateway/accounts/access-entry.ts';
import {
  hueCreatedKey, hueKeyId, hueV1Error, mapHueGeofenceClients, mapHueHomekit, mapHueMatterFabrics, mapHuePortal, mapHueWhitelist,
} from '../../../gateway/accounts/hue-map.ts';
import { expectEveryLanguage } from './entry-texts.ts';

const ctx: EntryContext = { source: 'hue-bridge', notice: 'N2', device: 'bridge', at: '2026-11-27T20:00:00.000Z' };

describe('Hue mapping', () => {
  it.each([
    [[{ success: { username: 'abcdefghij1234567890', clientkey: 'X' } }], 'abcdefghij1234567890', null],
    [[{ error: { type: 101, address: '', description: 'link button not pressed' } }], null, { type: 101, description: 'link button not pressed' }],
    [[{ success: { username: 'bad/key' } }], null, null],
    ['garbage', null, null],
  ])('POST /api answer %#', (body, key, err) => {
    expect(hueCreatedKey(body)).toBe(key);
    expect(hueV1Error(body)).toEqual(err);
  });

  it('lists every other app, marks cloud apps as outside, hides keys', () => {
    const config = { whitelist: {
      own1234567890: { name: 'home check#gateway', 'create date': '2026-11-27T20:00:00', 'last use date': '2026-11-27T20:00:00' },
      secretkey0001: { name: 'IFTTT#cloud', 'create date': '2026-09-15T01:02:03', 'last use date': '2026-11-27T02:14:00' },
      secretkey0002: { name: 'Hue 4#iPhone', 'create date': '2024-03-01T10:00:00' },
      broken: 'x',
    } };
    const out = mapHueWhitelist(config, 'own1234567890', ctx, ['*remote*', 'ifttt*']);
    expect(out.map((e) => [e.label, e.outside, e.lastUsed])).toEqual([
      ['App "IFTTT#cloud" can control the Hue lights from outside the home', true, '2026-11-27T02:14:00.000Z'],
      ['App "Hue 4#iPhone" can control the Hue lights', undefined, undefined],
    ]);
    expect(JSON.stringify(out)).not.toContain('secretkey');
    expect(out[0]!.id).toBe(`hue-bridge:bridge:app-${hueKeyId('secretkey0001')}`);
  });

  it.each([
    [{ portalservices: true, portalconnection: 'connected', internetservices: { remoteaccess: 'connected' } }, 1],
    [{ portalservices: false }, 0],
    [null, 0],
  ])('portal %#', (cfg, n) => expect(mapHuePortal(cfg, ctx)).toHaveLength(n));

  it('maps paired Matter fabrics, a paired HomeKit, and phones (not aiohue keepalives)', () => {
    expect(mapHueMatterFabrics({ data: [{ id: 'f1', status: 'paired', fabric_data: { label: 'Google Home', vendor_id: 0x6006 } }, { id: 'f2', status: 'pending' }, { id: 'f3', status: 'paired', fabric_data: { vendor_id: 4937 } }] }, ctx)
      .map((e) => e.label)).toEqual(['Hue bridge is shared with Google Home', 'Hue bridge is shared with Matter vendor 0x1349']);
    expect(mapHueHomekit({ data: [{ status: 'paired' }] }, ctx)).toHaveLength(1);
    expect(mapHueHomekit({ data: [{ status: 'unpaired' }] }, ctx)).toHaveLength(0);
    expect(mapHueGeofenceClients({ data: [{ id: 'g1', name: 'Pixel 7', is_at_home: false }, { id: 'g2', name: 'aiohue_17', is_at_home: false }] }, ctx, ['aiohue_*'])
      .map((e) => [e.label, e.detail])).toEqual([['Phone "Pixel 7" tells the Hue bridge when it leaves or comes home', 'away now']]);
    expect(mapHueGeofenceClients('bad', ctx, [])).toEqual([]);
  });

  it('writes every entry in Spanish and Brazilian Portuguese too, with every value filled in', () => {
    const config = {
      whitelist: {
        secretkey0001: { name: 'IFTTT#cloud', 'create date': '2026-09-15T01:02:03', 'last use date': '2026-11-27T02:14:00' },
        secretkey0002: { name: 'Hue 4#iPhone', 'create date': '2024-03-01T10:00:00' },
        secretkey0003: { 'create date': '2024-03-01T10:00:00' },
      },
      portalservices: true, portalconnection: 'connected', internetservices: { remoteaccess: 'connected' },
    };
    const entries = [
      ...mapHueWhitelist(config, 'own', ctx, ['ifttt*']),
      ...mapHuePortal(config, ctx),
      ...mapHueMatterFabrics({ data: [
        { id: 'f1', status: 'paired', fabric_data: { label: 'Google Home', vendor_id: 0x6006 }, creation_time: '2026-10-01T08:00:00Z' },
        { id: 'f2', status: 'paired', fabric_data: { vendor_id: 4937 } },
        { id: 'f3', status: 'paired' },
      ] }, ctx),
      ...mapHueHomekit({ data: [{ status: 'paired' }] }, ctx),
      ...mapHueGeofenceClients({ data: [{ id: 'g1', name: 'Pixel 7', is_at_home: false }, { id: 'g2', name: 'iPhone', is_at_home: true }, { id: 'g3', name: 'Tablet' }] }, ctx, []),
    ];
    expectEveryLanguage(entries, 11);
    expect(entries[0]!.texts?.label.es).toBe('La app "IFTTT#cloud" puede controlar las luces Hue desde fuera de casa');
  });
});
