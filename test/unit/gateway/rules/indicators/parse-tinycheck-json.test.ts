import { describe, expect, it } from 'vitest';
import { parseTinycheckJson } from '../../../../../gateway/rules/indicators/parse-tinycheck-json.ts';
import { IndicatorFileError } from '../../../../../gateway/rules/indicators/types.ts';

const FEED = JSON.stringify({
  iocs: [
    { type: 'domain', tag: 'stalkerware', tlp: 'white', value: 'c2.spy.example' },
    { type: 'ip4addr', tag: 'stalkerware', tlp: 'white', value: '198.51.100.20' },
    { type: 'ip6addr', tag: 'spyware', tlp: 'white', value: '2001:db8::20' },
    { type: 'cidr', tag: 'suspect', tlp: 'white', value: '203.0.113.0/24' },
    { type: 'domain', tag: 'tracker', tlp: 'white', value: 'links.tracker.example' },
    { type: 'freedns', tag: 'suspect', tlp: 'white', value: 'dyn.example' },
    { type: 'tld', tag: 'suspect', tlp: 'white', value: '.xyz' },
    { type: 'sha1cert', tag: 'stalkerware', tlp: 'white', value: '0'.repeat(40) },
    { type: 'domain', tag: 'stalkerware', tlp: 'white', value: 'removed.example' },
    { type: 'domain', tag: 'stalkerware', tlp: 'white', value: 'bad host' },
  ],
  to_delete: [{ value: 'Removed.Example' }],
});

describe('parseTinycheckJson', () => {
  it('reads domain, IP and CIDR IOCs; tags pick the category; other types are counted as skipped', () => {
    const r = parseTinycheckJson(FEED, 'iocs.json');
    expect(r.entries.map((e) => [e.value, e.kind, e.category, e.categoryGuessed])).toEqual([
      ['c2.spy.example', 'domain', 'c2', true],
      ['198.51.100.20', 'ip', 'c2', true],
      ['2001:db8::20', 'ip', 'c2', true],
      ['203.0.113.0/24', 'cidr', 'other', true],
      ['links.tracker.example', 'domain', 'other', true],
    ]);
    expect(r.skipped).toEqual({ 'type freedns': 1, 'type tld': 1, 'type sha1cert': 1, 'listed in to_delete': 1 });
    expect(r.problems).toEqual([expect.objectContaining({ code: 'bad-value', value: 'bad host' })]);
  });

  it("accepts TinyCheck's backend export (extra fields per IOC) and a bare array", () => {
    const exported = JSON.stringify({ iocs: [{ id: 7, type: 'domain', tag: 'stalkerware', tlp: 'white', value: 'x.example', source: 'backend', added_on: 1600000000 }] });
    expect(parseTinycheckJson(exported, 'iocs-export.json').entries.map((e) => e.value)).toEqual(['x.example']);
    expect(parseTinycheckJson(JSON.stringify([{ type: 'domain', value: 'y.example' }]), 'a.json').entries.map((e) => e.value)).toEqual(['y.example']);
  });

  it.each([
    ['', 'empty'],
    ['{"iocs": [', 'bad-syntax'],
    ['{"elements": []}', 'bad-structure'],
    ['{"iocs": []}', 'empty'],
    ['{"iocs": [{"type": "snort", "value": "alert ip any any -> any any"}]}', 'empty'],
    ['"iocs"', 'bad-structure'],
  ])('refuses %j (%s)', (text, code) => {
    let caught: unknown;
    try {
      parseTinycheckJson(text, 'iocs.json');
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(IndicatorFileError);
    expect(caught).toMatchObject({ code, file: 'iocs.json' });
  });
});
