import { describe, expect, it } from 'vitest';
import { createIsoFormatter } from '../../../../gateway/util/iso-time.ts';

describe('createIsoFormatter', () => {
  it('formats like Date.toISOString for a spread of times, in and out of order', () => {
    const iso = createIsoFormatter();
    const times = [0, 1, 999, 1000, 1_700_000_000_123.456, 1_700_000_000_999.9, 1_700_000_001_000, 1_700_000_000_005, 951_782_400_000, 4_102_444_799_999];
    for (const t of times) expect(iso(t)).toBe(new Date(t).toISOString());
  });

  it('falls back to Date for years beyond 9999', () => {
    const iso = createIsoFormatter();
    const t = 253_402_300_800_000 + 1234;
    expect(iso(t)).toBe(new Date(t).toISOString());
  });
});

describe('createIsoFormatter over many times', () => {
  it('matches Date.toISOString on 10,000 random times across centuries, including negative ones', () => {
    const iso = createIsoFormatter();
    let seed = 42;
    const rand = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    for (let i = 0; i < 10_000; i++) {
      const t = (rand() - 0.2) * 5e12 + rand();
      expect(iso(t)).toBe(new Date(Math.floor(t)).toISOString());
    }
  });
});

describe('createIsoFormatter over runs of close times', () => {
  it('matches Date.toISOString millisecond by millisecond across a second, a minute and a day boundary', () => {
    const iso = createIsoFormatter();
    const midnight = Date.UTC(2025, 0, 15, 24, 0, 0, 0);
    for (let t = midnight - 2500; t < midnight + 2500; t += 7) expect(iso(t + 0.5)).toBe(new Date(t).toISOString());
  });
});
