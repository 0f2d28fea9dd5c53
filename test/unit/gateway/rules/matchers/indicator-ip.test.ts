import { describe, expect, it } from 'vitest';
import { createIndicatorMatcher } from '../../../../../gateway/rules/indicators/matcher.ts';
import { indicatorIp, IndicatorIpParams } from '../../../../../gateway/rules/matchers/indicator-ip.ts';
import { flow } from './obs.ts';

const indicators = createIndicatorMatcher([
  { value: '203.0.113.66', kind: 'ip', category: 'c2', app: 'ExampleSpy', source: 'ioc.yaml' },
  { value: '198.51.100.0/24', kind: 'cidr', category: 'other', source: 'list.json' },
]);
const m = indicatorIp.compile(IndicatorIpParams.parse({ categories: ['c2'] }), { indicators });

describe('indicator-ip', () => {
  it.each([
    ['an outbound flow to a listed address', { remoteIp: '203.0.113.66' }, '203.0.113.66'],
    ['an inbound flow from it', { remoteIp: '203.0.113.66', outbound: false }, '203.0.113.66'],
    ['a neighbouring address', { remoteIp: '203.0.113.67' }, null],
    ['an address in a range of another category', { remoteIp: '198.51.100.7' }, null],
    ['a local peer (never an indicator)', { remoteIp: '203.0.113.66', remoteIsLocal: true }, null],
  ])('%s', (_what, f, key) => {
    expect((m.observe!(flow(f)) ?? []).map((h) => h.key)).toEqual(key ? [key] : []);
  });
});
