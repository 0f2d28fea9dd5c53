import { median } from '../../util/median.ts';

/**
 * Regularity scores for beaconing, after RITA's beacon analysis: a series (intervals between check-ins, or bytes
 * per connection) is regular when its median absolute deviation is small next to its median and its quartiles
 * are symmetric (Bowley skew near 0). Pure functions over plain numbers; odd input gives 0, never a throw.
 */

/** The q-quantile (0…1) of values sorted ascending, by linear interpolation; NaN for an empty list. */
export function quantile(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const pos = (n - 1) * Math.min(1, Math.max(0, q));
  const lo = Math.floor(pos);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

export { median };

/** Median absolute deviation from the median; NaN for an empty list. */
export function mad(values: readonly number[]): number {
  const m = median(values);
  return median(values.map((v) => Math.abs(v - m)));
}

/**
 * Bowley (quartile) skew in -1…1. As in RITA, 0 when the quartiles are not strictly increasing: a series whose
 * middle half is one value has no shape to judge.
 */
export function bowleySkew(values: readonly number[]): number {
  return skewOfSorted([...values].sort((a, b) => a - b));
}

/** {@link bowleySkew} of values already sorted ascending. */
function skewOfSorted(s: ArrayLike<number>): number {
  const q1 = quantile(s, 0.25);
  const q2 = quantile(s, 0.5);
  const q3 = quantile(s, 0.75);
  if (!(q1 < q2 && q2 < q3)) return 0;
  return (q3 + q1 - 2 * q2) / (q3 - q1);
}

/** The parts of one regularity score, for evidence and tests. */
export interface Regularity {
  score: number;
  median: number;
  /** MAD / median (0 = every value the same). */
  dispersion: number;
  skew: number;
}

/**
 * Regularity of a series of non-negative values, 0…1 (1 = every value the same).
 *
 * RITA averages (1 − |skew|) and (median − MAD) / median. Two changes, both measured on fixtures: the terms are
 * multiplied, because with the average uniformly random intervals (skew ≈ 0) still score about 0.77; and the skew
 * is weighted by the interquartile range relative to the median, because the skew of a tight series (30 s ± 1 s)
 * is the shape of its jitter, which says nothing about regularity.
 */
export function regularity(values: ArrayLike<number>): Regularity {
  const clean: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isFinite(v) && v >= 0) clean.push(v);
  }
  if (clean.length < 2) return { score: 0, median: NaN, dispersion: NaN, skew: NaN };
  // A typed array sorts numbers natively, in order (no NaN here; -0 cannot come from non-negative differences and sums).
  const s = Float64Array.from(clean).sort();
  const med = quantile(s, 0.5);
  const dev = mad(clean);
  // A zero median of non-negative values means at least half are 0 (so the MAD is 0 too): the majority is identical.
  if (med === 0) return { score: 1, median: 0, dispersion: 0, skew: 0 };
  const dispersion = dev / med;
  const skew = skewOfSorted(s);
  const spread = Math.min(1, (quantile(s, 0.75) - quantile(s, 0.25)) / med);
  const score = Math.max(0, 1 - dispersion) * (1 - Math.abs(skew) * spread);
  return { score: Math.min(1, Math.max(0, score)), median: med, dispersion, skew };
}
