import { describe, expect, it } from 'vitest';
import { SustainedUploadParams, sustainedUpload } from '../../../../../gateway/rules/matchers/sustained-upload.ts';
import { seriesOf } from './upload-series-build.ts';

const params = SustainedUploadParams.parse({ minBitsPerSecond: 500_000, minSeconds: 60, allowGapSeconds: 5 });
const finishOn = (spans: Array<[number, number, number]>) =>
  sustainedUpload.compile(params, {}).finish!({ devices: [], gatewayIps: new Set(), uploadSeries: new Map([['2c:aa:8e:00:00:11', seriesOf(spans)]]) });

describe('sustained-upload', () => {
  it.each([
    ['1 Mbit/s for 90 s', [[0, 30, 20_000], [30, 120, 1_000_000], [120, 150, 20_000]], ['90']],
    ['exactly 0.5 Mbit/s for exactly 60 s', [[0, 60, 500_000]], ['60']],
    ['1 Mbit/s for 59 s', [[0, 59, 1_000_000]], []],
    ['a 0.3 Mbit/s trickle for 10 minutes', [[0, 600, 300_000]], []],
    ['an idle device', [[0, 600, 20_000]], []],
    ['1 Mbit/s with a 5 s dip (allowed gap): one run', [[0, 40, 1_000_000], [40, 45, 0], [45, 80, 1_000_000]], ['80']],
    ['1 Mbit/s with a 6 s dip: two short runs', [[0, 40, 1_000_000], [40, 46, 0], [46, 86, 1_000_000]], []],
    ['two long streams apart', [[0, 70, 1_000_000], [70, 200, 0], [200, 300, 1_000_000]], ['70', '100']],
  ] as Array<[string, Array<[number, number, number]>, string[]]>)('%s', (_what, spans, seconds) => {
    expect(finishOn(spans).map((h) => h.vars.seconds)).toEqual(seconds);
  });

  it('names the device by its series key, with start, end and average rate in the evidence', () => {
    const [h] = finishOn([[30, 120, 1_000_000]]);
    expect(h!.ref).toEqual({ mac: '2c:aa:8e:00:00:11' });
    expect(h!.at).toBe('2025-01-15T21:00:30.000Z');
    expect(h!.vars).toMatchObject({ start: '21:00:30', end: '21:01:59', rate: '1.0 Mbit/s' });
    expect(h!.evidence.detail).toContain('from 21:00:30 to 21:01:59 UTC (90 s');
  });

  it('sees a stream early in a capture longer than the ring when ticked as it fills', () => {
    const m = sustainedUpload.compile(params, {});
    const series = seriesOf([[0, 100, 20_000]], 300);
    const map = new Map([['10.0.0.5', series]]);
    const hits = [];
    // Stream from 100 s to 200 s, then 20 minutes idle; ticks every 60 s of capture time.
    for (let t = 100; t < 1400; t++) {
      series.add((series.newestSecond + 1) * 1000 + 500, (t < 200 ? 1_000_000 : 20_000) / 8);
      if (t % 60 === 0) hits.push(...m.tick!(map));
    }
    hits.push(...m.finish!({ devices: [], gatewayIps: new Set(), uploadSeries: map }));
    expect(hits.map((h) => [h.ref.ip, h.vars.seconds])).toEqual([['10.0.0.5', '100']]);
    // Without ticks only the last 300 s are in the ring: the stream is gone.
    const late = sustainedUpload.compile(params, {}).finish!({ devices: [], gatewayIps: new Set(), uploadSeries: map });
    expect(late).toEqual([]);
  });

  it('answers the same at the end of a pass when asked twice, and does not report a run twice across ticks', () => {
    const m = sustainedUpload.compile(params, {});
    const map = new Map([['aa:bb:cc:00:00:01', seriesOf([[0, 90, 1_000_000]])]]);
    const ctx = { devices: [], gatewayIps: new Set<string>(), uploadSeries: map };
    expect(m.tick!(map)).toEqual([]);
    expect(m.finish!(ctx)).toHaveLength(1);
    expect(m.finish!(ctx)).toHaveLength(1);
    map.get('aa:bb:cc:00:00:01')!.add(Date.UTC(2025, 0, 15, 21, 5, 0), 10);
    expect(m.tick!(map)).toHaveLength(1);
    expect(m.finish!(ctx)).toEqual([]);
  });

  it('refuses a rate that is not positive', () => {
    expect(SustainedUploadParams.safeParse({ minBitsPerSecond: 0, minSeconds: 60 }).success).toBe(false);
  });
});
