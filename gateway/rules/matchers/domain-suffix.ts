/**
 * `domain-suffix`: a device looked up or connected to a host under one of the rule's domain suffixes (dynamic
 * DNS, tunnels, remote-desktop relays, P2P camera clouds …). A host matches a suffix when it equals it or ends
 * with "." + suffix. Hits group per suffix (one finding for every name under av380.net), the first name in {host}.
 */
import { z } from 'zod';
import type { Observation } from '../../contract.ts';
import { lazySchema } from '../../util/lazy-schema.ts';
import { normaliseHost } from '../indicators/normalise.ts';
import { createSuffixSet, createSuffixSets, hostOf, type HostSource, type SeenHost } from './host-text.ts';
import { defineMatcher, refOf, type Hit } from './types.ts';

const Suffix = lazySchema(() =>
  z.string().refine((s) => normaliseHost(s) === s && s.includes('.'), {
    message: 'must be a lower-case domain name with at least two labels, without a trailing dot',
  }),
);

export const DomainSuffixParams = lazySchema(() =>
  z
    .object({
      suffixes: z.array(Suffix).min(1).meta({ description: 'Domain suffixes; a host matches when it equals one or ends with "." + one.' }),
      sources: z.array(z.enum(['dns', 'tls', 'http'])).min(1).default(['dns', 'tls', 'http']).meta({ description: 'Where the host name may be seen.' }),
    })
    .strict(),
);
export type DomainSuffixParams = z.infer<typeof DomainSuffixParams>;

export const domainSuffix = defineMatcher<DomainSuffixParams>({
  name: 'domain-suffix',
  description: 'A DNS question, TLS SNI or HTTP Host under one of the listed domain suffixes.',
  params: DomainSuffixParams,
  sources: ['dns', 'tls', 'http'],
  placeholders: ['host', 'suffix'],
  compile(params) {
    const set = createSuffixSet(params.suffixes);
    const sources = new Set<HostSource>(params.sources);
    return {
      observe(obs) {
        const seen = hostOf(obs);
        if (!seen || !sources.has(seen.source)) return undefined;
        const suffix = set.match(seen.host);
        if (!suffix) return undefined;
        return [suffixHit(obs, seen, suffix)];
      },
    };
  },
  compileGroup(list) {
    const sets = createSuffixSets(list.map((p) => p.suffixes));
    const sources = list.map((p) => new Set<HostSource>(p.sources));
    return {
      sources: [...new Set(list.flatMap((p) => p.sources))],
      observe(obs, hit) {
        const seen = hostOf(obs);
        if (!seen) return;
        for (const [k, suffix] of sets.match(seen.host)) if (sources[k]!.has(seen.source)) hit(k, suffixHit(obs, seen, suffix));
      },
    };
  },
});

function suffixHit(obs: Observation, seen: SeenHost, suffix: string): Hit {
  return { ref: refOf(obs), key: suffix, at: obs.at, vars: { host: seen.host, suffix }, evidence: seen.evidence };
}
