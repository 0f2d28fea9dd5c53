import { describe, expect, it } from 'vitest';
import { parseHostsList } from '../../../../../gateway/rules/indicators/parse-hosts-list.ts';
import { IndicatorFileError } from '../../../../../gateway/rules/indicators/types.ts';

describe('parseHostsList', () => {
  it('reads bare names, hosts-file lines and skips comments', () => {
    const r = parseHostsList('# list\nA.example\n0.0.0.0 b.example c.example # two\n\n192.0.2.1 not-a-sink.example\n', 'hosts');
    expect(r.entries.map((e) => [e.value, e.category])).toEqual([
      ['a.example', 'c2'],
      ['b.example', 'c2'],
      ['c.example', 'c2'],
    ]);
    expect(r.problems).toHaveLength(1);
  });

  it.each([
    ['', 'empty'],
    ['# only a comment\n', 'empty'],
    ['<html> <body> </html>\n', 'bad-structure'],
  ])('refuses %j', (text, code) => {
    expect(() => parseHostsList(text, 'hosts')).toThrowError(IndicatorFileError);
    expect(() => parseHostsList(text, 'hosts')).toThrowError(expect.objectContaining({ code }));
  });
});
