/**
 * `no-dhcp`: a device that was on the network for a long time without ever asking for its address by DHCP, in a
 * capture long enough that most other devices did. A fixed address keeps a device out of the router's client list
 * (DESIGN.md, "Hiding"). Real leases are often hours long, so the thresholds (all in the rule) keep this quiet
 * on short captures and in homes where few devices were seen renewing.
 */
import { z } from 'zod';
import { lazySchema } from '../../util/lazy-schema.ts';
import type { DhcpData } from '../../contract.ts';
import { defineMatcher, type Hit } from './types.ts';

export const NoDhcpParams = lazySchema(() =>
  z
    .object({
      minCaptureSeconds: z.number().int().min(1).meta({ description: 'The capture (first to last device activity) must last this long.' }),
      minDeviceSeconds: z.number().int().min(1).meta({ description: 'The device must be active over this long a span.' }),
      minDevicesWithDhcp: z.number().int().min(1).default(3).meta({ description: 'At least this many other devices must have been seen in DHCP.' }),
      minShareWithDhcp: z.number().min(0).max(1).default(0.5).meta({ description: 'And at least this share of the devices.' }),
    })
    .strict(),
);
export type NoDhcpParams = z.infer<typeof NoDhcpParams>;

/** MACs remembered at most (a home has far fewer devices). */
const MAX_MACS = 10_000;

export const noDhcp = defineMatcher<NoDhcpParams>({
  name: 'no-dhcp',
  description: 'A device active for minDeviceSeconds that never sent DHCP while most others did, in a capture of minCaptureSeconds.',
  params: NoDhcpParams,
  sources: ['dhcp'],
  placeholders: ['minutes'],
  compile(params) {
    const withDhcp = new Set<string>();
    return {
      observe(obs) {
        const d = obs.data as DhcpData;
        if (obs.mac && d && withDhcp.size < MAX_MACS) withDhcp.add(obs.mac);
        return undefined;
      },
      finish(ctx) {
        const local = ctx.devices.filter((d) => d.mac && !d.isGateway);
        if (!local.length) return [];
        let from = Infinity;
        let to = -Infinity;
        for (const d of local) {
          from = Math.min(from, Date.parse(d.firstSeen));
          to = Math.max(to, Date.parse(d.lastSeen));
        }
        if (!(to - from >= params.minCaptureSeconds * 1000)) return [];
        const seen = local.filter((d) => withDhcp.has(d.mac!)).length;
        if (seen < params.minDevicesWithDhcp || seen / local.length < params.minShareWithDhcp) return [];
        const hits: Hit[] = [];
        for (const d of local) {
          if (withDhcp.has(d.mac!)) continue;
          const span = Date.parse(d.lastSeen) - Date.parse(d.firstSeen);
          if (!(span >= params.minDeviceSeconds * 1000)) continue;
          const minutes = String(Math.round(span / 60_000));
          hits.push({
            ref: { mac: d.mac },
            key: 'no-dhcp',
            at: d.firstSeen,
            vars: { minutes },
            evidence: { kind: 'inventory', detail: `active from ${d.firstSeen} to ${d.lastSeen} at ${d.ips.join(', ') || 'an unknown address'} without a DHCP request; ${seen} of ${local.length} devices sent one` },
          });
        }
        return hits;
      },
    };
  },
});
