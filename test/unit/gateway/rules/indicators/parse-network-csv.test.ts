import { describe, expect, it } from 'vitest';
import { parseNetworkCsv } from '../../../../../gateway/rules/indicators/parse-network-csv.ts';
import { IndicatorFileError } from '../../../../../gateway/rules/indicators/types.ts';

describe('parseNetworkCsv', () => {
  it('reads type,indicator,app rows as guessed-c2 entries', () => {
    const text = 'type,indicator,app\r\ndomain,API.Spy.example,PeekaBoo\r\nipv4,198.51.100.20,PeekaBoo\r\n\r\ndomain,"quoted.example","Quiet, Ear"\r\n';
    const r = parseNetworkCsv(text, 'network.csv');
    expect(r.entries).toEqual([
      { value: 'api.spy.example', kind: 'domain', app: 'PeekaBoo', category: 'c2', categoryGuessed: true, source: 'network.csv' },
      { value: '198.51.100.20', kind: 'ip', app: 'PeekaBoo', category: 'c2', categoryGuessed: true, source: 'network.csv' },
      { value: 'quoted.example', kind: 'domain', app: 'Quiet, Ear', category: 'c2', categoryGuessed: true, source: 'network.csv' },
    ]);
    expect(r.problems).toEqual([]);
  });

  it('accepts columns in another order and reports unknown types', () => {
    const r = parseNetworkCsv('app,indicator,type\nA,a.example,domain\nA,b.example,email\n', 'n.csv');
    expect(r.entries.map((e) => [e.value, e.app])).toEqual([['a.example', 'A']]);
    expect(r.problems).toEqual([expect.objectContaining({ code: 'bad-value', value: 'b.example', message: 'line 3: unknown type "email"' })]);
  });

  it.each([
    ['', 'empty'],
    ['\n\n', 'empty'],
    ['<html>not found</html>\n', 'bad-structure'],
    ['type,indicator,app\n', 'empty'],
    ['type,indicator,app\nfoo,bar,baz\n', 'empty'],
  ])('refuses %j (%s)', (text, code) => {
    expect(() => parseNetworkCsv(text, 'network.csv')).toThrowError(IndicatorFileError);
    try {
      parseNetworkCsv(text, 'network.csv');
    } catch (err) {
      expect((err as IndicatorFileError).code).toBe(code);
      expect((err as Error).message.startsWith('network.csv: ')).toBe(true);
    }
  });
});
