import { describe, expect, it } from 'vitest';
import { UploadVsBaselineParams, uploadVsBaseline } from '../../../../../gateway/rules/matchers/upload-vs-baseline.ts';
import { seriesOf } from './upload-series-build.ts';

const params = UploadVsBaselineParams.parse({ factor: 5, minSeconds: 20, minBaselineBitsPerSecond: 64_000, allowGapSeconds: 3 });
const finishOn = (spans: Array<[number, number, number]>) =>
  uploadVsBaseline.compile(params, {}).finish!({ devices: [], gatewayIps: new Set(), uploadSeries: new Map([['2c:aa:8e:00:00:11', seriesOf(spans)]]) });

describe('upload-vs-baseline', () => {
  it.each([
    ['an idle camera (under the floor) sends 500 kbit/s for 30 s', [[0, 120, 20_000], [120, 150, 500_000], [150, 240, 20_000]], ['30']],
    ['a camera at 100 kbit/s jumps to 600 kbit/s (6×) for 25 s', [[0, 200, 100_000], [200, 225, 600_000], [225, 300, 100_000]], ['25']],
    ['a camera at 100 kbit/s rises to 400 kbit/s (4×)', [[0, 200, 100_000], [200, 260, 400_000], [260, 300, 100_000]], []],
    ['a 5× burst of only 19 s', [[0, 200, 100_000], [200, 219, 600_000], [219, 300, 100_000]], []],
    ['an idle device: single packets never count (floor)', [[0, 300, 0], [100, 101, 200_000], [200, 201, 300_000]], []],
    ['a device idle at 0 sending 300 kbit/s for 30 s (under 5 × the floor)', [[0, 200, 0], [200, 230, 300_000]], []],
    ['a steady 1 Mbit/s stream is its own baseline', [[0, 600, 1_000_000]], []],
  ] as Array<[string, Array<[number, number, number]>, string[]]>)('%s', (_what, spans, seconds) => {
    expect(finishOn(spans).map((h) => h.vars.seconds)).toEqual(seconds);
  });

  it('says the baseline and the ratio', () => {
    const [h] = finishOn([[0, 200, 100_000], [200, 225, 600_000], [225, 300, 100_000]]);
    expect(h!.vars).toMatchObject({ baseline: '100 kbit/s', factor: '6.0', rate: '600 kbit/s', start: '21:03:20' });
    expect(h!.evidence.detail).toContain('6.0× its usual 100 kbit/s');
  });

  it('refuses a factor below 1', () => {
    expect(UploadVsBaselineParams.safeParse({ factor: 0.5, minSeconds: 20, minBaselineBitsPerSecond: 1 }).success).toBe(false);
  });
});
