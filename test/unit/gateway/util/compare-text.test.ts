import { describe, expect, it } from 'vitest';
import { compareText } from '../../../../gateway/util/compare-text.ts';

describe('compareText', () => {
  it.each([
    ['a', 'b', -1], ['b', 'a', 1], ['same', 'same', 0], ['', 'a', -1],
    ['2026-12-08T02:00:00.000Z', '2026-12-08T01:59:59.999Z', 1], ['mac-001122334455', 'mac-0011223344aa', -1],
    ['ip-10.0.0.10', 'ip-10.0.0.2', -1], ['f-0a1b', 'f-0a1c', -1],
  ])('compareText(%j, %j) = %i', (a, b, want) => expect(compareText(a, b)).toBe(want));

  it('orders ids and ISO times as localeCompare does', () => {
    const text = ['mac-aabbccddeeff', 'ip-192.168.1.20', 'ip-192.168.1.3', 'mac-001122334455', 'ip-fe80::1', 'f-99', 'f-0a', '2026-01-02T03:04:05.000Z', '2025-12-31T23:59:59.999Z'];
    expect([...text].sort(compareText)).toEqual([...text].sort((a, b) => a.localeCompare(b)));
  });
});
