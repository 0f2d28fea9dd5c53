/**
 * Rules of one matcher evaluated together (`compileGroup`) give each rule exactly the hits its own `observe`
 * gives, in the same order; and the engine, which uses the groups, gives the findings of the rules run alone.
 */
import { describe, expect, it } from 'vitest';
import type { Observation } from '../../../../gateway/contract.ts';
import { createRuleEngine } from '../../../../gateway/rules/engine.ts';
import { createIndicatorMatcher } from '../../../../gateway/rules/indicators/matcher.ts';
import { domainSuffix, DomainSuffixParams } from '../../../../gateway/rules/matchers/domain-suffix.ts';
import { indicatorHost, IndicatorHostParams } from '../../../../gateway/rules/matchers/indicator-host.ts';
import { remotePort, RemotePortParams } from '../../../../gateway/rules/matchers/remote-port.ts';
import type { Hit, Matcher, MatcherDeps } from '../../../../gateway/rules/matchers/types.ts';
import { checkRule, type LoadedRule } from '../../../../pcap-rules/load.ts';
import { device, dns, flow, http, tls } from './matchers/obs.ts';

/** A hit as plain data (evidence built lazily is read out). */
const plain = (h: Hit) => ({ ...h, evidence: { kind: h.evidence.kind, detail: h.evidence.detail, texts: h.evidence.texts } });

/** Per rule, the hits of its own `observe` and the hits the group gave it. */
function both<P>(m: Matcher<P>, params: P[], obs: Observation[], deps: MatcherDeps = {}): { alone: unknown[][]; grouped: unknown[][] } {
  const alone = params.map((p) => {
    const c = m.compile(p, deps);
    return obs.flatMap((o) => (c.observe!(o) ?? []).map(plain));
  });
  const group = m.compileGroup!(params, deps);
  const grouped: unknown[][] = params.map(() => []);
  for (const o of obs) if (group.sources.includes(o.source)) group.observe(o, (k, h) => grouped[k]!.push(plain(h)));
  return { alone, grouped };
}

describe('matcher groups', () => {
  it('domain-suffix: each rule keeps its own longest suffix and its own sources', () => {
    const params = [
      DomainSuffixParams.parse({ suffixes: ['ddns.net', 'no-ip.org'] }),
      DomainSuffixParams.parse({ suffixes: ['cam.ddns.net', 'tunnel.example'], sources: ['tls'] }),
      DomainSuffixParams.parse({ suffixes: ['ddns.net', 'x.cam.ddns.net'], sources: ['dns', 'http'] }),
    ];
    const obs = [
      dns('a.x.cam.ddns.net'), dns('a.x.cam.ddns.net'), tls('X.Cam.DDNS.net.'), http('home.no-ip.org:8080'), dns('tunnel.example'),
      tls('a.tunnel.example'), dns('ddns.net.evil.com'), dns('www.example.org'), dns('cam.ddns.net', '192.168.1.1', { rcode: 'NXDOMAIN' }),
    ];
    const { alone, grouped } = both(domainSuffix, params, obs);
    expect(alone.map((hits) => hits.length)).toEqual([4, 2, 2]);
    expect(grouped).toEqual(alone);
  });

  it('remote-port: rules sharing a port each report it, with their own label (the last one when listed twice)', () => {
    const params = [
      RemotePortParams.parse({ ports: [{ proto: 'udp', port: 32100, label: 'P2P' }, { proto: 'tcp', port: 853, label: 'DoT' }] }),
      RemotePortParams.parse({ ports: [{ proto: 'udp', port: 32100, label: { en: 'cloud', es: 'nube' } }, { proto: 'udp', port: 32100, label: 'again' }] }),
      RemotePortParams.parse({ ports: [{ proto: 'tcp', port: 32100, label: 'TCP only' }] }),
    ];
    const obs = [
      flow({ proto: 'udp', remotePort: 32100 }), flow({ proto: 'tcp', remotePort: 853, name: 'dns.example' }), flow({ proto: 'tcp', remotePort: 32100 }),
      flow({ proto: 'udp', remotePort: 32100, outbound: false }), flow({ proto: 'udp', remotePort: 32100, remoteIsLocal: true }), flow({ proto: 'icmp', remotePort: 0 }),
    ];
    const { alone, grouped } = both(remotePort, params, obs);
    expect(alone.map((hits) => hits.length)).toEqual([2, 1, 1]);
    expect((grouped[1]![0] as Hit).vars.label).toBe('again');
    expect(grouped).toEqual(alone);
  });

  it('indicator-host: one look-up, reported to each rule whose categories and sources it fits', () => {
    const indicators = createIndicatorMatcher([
      { value: 'c2.example-spy.net', kind: 'domain', category: 'c2', app: 'ExampleSpy', source: 'ioc.yaml' },
      { value: 'example-spy.com', kind: 'domain', category: 'marketing', app: 'ExampleSpy', source: 'ioc.yaml' },
    ]);
    const params = [
      IndicatorHostParams.parse({ categories: ['c2'] }),
      IndicatorHostParams.parse({ categories: ['marketing', 'other'] }),
      IndicatorHostParams.parse({ categories: ['c2', 'marketing'], sources: ['tls'] }),
    ];
    const obs = [dns('x.c2.example-spy.net'), tls('www.example-spy.com'), http('c2.example-spy.net:80'), tls('c2.example-spy.net'), dns('example.org')];
    const { alone, grouped } = both(indicatorHost, params, obs, { indicators });
    expect(alone.map((hits) => hits.length)).toEqual([3, 1, 2]);
    expect(grouped).toEqual(alone);
  });

  it('the engine gives grouped rules the findings each gives alone', () => {
    const rule = (id: string, suffixes: string[]): LoadedRule => {
      const r = checkRule({
        id, title: { en: 'T {host}' }, summary: { en: '{device} looked up {host}' }, advice: { en: 'A' }, noticeRisk: { en: 'N' },
        severity: 'medium', status: 'stable', match: { matcher: 'domain-suffix', params: { suffixes } },
      }, `t/${id}.yaml`);
      if ('reason' in r) throw new Error(r.reason);
      return r.rule;
    };
    const rules = [rule('HS-T-0001', ['ddns.net']), rule('HS-T-0002', ['cam.ddns.net', 'no-ip.org']), rule('HS-T-0003', ['example.com'])];
    const obs = [dns('a.cam.ddns.net'), dns('b.ddns.net'), dns('x.no-ip.org'), dns('a.cam.ddns.net'), dns('www.example.org')];
    const findings = (rs: LoadedRule[]) => {
      const e = createRuleEngine({ rules: rs, profileName: () => undefined });
      for (const o of obs) e.observe(o);
      return e.findings([device({})]).map((f) => f.finding);
    };
    const together = findings(rules);
    expect(together.map((f) => `${f.rule} ${f.count}`).sort()).toEqual(['HS-T-0001 3', 'HS-T-0002 1', 'HS-T-0002 2']);
    expect(together).toEqual(rules.flatMap((r) => findings([r])).sort((a, b) => a.firstSeen.localeCompare(b.firstSeen) || a.id.localeCompare(b.id)));
  });
});
