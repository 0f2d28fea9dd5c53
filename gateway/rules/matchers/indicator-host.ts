/**
 * `indicator-host`: a host name a device looked up (DNS question, answered or not), named in a TLS ClientHello
 * (SNI) or in an HTTP Host header is on a stalkerware indicator list, in one of the rule's categories.
 */
import { z } from 'zod';
import { lazySchema } from '../../util/lazy-schema.ts';
import type { IndicatorCategory } from '../indicators/types.ts';
import type { Observation } from '../../contract.ts';
import type { IndicatorHit } from '../indicators/matcher.ts';
import { hostOf, type HostSource, type SeenHost } from './host-text.ts';
import { defineMatcher, refOf, type Hit } from './types.ts';
import { phraseEvidence } from '../phrases.ts';

export const IndicatorHostParams = lazySchema(() =>
  z
    .object({
      categories: z.array(z.enum(['c2', 'marketing', 'other'])).min(1).meta({ description: 'Indicator categories this rule reports.' }),
      sources: z.array(z.enum(['dns', 'tls', 'http'])).min(1).default(['dns', 'tls', 'http']).meta({ description: 'Where the host name may be seen.' }),
    })
    .strict(),
);
export type IndicatorHostParams = z.infer<typeof IndicatorHostParams>;

/** Names the apps of a hit, or says which lists name the server when no app is given. */
export function appsText(apps: readonly string[], sources: readonly string[]): string {
  return apps.length ? apps.join(' / ') : `(unnamed; listed in ${sources.join(', ')})`;
}

export const indicatorHost = defineMatcher<IndicatorHostParams>({
  name: 'indicator-host',
  description: 'A DNS question, TLS SNI or HTTP Host on the loaded stalkerware indicator lists.',
  params: IndicatorHostParams,
  sources: ['dns', 'tls', 'http'],
  placeholders: ['host', 'indicator', 'app'],
  compile(params, deps) {
    const categories = new Set<IndicatorCategory>(params.categories);
    const sources = new Set<HostSource>(params.sources);
    const indicators = deps.indicators;
    if (!indicators) return {};
    return {
      observe(obs) {
        const seen = hostOf(obs);
        if (!seen || !sources.has(seen.source)) return undefined;
        const hit = indicators.matchHost(seen.host);
        if (!hit || !categories.has(hit.category)) return undefined;
        return [indicatorHit(obs, seen, hit)];
      },
    };
  },
  compileGroup(list, deps) {
    const indicators = deps.indicators;
    const rules = list.map((p) => ({ categories: new Set<IndicatorCategory>(p.categories), sources: new Set<HostSource>(p.sources) }));
    return {
      sources: indicators ? [...new Set(list.flatMap((p) => p.sources))] : [],
      observe(obs, report) {
        const seen = indicators && hostOf(obs);
        if (!seen) return;
        const hit = indicators.matchHost(seen.host);
        if (!hit) return;
        rules.forEach((r, k) => {
          if (r.sources.has(seen.source) && r.categories.has(hit.category)) report(k, indicatorHit(obs, seen, hit));
        });
      },
    };
  },
});

function indicatorHit(obs: Observation, seen: SeenHost, hit: IndicatorHit): Hit {
  return {
    ref: refOf(obs),
    key: hit.indicator,
    at: obs.at,
    vars: { host: seen.host, indicator: hit.indicator, app: appsText(hit.apps, hit.sources) },
    evidence: phraseEvidence(seen.source, 'indicator-listed', { seen: seen.texts, app: appsText(hit.apps, hit.sources), category: hit.category }),
  };
}
