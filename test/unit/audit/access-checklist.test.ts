import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AccessEntry, Device } from '../../../gateway/contract.ts';
import { ACCESS_CHECKLIST_KINDS, buildChecklist, builtInAccessChecklist, loadAccessChecklist } from '../../../gateway/audit/checklist.ts';

const AT = '2026-11-27T21:00:00.000Z';
const entry = (id: string, kind: AccessEntry['kind'], label: string): AccessEntry => ({ id, kind, label, source: 'test', notice: 'N0', at: AT });
const device = (access: AccessEntry[]): Device => ({
  id: 'mac-020000000001', mac: '02:00:00:00:00:01', randomizedMac: false, ips: ['192.168.1.1'], hostnames: [], names: [],
  category: 'hub', capabilities: [], firstSeen: AT, lastSeen: AT, traffic: { bytesUp: 0, bytesDown: 0, peers: [] }, access,
});

describe('access checklist items', () => {
  const d = device([
    entry('hue:app-1', 'app', 'App "IFTTT#cloud" can control the Hue lights from outside the home'),
    entry('ha:user-alex', 'user', 'Home Assistant administrator Alex (alex)'),
    entry('ha:session-pixel', 'session', 'Logged into your account: Pixel 7'),
    entry('kasa-account:x', 'cloud-account', 'Linked to the TP-Link account s***@example.com'),
    entry('ha:tracker', 'location-tracker', 'Phone "Pixel 7" reports where it is'),
    entry('wg:peer', 'vpn-peer', 'VPN peer "laptop"'),
    entry('matter-fabric:x:ABC', 'ecosystem', 'Shared with 2 smart-home systems (Matter)'),
    entry('pm:tcp-554', 'port-mapping', 'Reachable from the internet: TCP 554'),
    entry('ha:tunnel', 'tunnel', 'Add-on "Cloudflared" can open a way in from the internet'),
  ]);

  it('adds one "do you know" item per app, person, phone, account, peer and system, none for ports or tunnels', () => {
    const { items, texts } = buildChecklist([d], [], new Map(), [], AT);
    const access = items.filter((i) => i.id.startsWith('access@'));
    expect(access.map((i) => i.id)).toEqual([
      'access@hue:app-1', 'access@ha:user-alex', 'access@ha:session-pixel', 'access@kasa-account:x', 'access@ha:tracker', 'access@wg:peer', 'access@matter-fabric:x:ABC',
    ]);
    expect(access.every((i) => i.device === d.id && i.status === 'todo')).toBe(true);
    expect(access[0]!.text).toBe('Do you know this app? App "IFTTT#cloud" can control the Hue lights from outside the home');
    expect(access[1]!.text).toBe('Do you know this person? Home Assistant administrator Alex (alex)');
    expect(access[2]!.why).toMatch(/Answer Yes, No or Not sure\.$/);
    expect(texts['access@ha:user-alex']!.text.es).toBe('¿Conoces a esta persona? Home Assistant administrator Alex (alex)');
  });

  it('keeps an answer across a rebuild, and keeps an answered item whose entry is gone', () => {
    const first = buildChecklist([d], [], new Map(), [], AT).items;
    const answered = first.map((i) => (i.id === 'access@hue:app-1' ? { ...i, answer: 'no', status: 'done' as const, updatedAt: '2026-11-27T22:00:00.000Z' } : i));
    const again = buildChecklist([d], [], new Map(), answered, '2026-11-28T00:00:00.000Z').items;
    expect(again.find((i) => i.id === 'access@hue:app-1')).toMatchObject({ answer: 'no', status: 'done', updatedAt: '2026-11-27T22:00:00.000Z' });
    const gone = buildChecklist([device([])], [], new Map(), answered, AT).items;
    expect(gone.map((i) => i.id)).toEqual(['access@hue:app-1']);
  });

  it('the built-in texts cover every kind in English and Spanish, with Yes / No / Not sure answers', () => {
    const t = builtInAccessChecklist();
    for (const k of ACCESS_CHECKLIST_KINDS) {
      expect(t.kinds[k]!.text.en).toContain('{label}');
      expect(t.kinds[k]!.text.es).toContain('{label}');
      expect(t.kinds[k]!.why.es!.length).toBeGreaterThan(10);
    }
    expect(t.answers.map((a) => a.value)).toEqual(['yes', 'no', 'not-sure']);
  });

  it('a bad texts file is refused with its name', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'hs-acl-')), 'access-checklist.yaml');
    writeFileSync(file, 'answers: []\nkinds: {}\n');
    expect(() => loadAccessChecklist(file)).toThrow(/access-checklist\.yaml: /);
  });
});
