import { describe, expect, it } from 'vitest';
import { ipv4ToString } from '../../../../gateway/capture/decode.ts';
import { canonicalIpv4, NameCache } from '../../../../gateway/capture/name-cache.ts';
import { TwoGenerationMap } from '../../../../gateway/util/two-generation-map.ts';

describe('canonicalIpv4', () => {
  it('reads canonical dotted quads and refuses every other text', () => {
    expect(canonicalIpv4('0.0.0.0')).toBe(0);
    expect(canonicalIpv4('192.168.1.20')).toBe(0xc0a80114);
    expect(canonicalIpv4('255.255.255.255')).toBe(0xffffffff);
    for (const bad of ['', '1.2.3', '1.2.3.4.5', '01.2.3.4', '1.2.3.256', '1..3.4', '1.2.3.4.', '::1', '2001:db8::1', '1.2.3.a', ' 1.2.3.4', '1234.1.1.1']) {
      expect(canonicalIpv4(bad), bad).toBe(-1);
    }
  });
});

describe('NameCache', () => {
  it('finds IPv4 pairs by number and other pairs by text, never across', () => {
    const c = new NameCache(100);
    const client = canonicalIpv4('192.168.1.20');
    c.set(client, '93.184.216.34', 'example.com');
    c.set(client, '2606:2800:220:1::1', 'example.com');
    c.set('fe80::1', '2001:db8::5', 'v6.example');
    expect(c.get4(client, canonicalIpv4('93.184.216.34'))).toBe('example.com');
    expect(c.get4(canonicalIpv4('93.184.216.34'), client)).toBeUndefined();
    expect(c.getText('192.168.1.20', '2606:2800:220:1::1')).toBe('example.com');
    expect(c.getText('fe80::1', '2001:db8::5')).toBe('v6.example');
    expect(c.getText('192.168.1.20', '93.184.216.34')).toBeUndefined();
  });

  it('keeps and forgets exactly what a two-generation map keyed by "client>address" does', () => {
    const model = new TwoGenerationMap<string, string>(50);
    const cache = new NameCache(50);
    let seed = 7;
    const rand = (n: number) => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) % n);
    const v6 = ['2001:db8::1', '2001:db8::2', 'fe80::9'];
    for (let i = 0; i < 3000; i++) {
      const client = rand(4) === 0 ? v6[rand(3)]! : `10.0.0.${rand(20)}`;
      const address = rand(5) === 0 ? v6[rand(3)]! : `198.51.100.${rand(40)}`;
      const name = `n${i}.example`;
      model.set(`${client}>${address}`, name);
      const c4 = canonicalIpv4(client);
      cache.set(c4 >= 0 ? c4 : client, address, name);
      // Ask about a random pair after every change.
      const qc = `10.0.0.${rand(20)}`;
      const qa = `198.51.100.${rand(40)}`;
      expect(cache.get4(canonicalIpv4(qc), canonicalIpv4(qa)), `${qc}>${qa}`).toBe(model.get(`${qc}>${qa}`));
      const tc = v6[rand(3)]!;
      const ta = v6[rand(3)]!;
      expect(cache.getText(tc, ta)).toBe(model.get(`${tc}>${ta}`));
    }
    expect(ipv4ToString(canonicalIpv4('10.0.0.1'))).toBe('10.0.0.1');
  });
});
