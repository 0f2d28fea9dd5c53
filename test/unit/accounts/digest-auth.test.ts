import { describe, expect, it } from 'vitest';
import { digestAuthorization, digestHa1, digestResponse, parseDigestChallenge } from '../../../gateway/accounts/digest-auth.ts';

describe('digest auth', () => {
  // RFC 2617 §3.5 worked example.
  it('computes the RFC 2617 example response', () => {
    const c = parseDigestChallenge('Digest realm="testrealm@host.com", qop="auth,auth-int", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", opaque="5ccc069c403ebaf9f0171e9517f40e41"');
    expect(c).not.toBeNull();
    const ha1 = digestHa1('Mufasa', c!.realm, 'Circle Of Life');
    expect(digestResponse(ha1, 'GET', '/dir/index.html', c!, '00000001', '0a4f113b')).toBe('6629fae49393a05397450978507c4ef1');
  });

  it.each([
    ['Basic realm="x"', null],
    ['Digest realm="a"', null],
    ['Digest nonce="n"', null],
    ['Digest realm="F!Box SOAP-Auth", nonce="AB12", algorithm=SHA-256, qop="auth"', null],
    ['Digest realm="F!Box SOAP-Auth", nonce="AB12", algorithm=MD5, qop="auth"', { realm: 'F!Box SOAP-Auth', nonce: 'AB12', qop: 'auth', algorithm: 'MD5' }],
    ['Digest realm="r", nonce="n", stale=TRUE', { realm: 'r', nonce: 'n', stale: true }],
    [undefined, null],
  ])('parses %j', (h, expected) => expect(parseDigestChallenge(h)).toEqual(expected));

  it('counts requests in nc and never puts the password in the header', () => {
    const c = parseDigestChallenge('Digest realm="r", nonce="n1", qop="auth"')!;
    const h = digestAuthorization('maria', digestHa1('maria', 'r', 'secret-pw'), 'POST', '/upnp/control/x_remote', c, 3, 'cafe');
    expect(h).toContain('nc=00000003');
    expect(h).toContain('cnonce="cafe"');
    expect(h).not.toContain('secret-pw');
  });
});
