import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseStix2 } from '../../../../../gateway/rules/indicators/parse-stix2.ts';
import { IndicatorFileError } from '../../../../../gateway/rules/indicators/types.ts';

const FIXTURE = readFileSync(new URL('./fixtures/synthetic.stix2', import.meta.url), 'utf8');

describe('parseStix2', () => {
  it('reads network patterns and names the app through "indicates" relationships', () => {
    const r = parseStix2(FIXTURE, 'synthetic.stix2');
    expect(r.entries.map((e) => [e.value, e.kind, e.app, e.category])).toEqual([
      ['sync.peekaboo-tracker.example', 'domain', 'PeekaBoo Tracker', 'c2'],
      ['198.51.100.23', 'ip', 'PeekaBoo Tracker', 'c2'],
      ['panel.quietear.example', 'domain', 'QuietEar', 'c2'],
      ['2001:db8::7', 'ip', 'QuietEar', 'c2'],
      ['a.quietear.example', 'domain', 'QuietEar', 'c2'],
      ['b.quietear.example', 'domain', 'QuietEar', 'c2'],
      ['unlinked-stats.example', 'domain', undefined, 'other'],
    ]);
    expect(r.entries.every((e) => e.categoryGuessed)).toBe(true);
    expect(r.skipped).toEqual({ 'file:hashes.sha256': 1, 'app:id': 1 });
    expect(r.problems.map((p) => p.code)).toEqual(['unsupported-pattern', 'url-with-path']);
  });

  it('unescapes quotes in pattern values', () => {
    const bundle = { type: 'bundle', objects: [{ type: 'indicator', id: 'indicator--1', pattern: "[domain-name:value = 'it\\'s.example']" }] };
    const r = parseStix2(JSON.stringify(bundle), 'q.stix2');
    // An apostrophe is not valid in a host name: the value is reported, after unescaping.
    expect(r.problems).toEqual([expect.objectContaining({ code: 'bad-value', value: "it's.example" })]);
  });

  it.each([
    ['', 'empty'],
    ['{"type": "bundle", "objects": [', 'bad-syntax'],
    ['{"type": "report", "objects": []}', 'bad-structure'],
    ['{"type": "bundle"}', 'bad-structure'],
    ['{"type": "bundle", "objects": [{"type": "malware", "id": "malware--1", "name": "X"}]}', 'empty'],
    ['{"type": "bundle", "objects": [{"type": "indicator", "id": "indicator--1", "pattern": "[app:id = \'x\']"}]}', 'empty'],
  ])('refuses %j (%s)', (text, code) => {
    let caught: unknown;
    try {
      parseStix2(text, 'b.stix2');
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(IndicatorFileError);
    expect(caught).toMatchObject({ code, file: 'b.stix2' });
  });
});
