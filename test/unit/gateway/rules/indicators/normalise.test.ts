import { describe, expect, it } from 'vitest';
import { normaliseHost, normaliseIndicator } from '../../../../../gateway/rules/indicators/normalise.ts';

describe('normaliseHost', () => {
  it.each([
    ['Example.COM', 'example.com'],
    ['example.com.', 'example.com'],
    ['  example.com  ', 'example.com'],
    ['bücher.example', 'xn--bcher-kva.example'],
    ['XN--BCHER-KVA.example', 'xn--bcher-kva.example'],
    ['_dmarc.example.com', '_dmarc.example.com'],
  ])('%j → %s', (raw, host) => expect(normaliseHost(raw)).toBe(host));

  it.each(['', '.', 'exa mple.com', 'a..b', `${'a'.repeat(64)}.com`, `${'a.'.repeat(127)}com`, 'host:80'])('refuses %j', (raw) => expect(normaliseHost(raw)).toBeNull());
});

describe('normaliseIndicator', () => {
  it.each([
    ['spy.example', { kind: 'domain', value: 'spy.example' }],
    ['178.63.71.15', { kind: 'ip', value: '178.63.71.15' }],
    ['[2001:db8::1]', { kind: 'ip', value: '2001:db8::1' }],
    ['198.51.100.9/24', { kind: 'cidr', value: '198.51.100.0/24' }],
    ['198.51.100.9/32', { kind: 'ip', value: '198.51.100.9' }],
    ['https://Panel.Spy.example/', { kind: 'domain', value: 'panel.spy.example' }],
    ['http://198.51.100.4', { kind: 'ip', value: '198.51.100.4' }],
  ])('%s', (raw, want) => expect(normaliseIndicator(raw)).toEqual(want));

  it('refuses a URL with a path: its host is shared (a code forge), the page is the indicator', () => {
    const r = normaliseIndicator('https://github.com/someone/spy-app');
    expect(r).toMatchObject({ problem: 'url-with-path' });
    expect((r as { message: string }).message).toContain('github.com');
  });

  it.each(['999.1.1.1', '1.2.3.4/40', 'not a host', 'http://', 'fe80:::1'])('refuses %j as a bad value', (raw) => {
    expect(normaliseIndicator(raw)).toMatchObject({ problem: 'bad-value' });
  });
});
