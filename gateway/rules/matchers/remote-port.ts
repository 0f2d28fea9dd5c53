/**
 * `remote-port`: a device opened a flow to an internet address on one of the rule's protocol/port pairs (P2P
 * camera platforms, DNS over TLS …).
 */
import { z } from 'zod';
import type { FlowData } from '../../capture/engine.ts';
import { defineMatcher, refOf } from './types.ts';

export const RemotePortParams = z
  .object({
    ports: z
      .array(
        z.object({
          proto: z.enum(['tcp', 'udp']),
          port: z.number().int().min(1).max(65535),
          label: z.string().min(1).meta({ description: 'What usually runs there, for the summary ({label}).' }),
        }).strict(),
      )
      .min(1),
  })
  .strict();
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
        const label = byKey.get(key);
        if (label === undefined) return undefined;
        const host = f.name ?? f.remoteIp;
        return [{
          ref: refOf(obs),
          key,
          at: f.firstSeen ?? obs.at,
          vars: { proto: f.proto.toUpperCase(), port: String(f.remotePort), label, ip: f.remoteIp, host },
          evidence: { kind: 'flow', detail: `${f.proto.toUpperCase()} to ${host}${host !== f.remoteIp ? ` (${f.remoteIp})` : ''} port ${f.remotePort}, ${f.bytesUp} B sent, ${f.bytesDown} B received` },
        }];
      },
    };
  },
});
