/**
 * `upload-vs-baseline`: a device's upload rises to a multiple of its own usual upload for a while — a live-view
 * session on a camera that otherwise only sends small event clips and keep-alives (DOMAIN.md §3.2). The baseline is
 * the median of the device's per-second upload over the window observed so far, never below a floor, so an idle
 * device (median 0) does not turn every packet into a "live view".
 */
import { z } from 'zod';
import { lazySchema } from '../../util/lazy-schema.ts';
import { runHit } from './run-hit.ts';
import { uploadPeerEvidence } from './upload-peers.ts';
import { defineMatcher, type Hit } from './types.ts';
import { formatRate, median, RunScanner, type UploadRun } from './upload-runs.ts';

export const UploadVsBaselineParams = lazySchema(() =>
  z
    .object({
      factor: z.number().min(1).meta({ description: 'How many times the baseline a second must reach.' }),
      minSeconds: z.number().int().min(1).meta({ description: 'How long the raised upload must last.' }),
      minBaselineBitsPerSecond: z.number().positive().meta({ description: 'Floor of the baseline (bits per second).' }),
      allowGapSeconds: z.number().int().min(0).default(3).meta({ description: 'Seconds below the level a run may contain.' }),
    })
    .strict(),
);
export type UploadVsBaselineParams = z.infer<typeof UploadVsBaselineParams>;

export const uploadVsBaseline = defineMatcher<UploadVsBaselineParams>({
  name: 'upload-vs-baseline',
  description: "A device's upload reaches factor × its own baseline (median per-second upload, with a floor) for minSeconds.",
  params: UploadVsBaselineParams,
  sources: [],
  placeholders: ['start', 'end', 'seconds', 'rate', 'baseline', 'factor'],
  compile(params) {
    const floor = params.minBaselineBitsPerSecond / 8;
    const window = new Float64Array(3600);
    const scanner = new RunScanner({
      minSeconds: params.minSeconds,
      allowGapSeconds: params.allowGapSeconds,
      minThreshold: floor * params.factor,
      thresholdOf: (series, firstSec, endSec) => {
        const n = series.windowInto(endSec - firstSec + 1, endSec, window);
        return Math.max(floor, median(window.subarray(0, n))) * params.factor;
      },
    });
    const hits = (runs: UploadRun[]): Hit[] =>
      runs.map((r) => {
        const baseline = formatRate((r.thresholdBytes / params.factor) * 8);
        const ratio = (r.bytes / (r.endSec - r.startSec + 1) / (r.thresholdBytes / params.factor)).toFixed(1);
        return runHit(r, { vars: { baseline, factor: ratio }, baseline: { factor: ratio, baseline } });
      });
    return {
      tick: (series) => hits(scanner.read(series)),
      finish: (ctx) => (ctx.uploadSeries ? hits(scanner.peek(ctx.uploadSeries)) : []),
      enrich: (device) => uploadPeerEvidence(device),
    };
  },
});
