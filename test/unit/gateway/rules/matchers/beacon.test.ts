import { describe, expect, it } from 'vitest';
import type { Observation } from '../../../../../gateway/contract.ts';
import { beacon, BeaconParams, intervalText } from '../../../../../gateway/rules/matchers/beacon.ts';
import type { FinishContext, Hit } from '../../../../../gateway/rules/matchers/types.ts';
import { createRng } from '../../../../fixtures/synth/rng.ts';
import { dns, flow } from './obs.ts';

const T0 = Date.UTC(2025, 0, 15, 21, 0, 0);
const iso = (s: number) => new Date(T0 + Math.round(s * 1000)).toISOString();
const ctx: FinishContext = { devices: [], gatewayIps: new Set() };

/** Start offsets (s): `n` check-ins every `period` s with ±`jitter` s. */
function periodic(n: number, period: number, jitter = 0, seed = 1): number[] {
  const rng = createRng(seed);
  return Array.from({ length: n }, (_, i) => i * period + (rng.next() * 2 - 1) * jitter);
}
function random(n: number, mean: number, seed = 2): number[] {
  const rng = createRng(seed);
  let t = 0;
  return Array.from({ length: n }, () => (t += 1 + rng.exp(mean)));
}
const conns = (starts: number[], extra: object = {}): Observation[] =>
  starts.map((s, i) => flow({ firstSeen: iso(s), lastSeen: iso(s + 0.2), localPort: 40000 + i, name: 'hub.example.net', ...extra }));
const questions = (starts: number[], query = 'hub.example.net'): Observation[] => starts.map((s) => ({ ...dns(query), at: iso(s) }));

function run(obs: Observation[], params: Partial<BeaconParams> = {}): Hit[] {
  const m = beacon.compile(BeaconParams.parse(params), {});
  for (const o of obs) expect(m.observe!(o)).toBeUndefined();
  return m.finish!(ctx);
}
const keys = (hits: Hit[]) => [...new Set(hits.map((h) => h.key))];

