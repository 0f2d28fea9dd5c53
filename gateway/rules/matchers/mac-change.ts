/**
 * `mac-change`: one DHCP client identity — the same host name (with its vendor class) or the same client
 * identifier — seen from different MAC addresses one after the other, as a device does when it changes or keeps
 * re-randomising its MAC. Identities seen from two MACs at the same time are two devices of the same model (two
 * plugs both called "HS103"), not a change, and are left out; so are client identifiers built from the MAC itself
 * and generic host names the rule lists.
 */
import { z } from 'zod';
import { lazySchema } from '../../util/lazy-schema.ts';
import type { DhcpData, Device } from '../../contract.ts';
import { defineMatcher, type Hit } from './types.ts';
import { joinWords, phrase, phraseEvidence, wrapped } from '../phrases.ts';

export const MacChangeParams = lazySchema(() =>
  z
    .object({
      minChanges: z.number().int().min(1).default(1).meta({ description: 'Changes (a MAC taking over from another) needed for a finding.' }),
      overlapSeconds: z.number().int().min(0).default(30).meta({ description: 'How far two MACs may overlap in time and still count as one after the other.' }),
      ignoreHostnames: z.array(z.string().min(1)).default([]).meta({ description: 'Generic host names (lower case) that many devices share; not an identity.' }),
    })
    .strict(),
);
export type MacChangeParams = z.infer<typeof MacChangeParams>;

const MAX_IDENTITIES = 5000;
const MAX_MACS_PER_IDENTITY = 32;

interface Span {
  first: string;
  last: string;
}
interface Identity {
  label: string;
  macs: Map<string, Span>;
}

/** The identities a DHCP message carries: a non-MAC client identifier, and a host name with its vendor class. */
export function dhcpIdentities(d: DhcpData, mac: string, ignore: ReadonlySet<string>): { key: string; label: string }[] {
  const out: { key: string; label: string }[] = [];
  const cid = typeof d.clientId === 'string' ? d.clientId.toLowerCase().replace(/[^0-9a-f]/g, '') : '';
  // Type-1 client ids and DUID-LL/LLT embed the MAC: they change with it and say nothing more.
  if (cid.length >= 4 && !cid.includes(mac.replace(/:/g, ''))) out.push({ key: `cid:${cid}`, label: `client id ${cid.slice(0, 24)}` });
  const host = typeof d.hostname === 'string' ? d.hostname.trim() : '';
  if (host && !ignore.has(host.toLowerCase())) {
    const vc = typeof d.vendorClass === 'string' ? d.vendorClass : '';
    out.push({ key: `host:${host.toLowerCase()}\0${vc}`, label: `"${host}"` });
  }
  return out;
}

function spanOf(mac: string, fallback: Span, devices: ReadonlyMap<string, Device>): Span {
  const d = devices.get(mac);
  return d ? { first: d.firstSeen, last: d.lastSeen } : fallback;
}

export const macChange = defineMatcher<MacChangeParams>({
  name: 'mac-change',
  description: 'The same DHCP identity (host name + vendor class, or client id) from different MACs, one after the other.',
  params: MacChangeParams,
  sources: ['dhcp'],
  placeholders: ['identity', 'macs', 'count'],
  compile(params) {
    const ignore = new Set(params.ignoreHostnames.map((h) => h.toLowerCase()));
    const identities = new Map<string, Identity>();
    // A device repeats the same DHCP identity in every request: per MAC, the last one's fields and identities.
    const lastByMac = new Map<string, { d: DhcpData; ids: { key: string; label: string }[] }>();
    const same = (a: DhcpData, b: DhcpData) => a.clientId === b.clientId && a.hostname === b.hostname && a.vendorClass === b.vendorClass;
    const identitiesOf = (d: DhcpData, mac: string) => {
      const last = lastByMac.get(mac);
      if (last && same(last.d, d)) return last.ids;
      const ids = dhcpIdentities(d, mac, ignore);
      if (lastByMac.size >= MAX_IDENTITIES) lastByMac.clear();
      lastByMac.set(mac, { d, ids });
      return ids;
    };
    return {
      observe(obs) {
        const d = obs.data as DhcpData;
        if (!obs.mac || !d) return undefined;
        for (const id of identitiesOf(d, obs.mac)) {
          let entry = identities.get(id.key);
          if (!entry) {
            if (identities.size >= MAX_IDENTITIES) continue;
            identities.set(id.key, (entry = { label: id.label, macs: new Map() }));
          }
          const span = entry.macs.get(obs.mac);
          if (span) {
            if (obs.at < span.first) span.first = obs.at;
            if (obs.at > span.last) span.last = obs.at;
          } else if (entry.macs.size < MAX_MACS_PER_IDENTITY) entry.macs.set(obs.mac, { first: obs.at, last: obs.at });
        }
        return undefined;
      },
      finish(ctx) {
        const byMac = new Map<string, Device>();
        for (const d of ctx.devices) if (d.mac) byMac.set(d.mac, d);
        const hits: Hit[] = [];
        const slack = params.overlapSeconds * 1000;
        for (const [key, id] of identities) {
          if (id.macs.size < 2) continue;
          const spans = [...id.macs].map(([mac, s]) => ({ mac, ...spanOf(mac, s, byMac) })).sort((a, b) => a.first.localeCompare(b.first));
          let changes = 0;
          for (let i = 1; i < spans.length; i++) if (Date.parse(spans[i]!.first) >= Date.parse(spans[i - 1]!.last) - slack) changes++;
          if (changes < params.minChanges) continue;
          const last = spans[spans.length - 1]!;
          hits.push({
            ref: { mac: last.mac },
            key,
            at: spans[0]!.first,
            vars: { identity: id.label, macs: spans.map((s) => s.mac).join(', '), count: String(spans.length) },
            evidence: phraseEvidence('dhcp', 'mac-change', {
              label: id.label,
              spans: joinWords(spans.map((s) => phrase('mac-span', { mac: s.mac, first: s.first, last: s.last })), wrapped(phrase('then', {}), ', ', ' ')),
            }),
          });
        }
        return hits;
      },
    };
  },
});
