import { describe, expect, it } from 'vitest';
import { findLoneFabrics, matterEntries, matterFabricsByDevice, parseMatterInstance } from '../../../discovery/access/matter-fabrics.ts';
import { device, matter, mdns } from './helpers.ts';

const A = '2906C908D115D362';
const B = '87E1B004E235A130';
const C = 'F1A2B3C4D5E6F708';
const n = (i: number) => i.toString(16).toUpperCase().padStart(16, '0');

describe('parseMatterInstance', () => {
  it.each([
    [`${A}-${n(1)}._matter._tcp.local`, { fabric: A, node: n(1) }],
    [`${A.toLowerCase()}-${n(2)}`, { fabric: A, node: n(2) }],
    ['Living Room._matter._tcp.local', null],
    [`${A}-123._matter._tcp.local`, null],
    [`${A}${n(1)}`, null],
    [42, null],
    [undefined, null],
  ])('%s', (name, want) => {
    expect(parseMatterInstance(name)).toEqual(want);
  });
});

describe('matter fabrics per device', () => {
  const lock = device('lock', '192.168.1.20');
  const plug = device('plug', '192.168.1.21', { hostnames: ['Plug-1.local'] });
  const bulb = device('bulb', '192.168.1.22');

  it('groups by IP, then by host name, and counts each fabric once', () => {
    const obs = [matter('192.168.1.20', A, n(1)), matter('192.168.1.20', A, n(1), '2026-01-01T01:00:00Z'), matter('192.168.1.20', B, n(7)), matter(undefined, A, n(2), undefined, 'plug-1.local.'), matter('192.168.1.99', C, n(3))];
    const by = matterFabricsByDevice([lock, plug, bulb], obs);
    expect([...by.keys()].sort()).toEqual(['lock', 'plug']);
    expect([...by.get('lock')!.keys()].sort()).toEqual([A, B]);
    expect(by.get('lock')!.get(A)!.lastSeen).toBe('2026-01-01T01:00:00Z');
    expect([...by.get('plug')!.keys()]).toEqual([A]);
  });

  it('makes one ecosystem entry per fabric, counting the systems in the label', () => {
    const entries = matterEntries([lock, plug], [matter('192.168.1.20', A, n(1)), matter('192.168.1.20', B, n(2)), matter('192.168.1.20', C, n(3)), matter('192.168.1.21', A, n(4))]);
    const lockEntries = entries.get('lock')!;
    expect(lockEntries).toHaveLength(3);
    expect(lockEntries.every((e) => e.kind === 'ecosystem' && e.source === 'matter-mdns' && e.notice === 'N0')).toBe(true);
    expect(lockEntries[0]!.label).toMatch(/^Shared with 3 smart-home systems \(Matter\)/);
    expect(lockEntries.find((e) => e.id === `matter-fabric:lock:${A}`)!.detail).toContain('also on: plug');
    expect(entries.get('plug')![0]!.label).toMatch(/^Shared with 1 smart-home system \(Matter\)/);
  });

  it.each([
    ['the household shares A; the lock alone is also in B', [['lock', [A, B]], ['plug', [A]], ['bulb', [A]]], { lock: [B] }],
    ['the lock is only in its own fabric', [['lock', [C]], ['plug', [A]], ['bulb', [A]]], { lock: [C] }],
    ['every device in its own fabric: nothing to compare', [['lock', [A]], ['plug', [B]]], {}],
    ['one Matter device only', [['lock', [A, B]]], {}],
    ['everything shared', [['lock', [A, B]], ['plug', [A, B]]], {}],
  ])('lone fabrics: %s', (_n, layout, want) => {
    const by = new Map((layout as [string, string[]][]).map(([d, fs]) => [d, new Map(fs.map((f) => [f, true]))]));
    const got = Object.fromEntries([...findLoneFabrics(by)].map(([d, s]) => [d, [...s]]));
    expect(got).toEqual(want);
  });

  it('says in plain words that a lone fabric may be unknown to the household', () => {
    const e = matterEntries([lock, plug, bulb], [matter('192.168.1.20', A, n(1)), matter('192.168.1.20', B, n(2)), matter('192.168.1.21', A, n(3)), matter('192.168.1.22', A, n(4))]);
    const lone = e.get('lock')!.find((x) => x.id.endsWith(B))!;
    expect(lone.label).toContain('may be one the household does not know about');
    expect(e.get('lock')!.find((x) => x.id.endsWith(A))!.label).not.toContain('does not know');
  });

  it('notes an open pairing window once per device, at the latest time seen', () => {
    const obs = [mdns('192.168.1.21', { instance: 'ABCD._matterc._udp.local', type: '_matterc._udp' }, '2026-01-01T02:00:00Z'), mdns('192.168.1.21', { type: '_matterc._udp' }, '2026-01-01T03:00:00Z')];
    const e = matterEntries([lock, plug], obs).get('plug')!;
    expect(e).toHaveLength(1);
    expect(e[0]).toMatchObject({ id: 'matter-pairing:plug', kind: 'ecosystem', at: '2026-01-01T03:00:00Z' });
  });

  it('ignores other services and malformed observations', () => {
    const junk = [mdns('192.168.1.20', { instance: 'x._http._tcp.local', type: '_http._tcp' }), { source: 'mdns', at: 't', ip: '192.168.1.20', data: {} }, { source: 'dns', at: 't', data: { instance: `${A}-${n(1)}`, type: '_matter._tcp' } }];
    expect(matterEntries([lock], junk as never).size).toBe(0);
  });
});
