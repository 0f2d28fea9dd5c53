/**
 * `sustained-upload`: a device's upload to the internet stays at or above a rate for a while — what a camera or
 * microphone streaming out of the home looks like (DOMAIN.md §3.2: about 0.5–1.5 Mbit/s per camera).
 */
import { z } from 'zod';
import { lazySchema } from '../../util/lazy-schema.ts';
import { runHit } from './run-hit.ts';
import { uploadPeerEvidence } from './upload-peers.ts';
import { defineMatcher, type Hit } from './types.ts';
import { RunScanner } from './upload-runs.ts';

export const SustainedUploadParams = lazySchema(() =>
  z
    .object({
      minBitsPerSecond: z.number().positive().meta({ description: 'Upload rate a second must reach (bits per second).' }),
      minSeconds: z.number().int().min(1).meta({ description: 'How long the upload must last.' }),
      allowGapSeconds: z.number().int().min(0).default(5).meta({ description: 'Seconds below the rate a run may contain.' }),
    })
    .strict(),
);
export type SustainedUploadParams = z.infer<typeof SustainedUploadParams>;

export const sustainedUpload = defineMatcher<SustainedUploadParams>({
  name: 'sustained-upload',
  description: "A device's upload stays at or above minBitsPerSecond for at least minSeconds (per-device upload series).",
  params: SustainedUploadParams,
  sources: [],
  placeholders: ['start', 'end', 'seconds', 'rate'],
  compile(params) {
    const scanner = new RunScanner({
      minSeconds: params.minSeconds,
      allowGapSeconds: params.allowGapSeconds,
      minThreshold: params.minBitsPerSecond / 8,
      thresholdOf: () => params.minBitsPerSecond / 8,
    });
    const hits = (runs: ReturnType<RunScanner['read']>): Hit[] => runs.map((r) => runHit(r));
    return {
      tick: (series) => hits(scanner.read(series)),
      finish: (ctx) => (ctx.uploadSeries ? hits(scanner.peek(ctx.uploadSeries)) : []),
      enrich: (device) => uploadPeerEvidence(device),
    };
  },
});
