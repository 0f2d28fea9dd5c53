/**
 * `port-mapping`: the router's UPnP IGD port mappings that let the internet reach a home device (each enabled
 * mapping is one hit on the device it points at).
 */
import { z } from 'zod';
import { lazySchema } from '../../util/lazy-schema.ts';
import type { UpnpIgdData } from '../../contract.ts';
import { defineMatcher, type Hit } from './types.ts';
import { phrase, phraseEvidence, wrapped } from '../phrases.ts';

export const PortMappingParams = lazySchema(() =>
  z
    .object({
      protocols: z.array(z.enum(['TCP', 'UDP'])).min(1).default(['TCP', 'UDP']).meta({ description: 'Mapping protocols this rule reports.' }),
    })
    .strict(),
);
export type PortMappingParams = z.infer<typeof PortMappingParams>;

export const portMapping = defineMatcher<PortMappingParams>({
  name: 'port-mapping',
  description: 'An enabled router port mapping (UPnP IGD) pointing at a home device.',
  params: PortMappingParams,
  sources: ['upnp-igd'],
  placeholders: ['proto', 'port', 'internalPort', 'description', 'router'],
  compile(params) {
    const protocols = new Set<string>(params.protocols);
    return {
      observe(obs) {
        const d = obs.data as UpnpIgdData;
        if (!Array.isArray(d.mappings)) return undefined;
        const hits: Hit[] = [];
        for (const m of d.mappings) {
          if (!m || typeof m.internalClient !== 'string' || !m.internalClient || m.enabled === false || !protocols.has(m.protocol)) continue;
          hits.push({
            ref: { ip: m.internalClient },
            key: `${m.protocol}/${m.externalPort}`,
            at: obs.at,
            vars: { proto: m.protocol, port: String(m.externalPort), internalPort: String(m.internalPort), description: m.description ?? '', router: String(d.router ?? '') },
            evidence: phraseEvidence('upnp-igd', 'port-mapping', {
              router: String(d.router ?? '?'),
              proto: m.protocol,
              port: String(m.externalPort),
              from: m.remoteHost ? wrapped(phrase('port-mapping-from', { host: m.remoteHost }), ' ') : '',
              client: m.internalClient,
              internalPort: String(m.internalPort),
              description: m.description ? ` ("${m.description}")` : '',
            }),
          });
        }
        return hits;
      },
    };
  },
});
