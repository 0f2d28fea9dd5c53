import { describe, expect, it } from 'vitest';
import { createSuffixSet, hostOf } from '../../../../../gateway/rules/matchers/host-text.ts';
import { dns, http, tls } from './obs.ts';

describe('hostOf', () => {
  it.each([
    ['a DNS question', dns('Cam.DDNS.net.'), 'cam.ddns.net', 'dns', 'asked 192.168.1.1 for cam.ddns.net (A)'],
    ['a TLS name', tls('api.example.com'), 'api.example.com', 'tls', 'opened an encrypted connection to api.example.com (198.51.100.1:443)'],
    ['an HTTP Host with a port', http('fw.example.net:8080'), 'fw.example.net', 'http', 'sent a web request (GET) to fw.example.net (198.51.100.1:80)'],
  ])('reads %s', (_what, obs, host, source, detail) => {
    const seen = hostOf(obs)!;
    expect({ host: seen.host, source: seen.source, detail: seen.detail }).toEqual({ host, source, detail });
  });

  it('gives nothing for a DNS answer or another source', () => {
    expect(hostOf(dns('a.example.com', '192.168.1.1', { rcode: 'NOERROR' }))).toBeUndefined();
    expect(hostOf({ source: 'arp', at: '2025-01-15T21:00:00.000Z', data: {} })).toBeUndefined();
  });

  it('answers the same observation once for every rule, and each new observation on its own', () => {
    const a = dns('a.example.com');
    const first = hostOf(a);
    expect(hostOf(a)).toBe(first);
    expect(hostOf(dns('b.example.com'))!.host).toBe('b.example.com');
    expect(hostOf(dns('a.example.com'))!.host).toBe('a.example.com');
  });
});

describe('createSuffixSet', () => {
  const set = createSuffixSet(['ddns.net', 'cam.example.org']);
  it.each([
    ['ddns.net', 'ddns.net'],
    ['x.cam.ddns.net', 'ddns.net'],
    ['a.cam.example.org', 'cam.example.org'],
    ['notddns.net', undefined],
    ['example.org', undefined],
  ])('%s → %s', (host, expected) => expect(set.match(host)).toBe(expected));
});
