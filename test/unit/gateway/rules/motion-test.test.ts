import { describe, expect, it } from 'vitest';
import { motionTest } from '../../../../gateway/rules/motion-test.ts';
import { seriesOf, T0 } from './matchers/upload-series-build.ts';

const MARK = (T0 + 60) * 1000 + 200;
const opts = { windowSeconds: 5, before: 10 };

describe('motionTest', () => {
  it('reports a camera whose upload rises after the mark, and leaves steady devices as not reacting', () => {
    const series = new Map([
      ['2c:aa:8e:00:00:11', seriesOf([[0, 62, 130_000], [62, 70, 520_000], [70, 90, 130_000]])],
      ['7c:a7:b0:00:00:01', seriesOf([[0, 90, 800_000]])],
      ['da:a1:19:00:00:22', seriesOf([[0, 90, 20_000]])],
    ]);
    const r = motionTest(series, MARK, opts);
    expect(r.map((x) => [x.key, x.reacted])).toEqual([
      ['2c:aa:8e:00:00:11', true], ['7c:a7:b0:00:00:01', false], ['da:a1:19:00:00:22', false],
    ]);
    expect(r[0]).toMatchObject({ beforeBitsPerSecond: 130_000, reactedAfterSeconds: 3 });
    expect(r[0]!.afterBitsPerSecond).toBe((2 * 130_000 + 3 * 520_000) / 5);
    expect(r[0]!.ratio).toBeCloseTo(1_820_000 / 5 / 130_000, 5);
  });

  it.each([
    ['a rise before the mark only', [[0, 50, 100_000], [50, 60, 800_000], [60, 90, 100_000]], false],
    ['a rise after the window', [[0, 66, 100_000], [66, 80, 800_000]], false],
    ['an idle device sending one small packet after the mark (floor, minimum extra bytes)', [[0, 60, 0], [61, 62, 40_000]], false],
    ['an idle device starting a 500 kbit/s upload at the mark', [[0, 60, 0], [60, 70, 500_000]], true],
    ['a 1.5× rise', [[0, 60, 400_000], [60, 70, 600_000]], false],
  ] as Array<[string, Array<[number, number, number]>, boolean]>)('%s', (_what, spans, reacted) => {
    const r = motionTest(new Map([['aa:bb:cc:00:00:01', seriesOf(spans)]]), MARK, opts);
    expect(r.some((x) => x.reacted)).toBe(reacted);
  });

  it('leaves out devices with no upload around the mark, and odd marks give nothing', () => {
    const series = new Map([['aa:bb:cc:00:00:01', seriesOf([[0, 20, 100_000]])]]);
    expect(motionTest(series, MARK, opts)).toEqual([]);
    expect(motionTest(series, Number.NaN, opts)).toEqual([]);
  });
});
