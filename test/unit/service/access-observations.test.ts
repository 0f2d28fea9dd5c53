import { describe, expect, it } from 'vitest';
import type { AccessEntry, Device } from '../../../gateway/contract.ts';
import { accessFindings, accessObservations, accessRules, addAccess, mergeFindings } from '../../../gateway/service/access-observations.ts';
import { loadRules } from '../../../pcap-rules/load.ts';

const AT = '2026-11-27T21:00:00.000Z';
const rules = loadRules().rules;

const device = (n: number, access?: AccessEntry[], extra: Partial<Device> = {}): Device => ({
  id: `mac-02000000000${n}`, mac: `02:00:00:00:00:0${n}`, randomizedMac: false, ips: [`192.168.1.${n}`], hostnames: [], names: [],
  category: 'unknown', capabilities: [], firstSeen: AT, lastSeen: AT, traffic: { bytesUp: 0, bytesDown: 0, peers: [] },
  ...(access ? { access } : {}), ...extra,
});
const entry = (id: string, e: Partial<AccessEntry> = {}): AccessEntry => ({ id, kind: 'session', label: `Logged in: ${id}`, source: 'home-assistant', notice: 'N2', at: AT, ...e });

describe('access observations', () => {
  it('gives one observation per entry, naming the device by MAC, address and id', () => {
    const obs = accessObservations([device(1, [entry('a'), entry('b')]), device(2), device(3, [entry('c')], { mac: undefined, id: 'ip-192.168.1.3' })]);
    expect(obs).toHaveLength(3);
    expect(obs[0]).toEqual({ source: 'access', at: AT, mac: '02:00:00:00:00:01', ip: '192.168.1.1', data: { ...entry('a'), device: 'mac-020000000001' } });
    expect(obs[2]).toEqual({ source: 'access', at: AT, ip: '192.168.1.3', data: { ...entry('c'), device: 'ip-192.168.1.3' } });
  });

  it('skips devices no rule could name (no MAC, no address)', () => {
    expect(accessObservations([device(1, [entry('a')], { mac: undefined, ips: [] })])).toEqual([]);
  });

  it('only the access rules are run', () => {
    const own = accessRules(rules).map((r) => r.rule.id);
    expect(own.length).toBeGreaterThanOrEqual(6);
    expect(own.every((id) => id.startsWith('HS-ACCESS-'))).toBe(true);
  });

  it('outside sessions and unexpected ecosystems become findings on their device; home ones do not', () => {
    const devices = [
      device(1, [entry('out', { outside: true }), entry('home', { outside: false })]),
      device(2, [entry('fabric', { kind: 'ecosystem', unexpected: true, source: 'matter-mdns', notice: 'N0' })]),
    ];
    const f = accessFindings(rules, devices);
    expect(f.map((x) => [x.finding.rule, x.finding.device])).toEqual([
      ['HS-ACCESS-0001', 'mac-020000000001'],
      ['HS-ACCESS-0005', 'mac-020000000002'],
    ]);
    expect(f[0]!.finding.summary).toContain('Logged in: out');
    expect(f[0]!.texts.summary.es).toContain('desde fuera de casa');
  });

  it('is the same every time it is asked (a fresh engine: nothing counted twice)', () => {
    const devices = [device(1, [entry('out', { outside: true })])];
    const a = accessFindings(rules, devices);
    const b = accessFindings(rules, devices);
    expect(b.map((x) => [x.finding.id, x.finding.count])).toEqual(a.map((x) => [x.finding.id, 1]));
  });

  it('merges by finding id, keeping the first', () => {
    const a = accessFindings(rules, [device(1, [entry('out', { outside: true })])]);
    const b = accessFindings(rules, [device(1, [entry('out', { outside: true }), entry('out2', { outside: true })])]);
    const merged = mergeFindings(a, b);
    expect(merged).toHaveLength(2);
    expect(merged[0]).toBe(a[0]);
  });

  it('adds entries to one device, replacing those with the same id', () => {
    const devices = [device(1, [entry('a'), entry('b')]), device(2)];
    const out = addAccess(devices, 'mac-020000000001', [entry('b', { label: 'new' }), entry('c')]);
    expect(out[0]!.access!.map((e) => [e.id, e.label])).toEqual([['a', 'Logged in: a'], ['b', 'new'], ['c', 'Logged in: c']]);
    expect(out[1]).toBe(devices[1]);
    expect(devices[0]!.access).toHaveLength(2);
  });
});
