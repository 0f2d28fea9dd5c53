/**
 * `outside-resolver`: a device sent DNS questions to a resolver that is neither the home's router, nor another
 * local address, nor the resolver the home's devices use (DHCP often hands out the provider's resolvers, so a
 * resolver most devices use is the home's). Hard-coded resolvers let a device bypass the home's DNS settings.
 * Decided at the end of the pass: the router and the home's resolver are only known then.
 */
import { z } from 'zod';
import { lazySchema } from '../../util/lazy-schema.ts';
import type { DnsData } from '../../contract.ts';
import { isLocalAddress } from './local-address.ts';
import { defineMatcher, type DeviceRef, type Hit } from './types.ts';
import { phraseEvidence } from '../phrases.ts';

export const OutsideResolverParams = lazySchema(() =>
  z
    .object({
      homeShare: z.number().gt(0).max(1).default(0.5).meta({ description: 'A resolver used by at least this share of the DNS-asking devices is the home\'s.' }),
      minDevices: z.number().int().min(2).default(3).meta({ description: 'The share rule applies only when at least this many devices asked DNS questions.' }),
      maxTracked: z.number().int().min(1).default(4096).meta({ description: 'Device/resolver pairs kept at most (memory bound).' }),
    })
    .strict(),
);
export type OutsideResolverParams = z.infer<typeof OutsideResolverParams>;

interface Pair {
  ref: DeviceRef;
  resolver: string;
  first: string;
  last: string;
  count: number;
  sample: string;
}

export const outsideResolver = defineMatcher<OutsideResolverParams>({
  name: 'outside-resolver',
  description: "DNS questions sent to a resolver that is not the router, not local and not the home's usual resolver.",
  params: OutsideResolverParams,
  sources: ['dns'],
  placeholders: ['resolver', 'host'],
  compile(params) {
    // Per device, then per resolver (no key string per question); `pairs` keeps the order they were first seen.
    const byDevice = new Map<string, Map<string, Pair>>();
    const pairs: Pair[] = [];
    return {
      observe(obs) {
        const d = obs.data as DnsData;
        if (d.rcode !== undefined || typeof d.resolver !== 'string' || !d.resolver) return undefined;
        const who = obs.mac ?? obs.ip;
        if (!who) return undefined;
        let mine = byDevice.get(who);
        const p = mine?.get(d.resolver);
        if (p) {
          p.count++;
          if (obs.at > p.last) p.last = obs.at;
          if (obs.at < p.first) p.first = obs.at;
        } else if (pairs.length < params.maxTracked) {
          const fresh = { ref: { mac: obs.mac, ip: obs.ip }, resolver: d.resolver, first: obs.at, last: obs.at, count: 1, sample: String(d.query) };
          if (!mine) byDevice.set(who, (mine = new Map()));
          mine.set(d.resolver, fresh);
          pairs.push(fresh);
        }
        return undefined;
      },
      finish(ctx) {
        // Devices per resolver, by the device that owns each reference (MAC first, as the inventory merges).
        const askers = new Map<string, Set<string>>();
        const all = new Set<string>();
        const gatewayRefs = new Set<string>();
        for (const dev of ctx.devices) if (dev.isGateway) for (const ip of dev.ips) gatewayRefs.add(ip);
        for (const dev of ctx.devices) if (dev.isGateway && dev.mac) gatewayRefs.add(dev.mac);
        for (const p of pairs) {
          const who = p.ref.mac ?? p.ref.ip!;
          if (gatewayRefs.has(who)) continue;
          all.add(who);
          let s = askers.get(p.resolver);
          if (!s) askers.set(p.resolver, (s = new Set()));
          s.add(who);
        }
        const home = new Set<string>(ctx.gatewayIps);
        if (all.size >= params.minDevices) {
          for (const [resolver, who] of askers) if (who.size / all.size >= params.homeShare) home.add(resolver);
        }
        const hits: Hit[] = [];
        for (const p of pairs) {
          const who = p.ref.mac ?? p.ref.ip!;
          if (gatewayRefs.has(who) || home.has(p.resolver) || isLocalAddress(p.resolver)) continue;
          hits.push({
            ref: p.ref, key: p.resolver, at: p.first, vars: { resolver: p.resolver, host: p.sample },
            evidence: phraseEvidence('dns', 'outside-resolver', { count: String(p.count), resolver: p.resolver, first: p.first, last: p.last, sample: p.sample }),
          });
        }
        return hits;
      },
    };
  },
});
