/**
 * `beacon`: a device checks in with one server at regular intervals. Per device and remote (DNS name, else
 * address) it keeps the start times of the connections it opens and of the DNS questions it asks, and at the end of
 * a pass scores how regular the intervals (and the bytes per connection) are, after RITA's beacon analysis
 * (`beacon-score.ts`). Periodic check-ins are normal for smart devices; rules use this to surface channels.
 * Memory is bounded: at most `maxEventsPerPair` start times per pair and `maxPairs` pairs (the least recently
 * active pair is dropped first).
 */
import { z } from 'zod';
import { lazySchema } from '../../util/lazy-schema.ts';
import type { DnsData, Observation } from '../../contract.ts';
import type { FlowData } from '../../capture/engine.ts';
import { CheckInBuffer } from './beacon-buffer.ts';
import { regularity } from './beacon-score.ts';
import { hostOf } from './host-text.ts';
import { isoToMs } from './iso-ms.ts';
import { defineMatcher, type DeviceRef, type Hit } from './types.ts';
import { phrase, phraseEvidence } from '../phrases.ts';

export const BeaconParams = lazySchema(() =>
  z
    .object({
      minEvents: z.number().int().min(4).default(10).meta({ description: 'Check-ins needed before a pair is scored.' }),
      threshold: z.number().min(0).max(1).default(0.8).meta({ description: 'Score (0…1) at or above which the pair is reported.' }),
      sizeWeight: z
        .number().min(0).max(1).default(0.25)
        .meta({ description: 'Weight of bytes-per-connection regularity in a connection score (the rest is interval regularity).' }),
      mergeSeconds: z
        .number().min(0).default(1)
        .meta({ description: 'Check-ins closer than this to the previous one count as one (A and AAAA questions, parallel connections).' }),
      maxEventsPerPair: z.number().int().min(4).max(10_000).default(64).meta({ description: 'Start times kept per device and remote (oldest dropped).' }),
      maxPairs: z.number().int().min(1).max(1_000_000).default(5000).meta({ description: 'Device and remote pairs kept (least recently active dropped).' }),
    })
    .strict(),
);
export type BeaconParams = z.infer<typeof BeaconParams>;

interface Series {
  /** The device key it is filed under (MAC, else IP, of the first check-in). */
  who: string;
  ref: DeviceRef;
  kind: 'connection' | 'dns';
  host: string;
  events: CheckInBuffer;
  /** Activity counter of the last check-in, to drop the least recently active pairs when there are too many. */
  last: number;
}

/** "30 seconds", "5 minutes", "2 hours": the interval as the summary says it. */
export function intervalText(seconds: number): string {
  const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;
  if (seconds < 90) return plural(Math.max(1, Math.round(seconds)), 'second');
  if (seconds < 90 * 60) return plural(Math.round(seconds / 60), 'minute');
  return plural(Math.round(seconds / 3600), 'hour');
}

