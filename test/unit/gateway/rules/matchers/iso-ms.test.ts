import { describe, expect, it } from 'vitest';
import { isoToMs } from '../../../../../gateway/rules/matchers/iso-ms.ts';

describe('isoToMs', () => {
  it('gives what Date.parse gives for the engine form, across days, years and leap seconds of the day', () => {
    const start = Date.UTC(2023, 11, 31, 22, 0, 0);
    for (let ms = start; ms < start + 3 * 86_400_000; ms += 7_777_777) {
      const text = new Date(ms).toISOString();
      expect(isoToMs(text)).toBe(Date.parse(text));
    }
    expect(isoToMs('2024-02-29T23:59:59.999Z')).toBe(Date.parse('2024-02-29T23:59:59.999Z'));
  });

  it.each([
    '2025-01-15T21:00:05Z',
    '2025-01-15T21:00:05.123+01:00',
    '2025-01-15T24:00:00.000Z',
    '2025-01-15T21:60:05.123Z',
    '2025-01-15T2a:00:05.123Z',
    '2025-13-15T21:00:05.123Z',
    'not a time at all, 24 ch',
    '',
  ])('falls back to Date.parse for %j', (text) => {
    expect(Object.is(isoToMs(text), Date.parse(text))).toBe(true);
  });

  it('gives NaN for something that is not text', () => {
    expect(isoToMs(undefined as unknown as string)).toBeNaN();
  });
});
