import { describe, expect, it } from 'vitest';
import { bowleySkew, mad, median, quantile, regularity } from '../../../../../gateway/rules/matchers/beacon-score.ts';
import { createRng } from '../../../../fixtures/synth/rng.ts';

const rng = createRng(42);
const jittered = Array.from({ length: 40 }, () => 30 + (rng.next() * 2 - 1));
const uniform = Array.from({ length: 40 }, () => 2 + rng.next() * 118);
const exponential = Array.from({ length: 40 }, () => rng.exp(30));

describe('beacon-score statistics', () => {
  it.each([
    ['median of odd count', median([5, 1, 3]), 3],
    ['median of even count', median([1, 2, 3, 4]), 2.5],
    ['quantile interpolates', quantile([0, 10], 0.25), 2.5],
    ['MAD', mad([1, 1, 2, 2, 4, 6, 9]), 1],
    ['Bowley skew of a symmetric series', bowleySkew([1, 2, 3, 4, 5]), 0],
    ['Bowley skew of a right-skewed series', bowleySkew([1, 2, 3, 10, 20]), 0.75],
    ['Bowley skew is 0 when the middle half is one value', bowleySkew([30, 30, 30, 30, 90]), 0],
  ])('%s', (_what, got, want) => {
    expect(got).toBeCloseTo(want, 6);
  });

  it('an empty list has no median', () => {
    expect(median([])).toBeNaN();
  });
});

describe('regularity', () => {
  it.each([
    ['identical values', [30, 30, 30, 30, 30], 1, 1],
    ['30 s ± 1 s jitter', jittered, 0.95, 1],
    ['regular with two missed beats (median and MAD ignore them)', [30, 30, 30, 60, 30, 30, 30, 60, 30, 30], 1, 1],
    ['uniformly random intervals 2…120 s', uniform, 0, 0.6],
    ['exponential (Poisson) intervals', exponential, 0, 0.45],
    ['alternating 10 s and 300 s', [10, 300, 10, 300, 10, 300, 10, 300], 0, 0.1],
    ['all zero', [0, 0, 0, 0], 1, 1],
    ['mostly zero with spikes: the majority is identical, as with missed beats', [0, 0, 0, 5, 9], 1, 1],
    ['too few values', [30], 0, 0],
    ['bad values are ignored', [30, Number.NaN, -4, 30, Infinity, 30], 1, 1],
  ])('%s', (_what, values, lo, hi) => {
    const r = regularity(values);
    expect(r.score).toBeGreaterThanOrEqual(lo);
    expect(r.score).toBeLessThanOrEqual(hi);
  });

  it('reports the median and the dispersion', () => {
    const r = regularity([10, 12, 14, 16, 18]);
    expect(r.median).toBe(14);
    expect(r.dispersion).toBeCloseTo(2 / 14, 6);
  });
});
