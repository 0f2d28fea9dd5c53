/**
 * `capability`: what an identified device can do (watch, listen, track …), as information. Decided at the end of
 * the pass, from identification.
 */
import { z } from 'zod';
import { lazySchema } from '../../util/lazy-schema.ts';
import { CAPABILITIES } from '../../contract.ts';
import { defineMatcher, type Hit } from './types.ts';
import { capabilityWord, categoryWord, joinWords, phraseEvidence } from '../phrases.ts';
import type { LangText } from '../render.ts';
import { builtInProfileNames } from '../../../device-profiles/load.ts';

export const CapabilityParams = lazySchema(() =>
  z
    .object({
      capabilities: z.array(z.enum(CAPABILITIES)).min(1).meta({ description: 'Capabilities this rule reports (a device with any of them).' }),
    })
    .strict(),
);
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
          const what = d.profile ? (builtInProfileNames().get(d.profile.id) ?? { en: profile }) : categoryWord(d.category);
          hits.push({
            ref: { mac: d.mac, ip: d.mac ? undefined : d.ips[0] },
            key: has.join(','),
            at: d.firstSeen,
            vars: { capabilities: has.join(', '), profile },
            langVars: { capabilities: joinWords(has.map(capabilityWord)), profile: what as LangText },
            evidence: d.profile
              ? phraseEvidence('identification', 'identified-sure', { profile: what as LangText, percent: String(Math.round(d.profile.confidence * 100)) })
              : phraseEvidence('identification', 'identified', { profile: what as LangText }),
          });
        }
        return hits;
      },
    };
  },
});
