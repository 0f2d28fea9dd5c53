import { describe, expect, it } from 'vitest';
import { labelSuffixes } from '../../../../../gateway/rules/indicators/label-suffixes.ts';

describe('labelSuffixes', () => {
  it.each([
    ['a.b.example.com', ['a.b.example.com', 'b.example.com', 'example.com', 'com']],
    ['localhost', ['localhost']],
    ['x.y', ['x.y', 'y']],
  ])('%s', (host, expected) => {
    expect(labelSuffixes(host)).toEqual(expected);
  });

  it('answers a repeat of the last host with the same list, and a new host with its own', () => {
    const a = labelSuffixes('cam.ddns.net');
    expect(labelSuffixes('cam.ddns.net')).toBe(a);
    expect(labelSuffixes('other.example.org')).toEqual(['other.example.org', 'example.org', 'org']);
    expect(labelSuffixes('cam.ddns.net')).toEqual(['cam.ddns.net', 'ddns.net', 'net']);
  });
});
