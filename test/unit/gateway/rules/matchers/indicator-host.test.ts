import { describe, expect, it } from 'vitest';
import { createIndicatorMatcher } from '../../../../../gateway/rules/indicators/matcher.ts';
import { indicatorHost, IndicatorHostParams } from '../../../../../gateway/rules/matchers/indicator-host.ts';
import type { Observation } from '../../../../../gateway/contract.ts';
import { dns, http, tls } from './obs.ts';

const indicators = createIndicatorMatcher([
  { value: 'c2.example-spy.net', kind: 'domain', category: 'c2', app: 'ExampleSpy', source: 'ioc.yaml' },
  { value: 'example-spy.com', kind: 'domain', category: 'marketing', app: 'ExampleSpy', source: 'ioc.yaml' },
  { value: 'nameless.example-c2.org', kind: 'domain', category: 'c2', source: 'list.json' },
]);
const c2 = indicatorHost.compile(IndicatorHostParams.parse({ categories: ['c2'] }), { indicators });
const dnsOnly = indicatorHost.compile(IndicatorHostParams.parse({ categories: ['c2'], sources: ['dns'] }), { indicators });

describe('indicator-host', () => {
  it.each<[string, Observation, string | null]>([
    ['a DNS question', dns('c2.example-spy.net'), 'c2.example-spy.net'],
    ['a failed DNS question (the query is what counts)', dns('x.c2.example-spy.net'), 'c2.example-spy.net'],
    ['a DNS answer (not counted twice)', dns('c2.example-spy.net', '192.168.1.1', { rcode: 'NXDOMAIN' }), null],
    ['a TLS SNI in upper case with a trailing dot', tls('C2.Example-Spy.NET.'), 'c2.example-spy.net'],
    ['an HTTP Host with a port', http('c2.example-spy.net:8080'), 'c2.example-spy.net'],
    ['a look-alike name', dns('xc2.example-spy.net'), null],
    ['a marketing host under a c2-only rule', dns('www.example-spy.com'), null],
    ['an unlisted host', dns('www.example.org'), null],
  ])('%s', (_what, obs, key) => {
    const hits = c2.observe!(obs) ?? [];
    expect(hits.map((h) => h.key)).toEqual(key ? [key] : []);
    if (key) expect(hits[0]!.vars.app).toBe('ExampleSpy');
  });

  it('names the lists when the source gives no app', () => {
    expect(c2.observe!(dns('nameless.example-c2.org'))![0]!.vars.app).toMatch(/list\.json/);
  });

  it('reads only the configured sources', () => {
    expect(dnsOnly.observe!(tls('c2.example-spy.net'))).toBeUndefined();
    expect(dnsOnly.observe!(dns('c2.example-spy.net'))).toHaveLength(1);
  });

  it('is inert without indicator lists', () => {
    expect(indicatorHost.compile(IndicatorHostParams.parse({ categories: ['c2'] }), {}).observe).toBeUndefined();
  });

  it('refuses bad params', () => {
    expect(IndicatorHostParams.safeParse({ categories: [] }).success).toBe(false);
    expect(IndicatorHostParams.safeParse({ categories: ['evil'] }).success).toBe(false);
    expect(IndicatorHostParams.safeParse({ categories: ['c2'], extra: 1 }).success).toBe(false);
  });
});
