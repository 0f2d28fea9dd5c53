import { describe, expect, it } from 'vitest';
import { createIndicatorMatcher } from '../../../../../gateway/rules/indicators/matcher.ts';
import type { IndicatorEntry } from '../../../../../gateway/rules/indicators/types.ts';

const E = (value: string, kind: IndicatorEntry['kind'], category: IndicatorEntry['category'], app?: string, source = 'ioc.yaml', guessed = false): IndicatorEntry => ({
  value,
  kind,
  category,
  source,
  ...(app ? { app } : {}),
  ...(guessed ? { categoryGuessed: true as const } : {}),
});

const matcher = createIndicatorMatcher([
  E('spy.example', 'domain', 'marketing', 'PeekaBoo'),
  E('api.spy.example', 'domain', 'c2', 'PeekaBoo'),
  E('deep.api.spy.example', 'domain', 'other', 'PeekaBoo'),
  E('xn--bcher-kva.example', 'domain', 'c2', 'Buecher'),
  E('com', 'domain', 'c2', 'Bad'),
  E('github.io', 'domain', 'marketing', 'Bad'),
  E('co.uk', 'domain', 'c2', 'Bad', 'other.json'),
  E('198.51.100.20', 'ip', 'c2', 'PeekaBoo'),
  E('198.51.100.0/24', 'cidr', 'other', 'Range'),
  E('203.0.113.0/24', 'cidr', 'c2', 'Wide'),
  E('203.0.113.128/25', 'cidr', 'marketing', 'Narrow'),
  E('2001:db8::/32', 'cidr', 'other', 'V6'),
  E('2001:db8::20', 'ip', 'c2', 'V6'),
  E('999.1.1.1', 'ip', 'c2', 'Broken'),
]);

describe('createIndicatorMatcher: hosts', () => {
  it.each([
    ['spy.example', 'spy.example', 'marketing'],
    ['www.spy.example', 'spy.example', 'marketing'],
    ['api.spy.example', 'api.spy.example', 'c2'],
    ['x.y.api.spy.example', 'api.spy.example', 'c2'],
    ['API.Spy.Example.', 'api.spy.example', 'c2'],
    // deep.api.spy.example is more specific but "other": the c2 hit on api.spy.example is more serious.
    ['deep.api.spy.example', 'api.spy.example', 'c2'],
    ['bücher.example', 'xn--bcher-kva.example', 'c2'],
    ['shop.BÜCHER.example', 'xn--bcher-kva.example', 'c2'],
  ])('%s → %s (%s)', (host, indicator, category) => {
    expect(matcher.matchHost(host)).toMatchObject({ indicator, category, kind: 'domain' });
  });

  it.each(['example', 'notspy.example', 'spy.example.net', 'pyspy.example', 'example.com', 'someone.github.io', 'bbc.co.uk', '', 'bad host', 'a..spy.example'])(
    '%j does not match',
    (host) => expect(matcher.matchHost(host)).toBeUndefined(),
  );

  it('refuses public suffixes and reports each once per source', () => {
    expect(matcher.problems.filter((p) => p.code === 'public-suffix').map((p) => [p.source, p.value])).toEqual([
      ['ioc.yaml', 'com'],
      ['ioc.yaml', 'github.io'],
      ['other.json', 'co.uk'],
    ]);
    expect(matcher.size).toEqual({ domain: 4, ip: 2, cidr: 4 });
  });
});

describe('createIndicatorMatcher: IPs', () => {
  it.each([
    ['198.51.100.20', '198.51.100.20', 'c2', 'ip'],
    ['198.51.100.21', '198.51.100.0/24', 'other', 'cidr'],
    ['::ffff:198.51.100.20', '198.51.100.20', 'c2', 'ip'],
    ['203.0.113.200', '203.0.113.0/24', 'c2', 'cidr'],
    ['2001:db8::20', '2001:db8::20', 'c2', 'ip'],
    ['2001:DB8:0::21', '2001:db8::/32', 'other', 'cidr'],
  ])('%s → %s', (ip, indicator, category, kind) => {
    expect(matcher.matchIp(ip)).toMatchObject({ indicator, category, kind });
  });

  it.each(['198.51.101.20', '192.0.2.1', '2001:db9::1', 'not-an-ip', '999.1.1.1'])('%s does not match', (ip) => expect(matcher.matchIp(ip)).toBeUndefined());

  it('prefers the longest prefix within one category', () => {
    const m = createIndicatorMatcher([E('10.0.0.0/8', 'cidr', 'c2', 'A'), E('10.1.0.0/16', 'cidr', 'c2', 'B'), E('10.1.2.3', 'ip', 'c2', 'C')]);
    expect(m.matchIp('10.1.2.3')?.apps).toEqual(['C']);
    expect(m.matchIp('10.1.9.9')?.apps).toEqual(['B']);
    expect(m.matchIp('10.9.9.9')?.apps).toEqual(['A']);
  });

  it('reports a value the matcher cannot read', () => {
    expect(matcher.problems).toContainEqual(expect.objectContaining({ code: 'bad-value', value: '999.1.1.1' }));
  });
});

describe('createIndicatorMatcher: merging sources', () => {
  it('one indicator carries every app and source; a stated category beats a guessed one', () => {
    const m = createIndicatorMatcher([
      E('vendor.example', 'domain', 'c2', undefined, 'indicators-for-tinycheck.json', true),
      E('vendor.example', 'domain', 'marketing', 'PeekaBoo', 'ioc.yaml'),
      E('vendor.example', 'domain', 'marketing', 'PeekaBoo Pro', 'ioc.yaml'),
      E('c2.example', 'domain', 'c2', 'A', 'network.csv', true),
      E('c2.example', 'domain', 'other', 'A', 'x.stix2', true),
    ]);
    expect(m.matchHost('www.vendor.example')).toEqual({
      indicator: 'vendor.example',
      kind: 'domain',
      category: 'marketing',
      apps: ['PeekaBoo', 'PeekaBoo Pro'],
      sources: ['indicators-for-tinycheck.json', 'ioc.yaml'],
    });
    // Only guesses: the most serious guess wins.
    expect(m.matchHost('c2.example')?.category).toBe('c2');
    expect(m.size.domain).toBe(2);
  });

  it('a c2 entry wins over marketing for the same value from stated sources', () => {
    const m = createIndicatorMatcher([E('both.example', 'domain', 'marketing', 'A'), E('both.example', 'domain', 'c2', 'A', 'watchware.yaml')]);
    expect(m.matchHost('both.example')?.category).toBe('c2');
  });

  it('returns frozen hits that callers cannot corrupt', () => {
    const hit = matcher.matchHost('api.spy.example')!;
    expect(Object.isFrozen(hit)).toBe(true);
    expect(Object.isFrozen(hit.apps)).toBe(true);
  });
});
