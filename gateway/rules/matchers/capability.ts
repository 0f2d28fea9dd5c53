/**
 * `capability`: what an identified device can do (watch, listen, track …), as information. Decided at the end of
 * the pass, from identification.
 */
import { z } from 'zod';
import { CAPABILITIES } from '../../contract.ts';
import { defineMatcher, type Hit } from './types.ts';

export const CapabilityParams = z
  .object({
    capabilities: z.array(z.enum(CAPABILITIES)).min(1).meta({ description: 'Capabilities this rule reports (a device with any of them).' }),
  })
  .strict();
export type CapabilityParams = z.infer<typeof CapabilityParams>;

export const capability = defineMatcher<CapabilityParams>({
  name: 'capability',
  description: 'An identified device that has one of the listed capabilities.',
  params: CapabilityParams,
  sources: [],
  placeholders: ['capabilities', 'profile'],
  compile(params) {
    const wanted = params.capabilities;
    return {
      finish(ctx) {
        const hits: Hit[] = [];
        for (const d of ctx.devices) {
          if (d.isGateway) continue;
          const has = wanted.filter((c) => d.capabilities.includes(c));
          if (has.length === 0) continue;
          const profile = d.profile?.name ?? d.category;
          hits.push({
            ref: { mac: d.mac, ip: d.mac ? undefined : d.ips[0] },
            key: has.join(','),
            at: d.firstSeen,
            vars: { capabilities: has.join(', '), profile },
            evidence: { kind: 'identification', detail: `identified as ${profile}${d.profile ? ` (${Math.round(d.profile.confidence * 100)}% sure)` : ''}` },
          });
        }
        return hits;
      },
    };
  },
});