describe('beacon', () => {
  it.each([
    ['20 connections every 30 s ± 1 s', conns(periodic(20, 30, 1)), ['hub.example.net']],
    ['12 connections every 5 minutes, exact', conns(periodic(12, 300)), ['hub.example.net']],
    ['20 connections at random intervals', conns(random(20, 30)), []],
    ['9 regular connections (fewer than minEvents)', conns(periodic(9, 30)), []],
    ['regular inbound connections', conns(periodic(20, 30), { outbound: false }), []],
    ['regular connections to another home device', conns(periodic(20, 30), { remoteIsLocal: true }), []],
    ['regular ICMP', conns(periodic(20, 30), { proto: 'icmp' }), []],
    ['no name: keyed by address', conns(periodic(20, 30), { name: undefined, remoteIp: '203.0.113.9' }), ['203.0.113.9']],
    ['DNS questions every 60 s', questions(periodic(15, 60, 0.5)), ['hub.example.net']],
    ['DNS answers are not check-ins', questions(periodic(15, 60)).map((o) => ({ ...o, data: { ...o.data, rcode: 'NOERROR', answers: ['203.0.113.9'] } })), []],
    ['A and AAAA questions together count once', questions(periodic(15, 60)).flatMap((o) => [o, { ...o, at: iso((Date.parse(o.at) - T0) / 1000 + 0.01), data: { ...o.data, qtype: 'AAAA' } }]), ['hub.example.net']],
    ['DNS questions at random times', questions(random(20, 60)), []],
    ['malformed observations are skipped', [...conns(periodic(20, 30)), flow({ firstSeen: 'never' }), { source: 'dns', at: iso(1), data: {} } as Observation, { source: 'flow', at: iso(1), data: null } as unknown as Observation], ['hub.example.net']],
  ])('%s', (_what, obs, want) => {
    expect(keys(run(obs))).toEqual(want);
  });

  it('fills the placeholders and gives first and last check-in as evidence', () => {
    const hits = run(conns(periodic(20, 30, 1)));
    expect(hits).toHaveLength(2);
    const [first, last] = hits;
    expect(first!.at).toBe(iso(periodic(20, 30, 1)[0]!));
    expect(last!.at).toBe(iso(periodic(20, 30, 1)[19]!));
    expect(last!.vars).toMatchObject({ host: 'hub.example.net', interval: '30 seconds', count: '20' });
    expect(Number(last!.vars.score)).toBeGreaterThanOrEqual(0.8);
    expect(last!.evidence.detail).toMatch(/20 connections to hub\.example\.net .*median interval 30\.\d s/);
    expect(first!.ref).toEqual({ mac: 'aa:bb:cc:00:00:01', ip: '192.168.1.10' });
  });

  it('counts reports of one open flow (same start) once and adds up their bytes', () => {
    // Each connection is reported three times while open (a delta of 100 B each); the sizes stay equal.
    const obs = conns(periodic(12, 30)).flatMap((o) => [o, o, o]);
    const hits = run(obs);
    expect(hits[1]!.vars.count).toBe('12');
    expect(hits[1]!.evidence.detail).toMatch(/median 900 B/);
  });

  it('takes connections reported out of order (flows end at different times)', () => {
    const obs = conns(periodic(20, 30));
    const shuffled = [...obs.slice(10), ...obs.slice(0, 10).reverse()];
    expect(keys(run(shuffled))).toEqual(['hub.example.net']);
  });

  it('the threshold decides', () => {
    const obs = conns(periodic(20, 30, 8));
    const low = run(obs, { threshold: 0.3 });
    expect(keys(low)).toEqual(['hub.example.net']);
    expect(keys(run(obs, { threshold: Number(low[1]!.vars.score) + 0.01 }))).toEqual([]);
  });

  it('keeps at most maxEventsPerPair check-ins per pair (the latest)', () => {
    // 30 random check-ins, then 12 regular ones: with 12 kept only the regular ones are scored.
    const starts = [...random(30, 30), ...periodic(12, 30).map((s) => 5000 + s)];
    expect(keys(run(conns(starts)))).toEqual([]);
    const hits = run(conns(starts), { maxEventsPerPair: 12 });
    expect(hits[1]!.vars.count).toBe('12');
  });

  it('keeps at most maxPairs pairs, dropping the least recently active', () => {
    const a = conns(periodic(12, 30), { name: 'a.example.net' });
    const b = conns(periodic(12, 30), { name: 'b.example.net' });
    const c = conns(periodic(12, 30), { name: 'c.example.net' });
    // a and b interleaved; c last: with room for two pairs, a (least recent) goes.
    const obs = [...a.flatMap((o, i) => [o, b[i]!]), ...c];
    expect(keys(run(obs)).sort()).toEqual(['a.example.net', 'b.example.net', 'c.example.net']);
    expect(keys(run(obs, { maxPairs: 2 })).sort()).toEqual(['b.example.net', 'c.example.net']);
  });

  it('separates devices: 18 check-ins shared by two devices are 9 each', () => {
    const obs = conns(periodic(18, 30));
    expect(keys(run(obs))).toEqual(['hub.example.net']);
    expect(run(obs.map((o, i) => (i % 2 ? { ...o, mac: 'aa:bb:cc:00:00:02' } : o)))).toEqual([]);
  });

  it('irregular sizes lower the score of regular intervals by sizeWeight', () => {
    const obs = conns(periodic(20, 30)).map((o, i) => ({ ...o, data: { ...o.data, bytesUp: (i % 2) * 50_000 + 10 } }));
    expect(run(obs)).toEqual([]);
    expect(run(obs, { threshold: 0.7 })[1]!.vars.score).toBe('0.75');
    expect(keys(run(obs, { sizeWeight: 0 }))).toEqual(['hub.example.net']);
  });

  it.each([
    [1, '1 second'],
    [30.4, '30 seconds'],
    [300, '5 minutes'],
    [60, '60 seconds'],
    [120, '2 minutes'],
    [7200, '2 hours'],
  ])('intervalText(%s) = %s', (s, text) => {
    expect(intervalText(s)).toBe(text);
  });

  it('rejects params out of range', () => {
    expect(BeaconParams.safeParse({ threshold: 1.5 }).success).toBe(false);
    expect(BeaconParams.safeParse({ minEvents: 2 }).success).toBe(false);
    expect(BeaconParams.safeParse({ other: 1 }).success).toBe(false);
  });
});
