import { describe, expect, it } from 'vitest';
import { TwoGenerationMap } from '../../../../gateway/util/two-generation-map.ts';

describe('TwoGenerationMap', () => {
  it('keeps at most two generations and forgets the oldest', () => {
    const m = new TwoGenerationMap<number, number>(3);
    for (let i = 0; i < 10; i++) m.set(i, i * 10);
    expect(m.size).toBeLessThanOrEqual(6);
    expect(m.get(9)).toBe(90);
    expect(m.get(6)).toBe(60);
    expect(m.get(0)).toBeUndefined();
  });

  it('prefers the newest value of a key', () => {
    const m = new TwoGenerationMap<string, number>(2);
    m.set('a', 1);
    m.set('b', 2);
    m.set('a', 3);
    expect(m.get('a')).toBe(3);
  });
});
