/** `doh-endpoint`: a device opened a TLS connection whose SNI is a known DNS-over-HTTPS service. */
import { z } from 'zod';
import { lazySchema } from '../../util/lazy-schema.ts';
import type { TlsData } from '../../contract.ts';
import { normaliseHost } from '../indicators/normalise.ts';
import { hostOf } from './host-text.ts';
import { defineMatcher, refOf } from './types.ts';
import { lazyPhraseEvidence } from '../lazy-evidence.ts';

export const DohEndpointParams = lazySchema(() =>
  z
    .object({
      hosts: z
        .array(z.string().refine((s) => normaliseHost(s) === s, { message: 'must be a lower-case host name without a trailing dot' }))
        .min(1)
        .meta({ description: 'Exact host names of DNS-over-HTTPS services.' }),
    })
    .strict(),
);
export type DohEndpointParams = z.infer<typeof DohEndpointParams>;

export const dohEndpoint = defineMatcher<DohEndpointParams>({
  name: 'doh-endpoint',
  description: 'A TLS SNI equal to one of the listed DNS-over-HTTPS hosts.',
  params: DohEndpointParams,
  sources: ['tls'],
  placeholders: ['host', 'ip'],
  compile(params) {
    const hosts = new Set(params.hosts);
    return {
      observe(obs) {
        const t = obs.data as TlsData;
        // The same normalised SNI the other host rules use, worked out once per observation.
        const seen = obs.source === 'tls' ? hostOf(obs) : undefined;
        const host = seen?.host;
        if (!host || !hosts.has(host)) return undefined;
        return [{
          ref: refOf(obs), key: host, at: obs.at, vars: { host, ip: String(t.remoteIp) },
          evidence: lazyPhraseEvidence('tls', 'tls-connection', { host, ip: t.remoteIp, port: String(t.remotePort) }),
        }];
      },
    };
  },
});
