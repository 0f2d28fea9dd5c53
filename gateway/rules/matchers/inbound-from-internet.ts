/**
 * `inbound-from-internet`: a TCP connection that an internet address opened to a home device. A flow whose
 * first packet came from a server port towards a client's ephemeral port is a reply whose start the capture
 * missed, not an inbound connection, and is left out.
 */
import { z } from 'zod';
import { lazySchema } from '../../util/lazy-schema.ts';
import type { FlowData } from '../../capture/engine.ts';
import { defineMatcher, refOf } from './types.ts';
import { lazyPhraseEvidence } from '../lazy-evidence.ts';

export const InboundFromInternetParams = lazySchema(() =>
  z
    .object({
      serverPorts: z
        .array(z.number().int().min(1).max(65535))
        .default([])
        .meta({ description: 'Remote ports that are services (besides those below 1024): a flow from them to a local port ≥ 1024 is a reply.' }),
    })
    .strict(),
);
export type InboundFromInternetParams = z.infer<typeof InboundFromInternetParams>;

export const inboundFromInternet = defineMatcher<InboundFromInternetParams>({
  name: 'inbound-from-internet',
  description: 'A TCP flow opened from an internet address to a home device (replies excluded).',
  params: InboundFromInternetParams,
  sources: ['flow'],
  placeholders: ['port', 'ip'],
  compile(params) {
    const serverPorts = new Set(params.serverPorts);
    return {
      observe(obs) {
        const f = obs.data as FlowData;
        if (f.proto !== 'tcp' || f.outbound !== false || f.remoteIsLocal) return undefined;
        const looksLikeReply = f.localPort >= 1024 && (f.remotePort < 1024 || serverPorts.has(f.remotePort));
        if (looksLikeReply) return undefined;
        return [{
          ref: refOf(obs),
          key: `tcp/${f.localPort}`,
          at: f.firstSeen ?? obs.at,
          vars: { port: String(f.localPort), ip: f.remoteIp },
          evidence: lazyPhraseEvidence('flow', 'inbound-flow', { ip: f.remoteIp, remotePort: String(f.remotePort), port: String(f.localPort), up: String(f.bytesUp), down: String(f.bytesDown) }),
        }];
      },
    };
  },
});
