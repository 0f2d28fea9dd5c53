/**
 * `large-upload`: one connection carries more than a number of bytes out of the home (Zeek's "large upload"
 * idea: 20 MB). Open flows are reported as deltas (what they carried since their previous report), so the bytes
 * are summed per flow until it ends; only flows still open keep a running total.
 */
import { z } from 'zod';
import { lazySchema } from '../../util/lazy-schema.ts';
import type { FlowData } from '../../capture/engine.ts';
import { defineMatcher, refOf } from './types.ts';
import { phraseEvidence } from '../phrases.ts';

export const LargeUploadParams = lazySchema(() =>
  z
    .object({
      minBytes: z.number().int().positive().meta({ description: 'Bytes one connection must send up (more than this).' }),
    })
    .strict(),
);
export type LargeUploadParams = z.infer<typeof LargeUploadParams>;

/** Open flows with a running total, at most (a flow table holds fewer); further ones are not summed. */
const MAX_OPEN = 100_000;

function mb(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

export const largeUpload = defineMatcher<LargeUploadParams>({
  name: 'large-upload',
  description: 'One connection from a home device to the internet sends more than minBytes up (flow observations).',
  params: LargeUploadParams,
  sources: ['flow'],
  placeholders: ['bytes', 'host', 'ip', 'port', 'proto'],
  compile(params) {
    /** Running upload per open flow; -1 once the flow was reported, so it is reported once. */
    const open = new Map<string, number>();
    return {
      observe(obs) {
        const f = obs.data as FlowData;
        if (!f || f.remoteIsLocal || typeof f.bytesUp !== 'number' || !(f.bytesUp >= 0)) return undefined;
        // A small flow reported whole (an offline audit reports flows only when they end) needs no running total.
        if (!f.ongoing && open.size === 0 && f.bytesUp <= params.minBytes) return undefined;
        const key = `${obs.mac ?? obs.ip ?? ''}|${f.proto}|${f.localPort}|${f.remoteIp}|${f.remotePort}|${f.firstSeen}`;
        const prev = open.get(key) ?? 0;
        if (!f.ongoing) open.delete(key);
        if (prev < 0) return undefined;
        const total = prev + f.bytesUp;
        if (total <= params.minBytes) {
          if (f.ongoing && (open.has(key) || open.size < MAX_OPEN)) open.set(key, total);
          return undefined;
        }
        if (f.ongoing) open.set(key, -1);
        const host = f.name ?? f.remoteIp;
        const proto = String(f.proto).toUpperCase();
        return [{
          ref: refOf(obs),
          key: `${f.proto}/${f.remoteIp}/${f.remotePort}`,
          at: f.firstSeen ?? obs.at,
          vars: { bytes: mb(total), host, ip: f.remoteIp, port: String(f.remotePort), proto },
          evidence: phraseEvidence('flow', 'large-upload-flow', { proto, target: `${host}${host !== f.remoteIp ? ` (${f.remoteIp})` : ''}`, port: String(f.remotePort), bytes: String(total), first: f.firstSeen, last: f.lastSeen }),
        }];
      },
    };
  },
});
