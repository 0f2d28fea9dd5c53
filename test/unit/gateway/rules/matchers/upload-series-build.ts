/** Builds upload series for the rate matcher tests: per-second rates over time spans. */
import { UploadSeries } from '../../../../../gateway/capture/upload-series.ts';

export const T0 = Date.UTC(2025, 0, 15, 21, 0, 0) / 1000;

/** `[fromSec, toSec, bitsPerSecond]` spans (seconds after T0, end excluded) into a series of `ring` seconds. */
export function seriesOf(spans: Array<[number, number, number]>, ring = 900): UploadSeries {
  const s = new UploadSeries(ring);
  for (const [from, to, bps] of spans) for (let t = from; t < to; t++) s.add((T0 + t) * 1000 + 500, bps / 8);
  return s;
}
