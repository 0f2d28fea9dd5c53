/**
 * `new-device`: a device the previous audit of this network did not know. Decided at the end of the pass against
 * the ids the caller passes as `previousDeviceIds`; with no previous audit the matcher says nothing. The rule's
 * scope decides which devices count (e.g. camera/mic/location-capable ones at a higher severity).
 */
import { z } from 'zod';
import { lazySchema } from '../../util/lazy-schema.ts';
import { defineMatcher, type Hit } from './types.ts';
import { phraseEvidence } from '../phrases.ts';

export const NewDeviceParams = lazySchema(() => z.object({}).strict());
export type NewDeviceParams = z.infer<typeof NewDeviceParams>;

export const newDevice = defineMatcher<NewDeviceParams>({
  name: 'new-device',
  description: 'A device that was not in the previous audit of this network (silent when there is no previous audit).',
  params: NewDeviceParams,
  sources: [],
  placeholders: ['firstSeen'],
  compile() {
    return {
      finish(ctx) {
        const previous = ctx.previousDeviceIds;
        if (!previous) return [];
        const hits: Hit[] = [];
        for (const d of ctx.devices) {
          // The router is the network itself: a different one means a different network, not a newcomer.
          if (d.isGateway || previous.has(d.id)) continue;
          const firstSeen = `${d.firstSeen.slice(0, 16).replace('T', ' ')} UTC`;
          hits.push({
            ref: { mac: d.mac, ip: d.mac ? undefined : d.ips[0] },
            key: 'new',
            at: d.firstSeen,
            vars: { firstSeen },
            evidence: d.ips[0]
              ? phraseEvidence('inventory', 'new-device-at', { firstSeen: d.firstSeen, ip: d.ips[0], count: String(previous.size) })
              : phraseEvidence('inventory', 'new-device', { firstSeen: d.firstSeen, count: String(previous.size) }),
          });
        }
        return hits;
      },
    };
  },
});
