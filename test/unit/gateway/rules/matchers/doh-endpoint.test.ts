import { describe, expect, it } from 'vitest';
import { dohEndpoint, DohEndpointParams } from '../../../../../gateway/rules/matchers/doh-endpoint.ts';
import { dns, tls } from './obs.ts';

const m = dohEndpoint.compile(DohEndpointParams.parse({ hosts: ['dns.google', 'cloudflare-dns.com'] }), {});

describe('doh-endpoint', () => {
  it.each([
    ['SNI dns.google', tls('dns.google'), 'dns.google'],
    ['SNI in upper case', tls('CLOUDFLARE-DNS.COM'), 'cloudflare-dns.com'],
    ['a subdomain (exact hosts only)', tls('mozilla.cloudflare-dns.com'), null],
    ['a look-alike', tls('dns.google.example.com'), null],
  ])('%s', (_what, obs, key) => {
    expect((m.observe!(obs) ?? []).map((h) => h.key)).toEqual(key ? [key] : []);
  });

  it('reads only TLS', () => {
    expect(dohEndpoint.sources).toEqual(['tls']);
    expect(m.observe!(dns('dns.google'))).toBeUndefined();
  });
});
