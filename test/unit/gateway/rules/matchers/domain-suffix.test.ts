import { describe, expect, it } from 'vitest';
import { domainSuffix, DomainSuffixParams } from '../../../../../gateway/rules/matchers/domain-suffix.ts';
import { dns, http, tls } from './obs.ts';

const m = domainSuffix.compile(DomainSuffixParams.parse({ suffixes: ['ddns.net', 'trycloudflare.com', 'net.anydesk.com'] }), {});

describe('domain-suffix', () => {
  it.each([
    ['a name under a suffix', dns('mycam.ddns.net'), 'ddns.net'],
    ['the suffix itself', dns('ddns.net'), 'ddns.net'],
    ['deep names', tls('a.b.quiet-river.trycloudflare.com'), 'trycloudflare.com'],
    ['an HTTP Host with a port', http('relay-1.net.anydesk.com:80'), 'net.anydesk.com'],
    ['a name that only ends with the same letters', dns('notddns.net'), null],
    ['a name that contains the suffix', dns('ddns.net.example.com'), null],
    ['the parent of a suffix', dns('anydesk.com'), null],
  ])('%s', (_what, obs, key) => {
    expect((m.observe!(obs) ?? []).map((h) => h.key)).toEqual(key ? [key] : []);
  });

  it.each([[['DDNS.net']], [['ddns.net.']], [['localhost']], [[]]])('refuses suffixes %j', (suffixes) => {
    expect(DomainSuffixParams.safeParse({ suffixes }).success).toBe(false);
  });
});
