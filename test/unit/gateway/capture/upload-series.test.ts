import { describe, expect, it } from 'vitest';
import { UploadSeries } from '../../../../gateway/capture/upload-series.ts';

describe('UploadSeries', () => {
  it('adds bytes into 1-second buckets', () => {
    const s = new UploadSeries(10);
    s.add(1000_000, 100);
    s.add(1000_500, 50);
    s.add(1001_200, 7);
    expect(s.window(3)).toEqual([0, 150, 7]);
    expect(s.total).toBe(157);
  });

  it('forgets seconds older than the ring and clears skipped seconds', () => {
    const s = new UploadSeries(5);
    for (let i = 0; i < 5; i++) s.add((100 + i) * 1000, 10);
    s.add(107_000, 1);
    expect(s.window(5)).toEqual([10, 10, 0, 0, 1]);
    expect(s.at(100)).toBe(0);
    s.add(200_000, 3);
    expect(s.window(5)).toEqual([0, 0, 0, 0, 3]);
  });

  it('ignores samples older than the ring', () => {
    const s = new UploadSeries(5);
    s.add(100_000, 1);
    s.add(50_000, 99);
    expect(s.window(5)).toEqual([0, 0, 0, 0, 1]);
  });
});

describe('UploadSeries.windowInto', () => {
  it('writes the same seconds as window() without allocating', () => {
    const s = new UploadSeries(10);
    for (let i = 0; i < 25; i++) s.add((1000 + i) * 1000, i);
    const out = new Float64Array(16);
    const n = s.windowInto(8, 1020, out);
    expect(n).toBe(8);
    expect([...out.subarray(0, n)]).toEqual(s.window(8, 1020));
    expect(s.windowInto(50, 1024, out)).toBe(10);
    expect([...out.subarray(0, 10)]).toEqual(s.window(10, 1024));
  });
});

describe('UploadSeries.firstAtLeast', () => {
  it('finds the same second as a walk with at(), across the ring’s wrap and outside it', () => {
    const s = new UploadSeries(7);
    const bytes = [0, 3, 0, 0, 9, 1, 0, 0, 5, 0, 2, 0];
    bytes.forEach((b, i) => s.add((500 + i) * 1000, b));
    const walk = (from: number, to: number, min: number) => {
      let sec = from;
      while (sec <= to && !(s.at(sec) >= min)) sec++;
      return sec;
    };
    for (const min of [Number.MIN_VALUE, 1, 2, 5, 9, 10]) {
      for (let from = 495; from <= 515; from++) {
        for (let to = from - 1; to <= 516; to++) expect(s.firstAtLeast(from, to, min), `${from}..${to} ≥ ${min}`).toBe(walk(from, to, min));
      }
    }
    expect(new UploadSeries(5).firstAtLeast(10, 20, 1)).toBe(21);
  });
});
