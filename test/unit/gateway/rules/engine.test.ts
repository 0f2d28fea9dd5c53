import { describe, expect, it } from 'vitest';
import type { Device, Observation } from '../../../../gateway/contract.ts';
import { createRuleEngine, findingId } from '../../../../gateway/rules/engine.ts';
import { checkRule, type LoadedRule } from '../../../../pcap-rules/load.ts';
import { AT, device, dns, flow, MAC } from './matchers/obs.ts';
import { seriesOf } from './matchers/upload-series-build.ts';

function rule(id: string, family: string, extra: object): LoadedRule {
  const raw = {
    id, title: { en: 'T {host}', fr: 'T-fr {host}' }, summary: { en: '{device} looked up {host}', fr: '{device} a cherché {host}' },
    advice: { en: 'A' }, noticeRisk: { en: 'N' }, severity: 'medium', status: 'stable',
    match: { matcher: 'domain-suffix', params: { suffixes: ['ddns.net'] } }, ...extra,
  };
  const r = checkRule(raw, `${family}/${id}.yaml`);
  if ('reason' in r) throw new Error(r.reason);
  return r.rule;
}

const at = (s: number) => new Date(Date.parse(AT) + s * 1000).toISOString();
const q = (name: string, s: number, who: { mac?: string; ip?: string } = {}): Observation => ({ ...dns(name), at: at(s), ...who });
const cam = device({ category: 'camera', capabilities: ['camera'], names: ['Porch'], profile: { id: 'x.cam', name: 'X camera', confidence: 0.9, matchedBy: [] } });