export const beacon = defineMatcher<BeaconParams>({
  name: 'beacon',
  description: 'A device connects to (or asks DNS for) one remote at regular intervals, scored RITA-style on interval and size regularity.',
  params: BeaconParams,
  sources: ['flow', 'dns'],
  placeholders: ['host', 'interval', 'count', 'score'],
  compile(params) {
    // Per device, then per remote: nested maps, so a check-in builds no key string.
    const byDevice = new Map<string, { connection: Map<string, Series>; dns: Map<string, Series> }>();
    const K = Math.max(params.maxEventsPerPair, params.minEvents);

    let activity = 0;

    /** Every pair in the order it was first seen (the order findings are reported in). */
    const all = new Set<Series>();

    /** Drops the least recently active tenth of the pairs at once, so a flood of pairs costs O(1) per check-in. */
    function dropLeastActive(): void {
      const byAge = [...all].sort((a, b) => a.last - b.last);
      for (const s of byAge.slice(0, Math.max(1, Math.ceil(byAge.length / 10)))) {
        byDevice.get(s.who)?.[s.kind].delete(s.host);
        all.delete(s);
      }
    }

    function add(obs: Observation, kind: Series['kind'], host: string, t: number, conn: number, bytes: number): void {
      const who = obs.mac ?? obs.ip;
      if (!who) return;
      let dev = byDevice.get(who);
      if (!dev) byDevice.set(who, (dev = { connection: new Map(), dns: new Map() }));
      let s = dev[kind].get(host);
      if (s) {
        if (!s.ref.mac && obs.mac) s.ref.mac = obs.mac;
      } else {
        if (all.size >= params.maxPairs) dropLeastActive();
        s = { who, ref: { mac: obs.mac, ip: obs.ip }, kind, host, events: new CheckInBuffer(K), last: 0 };
        dev[kind].set(host, s);
        all.add(s);
      }
      s.last = ++activity;
      s.events.add(t, conn, bytes);
    }

    return {
      observe(obs) {
        if (obs.source === 'flow') {
          const f = obs.data as FlowData;
          if (!f || !f.outbound || f.remoteIsLocal || (f.proto !== 'tcp' && f.proto !== 'udp')) return undefined;
          const t = isoToMs(f.firstSeen);
          if (!Number.isFinite(t) || typeof f.remoteIp !== 'string') return undefined;
          const bytes = (Number(f.bytesUp) || 0) + (Number(f.bytesDown) || 0);
          const conn = (Number(f.localPort) || 0) + (f.proto === 'udp' ? 65536 : 0);
          add(obs, 'connection', f.name || f.remoteIp, t, conn, bytes);
        } else if (obs.source === 'dns') {
          const d = obs.data as DnsData;
          // Only questions: an answer repeats the question's name and time.
          if (!d || typeof d.query !== 'string' || d.answers !== undefined || d.rcode !== undefined) return undefined;
          // The same normalised name the other host rules use (computed once per observation).
          const host = hostOf(obs)?.host;
          const t = isoToMs(obs.at);
          if (!host || !Number.isFinite(t)) return undefined;
          add(obs, 'dns', host, t, -1, 0);
        }
        return undefined;
      },

      finish() {
        const hits: Hit[] = [];
        // Scratch for one pair at a time: merged starts and bytes, and the intervals between the starts.
        const starts = new Float64Array(K);
        const sizes = new Float64Array(K);
        const intervals = new Float64Array(K);
        for (const s of all) {
          // Merging only joins check-ins: a pair with too few before it has too few after it.
          if (s.events.length < params.minEvents) continue;
          const n = s.events.mergedInto(params.mergeSeconds * 1000, starts, sizes);
          if (n < params.minEvents) continue;
          for (let i = 1; i < n; i++) intervals[i - 1] = (starts[i]! - starts[i - 1]!) / 1000;
          const iv = regularity(intervals.subarray(0, n - 1));
          if (!(iv.median > 0)) continue;
          const sz = s.kind === 'connection' ? regularity(sizes.subarray(0, n)) : undefined;
          const score = sz ? (1 - params.sizeWeight) * iv.score + params.sizeWeight * sz.score : iv.score;
          if (score < params.threshold) continue;
          const first = new Date(starts[0]!).toISOString();
          const last = new Date(starts[n - 1]!).toISOString();
          const what = phrase(s.kind === 'connection' ? 'beacon-connections' : 'beacon-dns', {});
          const vars = { host: s.host, interval: intervalText(iv.median), count: String(n), score: score.toFixed(2) };
          const parts = sz
            ? phrase('beacon-parts-sizes', { intervals: iv.score.toFixed(2), sizes: sz.score.toFixed(2), size: String(Math.round(sz.median)) })
            : phrase('beacon-parts', { intervals: iv.score.toFixed(2) });
          hits.push(
            { ref: s.ref, key: s.host, at: first, vars, evidence: phraseEvidence('beacon', 'beacon-first', { count: String(n), what, host: s.host }) },
            {
              ref: s.ref, key: s.host, at: last, vars,
              evidence: phraseEvidence('beacon', 'beacon-summary', {
                count: String(n),
                what,
                host: s.host,
                first,
                last,
                median: iv.median.toFixed(1),
                mad: (iv.dispersion * iv.median).toFixed(1),
                score: score.toFixed(2),
                parts,
              }),
            },
          );
        }
        return hits;
      },
    };
  },
});
