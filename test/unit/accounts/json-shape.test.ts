import { describe, expect, it } from 'vitest';
import { asFlag, asIsoTime, asText, maskEmail } from '../../../gateway/accounts/json-shape.ts';

describe('json-shape readers', () => {
  it.each([
    [true, true], ['1', true], [1, true], ['on', true], ['0', false], [false, false], ['off', false], ['maybe', undefined], [null, undefined],
  ])('asFlag(%j) → %j', (v, expected) => expect(asFlag(v)).toBe(expected));

  it.each([
    ['2026-11-27T02:13:00+00:00', '2026-11-27T02:13:00.000Z'],
    ['2024-03-01T10:00:00', '2024-03-01T10:00:00.000Z'],
    [1764205980, '2025-11-27T01:13:00.000Z'],
    ['1764205980', '2025-11-27T01:13:00.000Z'],
    ['0', undefined],
    ['none', undefined],
    [{}, undefined],
  ])('asIsoTime(%j) → %j', (v, expected) => expect(asIsoTime(v)).toBe(expected));

  it.each([
    ['  x ', 200, 'x'], ['', 200, undefined], [42, 200, '42'], ['abcdef', 3, 'abc'], [{}, 200, undefined],
  ])('asText(%j, %d) → %j', (v, max, expected) => expect(asText(v, max)).toBe(expected));

  it.each([
    ['alex@example.com', 'a***@example.com'], ['ab', '***'], ['nobody', 'n***'],
  ])('maskEmail(%s) → %s', (v, expected) => expect(maskEmail(v)).toBe(expected));
});
