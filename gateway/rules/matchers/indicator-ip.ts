/** `indicator-ip`: a device exchanged traffic with an address (or range) on a stalkerware indicator list. */
import { z } from 'zod';
import { lazySchema } from '../../util/lazy-schema.ts';
import type { FlowData } from '../../capture/engine.ts';
import type { IndicatorCategory } from '../indicators/types.ts';
import { appsText } from './indicator-host.ts';
import { defineMatcher, refOf } from './types.ts';
import { lazyPhraseEvidence } from '../lazy-evidence.ts';

export const IndicatorIpParams = lazySchema(() =>
  z
    .object({
      categories: z.array(z.enum(['c2', 'marketing', 'other'])).min(1).meta({ description: 'Indicator categories this rule reports.' }),
    })
    .strict(),
);
export type IndicatorIpParams = z.infer<typeof IndicatorIpParams>;

export const indicatorIp = defineMatcher<IndicatorIpParams>({
  name: 'indicator-ip',
  description: "A flow's remote address on the loaded stalkerware indicator lists.",
  params: IndicatorIpParams,
  sources: ['flow'],
  placeholders: ['ip', 'indicator', 'app', 'port'],
  compile(params, deps) {
    const categories = new Set<IndicatorCategory>(params.categories);
    const indicators = deps.indicators;
    if (!indicators) return {};
    return {
      observe(obs) {
        const f = obs.data as FlowData;
        if (typeof f.remoteIp !== 'string' || f.remoteIsLocal) return undefined;
        const hit = indicators.matchIp(f.remoteIp);
        if (!hit || !categories.has(hit.category)) return undefined;
        return [{
          ref: refOf(obs),
          key: hit.indicator,
          at: f.firstSeen ?? obs.at,
          vars: { ip: f.remoteIp, indicator: hit.indicator, app: appsText(hit.apps, hit.sources), port: String(f.remotePort) },
          evidence: lazyPhraseEvidence('flow', f.outbound ? 'indicator-flow-out' : 'indicator-flow-in', {
            proto: f.proto,
            ip: f.remoteIp,
            port: String(f.remotePort),
            name: f.name ? ` (${f.name})` : '',
            up: String(f.bytesUp),
            down: String(f.bytesDown),
          }),
        }];
      },
    };
  },
});
