/**
 * `remote-port`: a device opened a flow to an internet address on one of the rule's protocol/port pairs (P2P
 * camera platforms, DNS over TLS …).
 */
import { z } from 'zod';
import { lazySchema } from '../../util/lazy-schema.ts';
import type { FlowData } from '../../capture/engine.ts';
import type { Observation } from '../../contract.ts';
import { defineMatcher, refOf, type Hit } from './types.ts';
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
        return [portHit(obs, f, key, found)];
      },
    };
  },
  compileGroup(list) {
    // By protocol and port (a number: a flow builds no key text unless it hits), each rule's label, rules in order.
    const byPort = new Map<number, [number, Label][]>();
    list.forEach((params, k) => {
      // A port listed twice in one rule takes its last label, as in `compile`.
      const labels = new Map(params.ports.map((p) => [portNumber(p.proto, p.port), p.label]));
      for (const [n, label] of labels) {
        const owners = byPort.get(n);
        if (owners) owners.push([k, label]);
        else byPort.set(n, [[k, label]]);
      }
    });
    return {
      sources: ['flow'],
      observe(obs, hit) {
        const f = obs.data as FlowData;
        if (!f.outbound || f.remoteIsLocal || (f.proto !== 'tcp' && f.proto !== 'udp')) return;
        const owners = byPort.get(portNumber(f.proto, f.remotePort));
        if (!owners) return;
        const key = `${f.proto}/${f.remotePort}`;
        for (const [k, label] of owners) hit(k, portHit(obs, f, key, label));
      },
    };
  },
});

type Label = RemotePortParams['ports'][number]['label'];

function portNumber(proto: 'tcp' | 'udp', port: number): number {
  return proto === 'udp' ? port + 65536 : port;
}

function portHit(obs: Observation, f: FlowData, key: string, found: Label): Hit {
  const label = typeof found === 'string' ? found : found.en;
  const host = f.name ?? f.remoteIp;
  return {
    ref: refOf(obs),
    key,
    at: f.firstSeen ?? obs.at,
    vars: { proto: f.proto.toUpperCase(), port: String(f.remotePort), label, ip: f.remoteIp, host },
    ...(typeof found === 'string' ? {} : { langVars: { label: found as LangText } }),
    evidence: lazyPhraseEvidence('flow', 'outbound-flow', { proto: f.proto.toUpperCase(), target: `${host}${host !== f.remoteIp ? ` (${f.remoteIp})` : ''}`, port: String(f.remotePort), up: String(f.bytesUp), down: String(f.bytesDown) }),
  };
}
