import { describe, expect, it } from 'vitest';
import { median } from '../../../../gateway/util/median.ts';

function sortedMedian(v: number[]): number {
  if (v.length === 0) return NaN;
  const s = [...v].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

describe('median', () => {
  it.each([
    [[], NaN], [[5], 5], [[1, 2], 1.5], [[3, 1, 2], 2], [[0, 0, 0, 0], 0], [[4, 1, 3, 2], 2.5], [[-1, -5, 10], -1],
  ])('median(%j) = %s', (v, m) => expect(median(v)).toBe(m));

  it('agrees with sorting on 2,000 random lists, including long runs of equal values', () => {
    let seed = 7;
    const rand = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    for (let t = 0; t < 2000; t++) {
      const n = Math.floor(rand() * 1500);
      const zeros = rand() < 0.5;
      const v = Array.from({ length: n }, () => (zeros && rand() < 0.8 ? 0 : Math.floor(rand() * 1000)));
      expect(median(v)).toBe(sortedMedian(v));
    }
  });

  it('does not change its input', () => {
    const v = [3, 1, 2];
    median(v);
    expect(v).toEqual([3, 1, 2]);
  });
});