describe('createRuleEngine', () => {
  it('groups hits per device and key: first/last seen, count, evidence capped', () => {
    const e = createRuleEngine({ rules: [rule('HS-T-0001', 't', { aggregate: { evidence: 2 } })] });
    for (let s = 0; s < 5; s++) e.observe(q('cam.ddns.net', s));
    e.observe(q('www.example.com', 6));
    const [f, ...rest] = e.findings([cam]);
    expect(rest).toEqual([]);
    expect(f!.finding).toMatchObject({ rule: 'HS-T-0001', device: cam.id, count: 5, firstSeen: at(0), lastSeen: at(4), severity: 'medium' });
    expect(f!.finding.evidence).toHaveLength(2);
    expect(f!.finding.summary).toBe('X camera "Porch" looked up cam.ddns.net');
    expect(f!.texts.summary.fr).toBe('X camera "Porch" a cherché cam.ddns.net');
    expect(f!.finding.id).toBe(findingId('HS-T-0001', cam.id, 'ddns.net'));
  });

  it('merges hits named by IP and by MAC once they turn out to be one device', () => {
    const e = createRuleEngine({ rules: [rule('HS-T-0001', 't', {})] });
    e.observe(q('a.ddns.net', 0, { mac: undefined, ip: '192.168.1.10' }));
    e.observe(q('b.ddns.net', 1));
    const fs = e.findings([cam]);
    expect(fs).toHaveLength(1);
    expect(fs[0]!.finding.count).toBe(2);
    expect(fs[0]!.finding.summary).toMatch(/a\.ddns\.net/);
  });

  it.each<[string, object, Device, number]>([
    ['category in scope', { categories: ['camera'] }, cam, 1],
    ['category out of scope', { categories: ['phone'] }, cam, 0],
    ['excluded category', { notCategories: ['camera'] }, cam, 0],
    ['capability in scope', { capabilities: ['mic', 'camera'] }, cam, 1],
    ['capability out of scope', { capabilities: ['location'] }, cam, 0],
    ['excluded capability', { notCapabilities: ['camera'] }, cam, 0],
    ['capability not excluded', { notCapabilities: ['location'] }, cam, 1],
  ])('applies scope after identification: %s', (_what, scope, d, n) => {
    const e = createRuleEngine({ rules: [rule('HS-T-0001', 't', { scope })] });
    e.observe(q('x.ddns.net', 0));
    expect(e.findings([d])).toHaveLength(n);
  });

  it('drops hits of a scoped rule whose device is unknown', () => {
    const e = createRuleEngine({ rules: [rule('HS-T-0001', 't', { scope: { categories: ['camera'] } })] });
    e.observe(q('x.ddns.net', 0, { mac: 'ff:ff:ff:00:00:09', ip: '192.168.1.99' }));
    expect(e.findings([cam])).toEqual([]);
  });

  it('starts a new finding after the gap when the rule sets gapSeconds (episodes)', () => {
    const e = createRuleEngine({ rules: [rule('HS-T-0001', 't', { aggregate: { gapSeconds: 60 } })] });
    for (const s of [0, 30, 200, 210, 500]) e.observe(q('x.ddns.net', s));
    const fs = e.findings([cam]).map((f) => [f.finding.firstSeen, f.finding.count]);
    expect(fs).toEqual([[at(0), 2], [at(200), 2], [at(500), 1]]);
    expect(new Set(e.findings([cam]).map((f) => f.finding.id)).size).toBe(3);
  });

  it('can be asked for findings again without counting end-of-pass hits twice', () => {
    const cap = checkRule({
      id: 'HS-D-0001', title: { en: 't' }, summary: { en: '{device} has {capabilities}' }, advice: { en: 'a' }, noticeRisk: { en: 'n' },
      severity: 'info', status: 'stable', match: { matcher: 'capability', params: { capabilities: ['camera'] } },
    }, 'd/HS-D-0001.yaml');
    if ('reason' in cap) throw new Error(cap.reason);
    const e = createRuleEngine({ rules: [cap.rule] });
    expect(e.findings([cam])[0]!.finding.count).toBe(1);
    expect(e.findings([cam])[0]!.finding.count).toBe(1);
  });

  it('orders findings by severity, and bounds its memory', () => {
    const high = rule('HS-T-0002', 't', { severity: 'high', match: { matcher: 'remote-port', params: { ports: [{ proto: 'tcp', port: 853, label: 'DoT' }] } } });
    const e = createRuleEngine({ rules: [rule('HS-T-0001', 't', {}), high], maxGroups: 3 });
    e.observe(q('x.ddns.net', 0));
    e.observe(flow({ remotePort: 853 }));
    for (let i = 0; i < 5; i++) e.observe(q('x.ddns.net', i, { mac: `aa:aa:aa:00:00:0${i}` }));
    expect(e.findings([cam]).map((f) => f.finding.rule)[0]).toBe('HS-T-0002');
    expect(e.dropped).toBe(4);
    expect(e.hits).toBe(7);
  });

  it('adds a matcher\'s enrichment once the device is known: a sustained upload names where the upload went', () => {
    const r = rule('HS-T-0003', 't', { title: { en: 'T' }, summary: { en: '{device} sent {rate}' }, match: { matcher: 'sustained-upload', params: { minBitsPerSecond: 500_000, minSeconds: 60 } } });
    const e = createRuleEngine({ rules: [r] });
    const peers = [{ ip: '198.51.100.9', name: 'live.example.com', bytesUp: 9_000_000, bytesDown: 1000, packets: 900, ports: [443], firstSeen: AT, lastSeen: AT }];
    const series = new Map([[MAC, seriesOf([[0, 90, 1_000_000]])]]);
    const [withPeers] = e.findings([{ ...cam, traffic: { bytesUp: 9_000_000, bytesDown: 1000, peers } }], { uploadSeries: series });
    expect(withPeers!.finding.evidence.map((x) => x.kind)).toEqual(['upload-rate', 'upload-peer']);
    expect(withPeers!.finding.evidence[1]!.detail).toContain('live.example.com (198.51.100.9), 9.0 MB');
    const [noPeers] = e.findings([cam], { uploadSeries: series });
    expect(noPeers!.finding.evidence.map((x) => x.kind)).toEqual(['upload-rate']);
  });

  it('passes previousDeviceIds to the new-device rules, which are silent without them', () => {
    const r = rule('HS-T-0004', 't', { title: { en: 'New' }, summary: { en: '{device} is new since {firstSeen}' }, match: { matcher: 'new-device', params: {} } });
    const e = createRuleEngine({ rules: [r] });
    expect(e.findings([cam])).toEqual([]);
    expect(e.findings([cam], { previousDeviceIds: new Set([cam.id]) })).toEqual([]);
    const [f] = e.findings([cam], { previousDeviceIds: new Set(['mac-000000000001']) });
    expect(f!.finding).toMatchObject({ rule: 'HS-T-0004', device: cam.id, firstSeen: cam.firstSeen });
  });
});
