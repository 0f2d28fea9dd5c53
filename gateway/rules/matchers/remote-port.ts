/**
 * `remote-port`: a device opened a flow to an internet address on one of the rule's protocol/port pairs (P2P
 * camera platforms, DNS over TLS …).
 */
import { z } from 'zod';
import { lazySchema } from '../../util/lazy-schema.ts';
import type { FlowData } from '../../capture/engine.ts';
import { defineMatcher, refOf } from './types.ts';
import { lazyPhraseEvidence } from '../lazy-evidence.ts';
import { LangMapSchema } from '../../../device-profiles/schema.ts';
import type { LangText } from '../render.ts';

export const RemotePortParams = lazySchema(() =>
  z
    .object({
      ports: z
        .array(
          z.object({
            proto: z.enum(['tcp', 'udp']),
            port: z.number().int().min(1).max(65535),
            label: z
              .union([z.string().min(1), LangMapSchema])
              .meta({ description: 'What usually runs there, for the summary ({label}): a product name, or words by language.' }),
          }).strict(),
        )
        .min(1),
    })
    .strict(),
);
export type RemotePortParams = z.infer<typeof RemotePortParams>;

export const remotePort = defineMatcher<RemotePortParams>({
  name: 'remote-port',
  description: 'A flow opened by a home device to an internet address on one of the listed protocol/port pairs.',
  params: RemotePortParams,
  sources: ['flow'],
  placeholders: ['proto', 'port', 'label', 'ip', 'host'],
  compile(params) {
    const byKey = new Map(params.ports.map((p) => [`${p.proto}/${p.port}`, p.label]));
    return {
      observe(obs) {
        const f = obs.data as FlowData;
        if (!f.outbound || f.remoteIsLocal) return undefined;
        const key = `${f.proto}/${f.remotePort}`;
        const found = byKey.get(key);
        if (found === undefined) return undefined;
        const label = typeof found === 'string' ? found : found.en;
        const host = f.name ?? f.remoteIp;
        return [{
          ref: refOf(obs),
          key,
          at: f.firstSeen ?? obs.at,
          vars: { proto: f.proto.toUpperCase(), port: String(f.remotePort), label, ip: f.remoteIp, host },
          ...(typeof found === 'string' ? {} : { langVars: { label: found as LangText } }),
          evidence: lazyPhraseEvidence('flow', 'outbound-flow', { proto: f.proto.toUpperCase(), target: `${host}${host !== f.remoteIp ? ` (${f.remoteIp})` : ''}`, port: String(f.remotePort), up: String(f.bytesUp), down: String(f.bytesDown) }),
        }];
      },
    };
  },
});
