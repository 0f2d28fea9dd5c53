import { describe, expect, it } from 'vitest';
import { parseEchapYaml } from '../../../../../gateway/rules/indicators/parse-echap-yaml.ts';
import { IndicatorFileError } from '../../../../../gateway/rules/indicators/types.ts';

const YAML = `- name: PeekaBoo
  type: stalkerware
  packages: [com.example.peekaboo, com.example.peekaboo.kids]
  certificates: [0000000000000000000000000000000000000000]
  websites:
  - peekaboo.example
  - WWW.PeekaBoo.example.
  distribution:
  - dl.peekaboo.example
  - https://forge.example/someone/peekaboo
  c2:
    domains:
    - api.peekaboo.example
    - 203.0.113.5
    ips:
    - 198.51.100.20
- name: QuietEar
  type: watchware
  c2:
    ip:
    - 198.51.100.21
- name: NoNetwork
  packages: [com.example.none]
`;

describe('parseEchapYaml', () => {
  it('reads C2, web sites and download hosts with their app and category', () => {
    const r = parseEchapYaml(YAML, 'ioc.yaml');
    expect(r.entries).toEqual([
      { value: 'api.peekaboo.example', kind: 'domain', app: 'PeekaBoo', category: 'c2', source: 'ioc.yaml' },
      // An address in the domain list is an IP indicator (the real ioc.yaml has one).
      { value: '203.0.113.5', kind: 'ip', app: 'PeekaBoo', category: 'c2', source: 'ioc.yaml' },
      { value: '198.51.100.20', kind: 'ip', app: 'PeekaBoo', category: 'c2', source: 'ioc.yaml' },
      { value: 'peekaboo.example', kind: 'domain', app: 'PeekaBoo', category: 'marketing', source: 'ioc.yaml' },
      { value: 'www.peekaboo.example', kind: 'domain', app: 'PeekaBoo', category: 'marketing', source: 'ioc.yaml' },
      { value: 'dl.peekaboo.example', kind: 'domain', app: 'PeekaBoo', category: 'other', source: 'ioc.yaml' },
      // `c2.ip` (singular) is read too: two real apps spell it that way.
      { value: '198.51.100.21', kind: 'ip', app: 'QuietEar', category: 'c2', source: 'ioc.yaml' },
    ]);
    expect(r.problems).toEqual([expect.objectContaining({ code: 'url-with-path', value: 'https://forge.example/someone/peekaboo' })]);
    expect(r.skipped).toEqual({ 'package name': 3, certificate: 1 });
  });

  it('reports a bad item and keeps the rest', () => {
    const r = parseEchapYaml(`- just a string\n- websites: [x.example]\n- name: A\n  c2: {domains: [a.example, "bad host"]}\n`, 'ioc.yaml');
    expect(r.entries.map((e) => e.value)).toEqual(['a.example']);
    expect(r.problems.map((p) => p.message)).toEqual(['item 1 is not an app mapping', 'item 2 has no name', '"bad host" is not a valid host name']);
  });

  it.each([
    ['invalid YAML', '- name: A\n  c2: [unclosed\n', 'bad-syntax', /ioc\.yaml: invalid YAML/],
    ['an empty file', '', 'empty', /ioc\.yaml: the file is empty/],
    ['a mapping', 'name: A\n', 'bad-structure', /expected a YAML list of apps/],
    ['apps without network indicators', '- name: A\n  packages: [x]\n', 'empty', /1 app\(s\) but no network indicator/],
    ['a list of strings', '- a\n- b\n', 'empty', /no app/],
  ])('refuses %s with a typed error naming the file', (_what, text, code, message) => {
    let caught: unknown;
    try {
      parseEchapYaml(text, 'ioc.yaml');
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(IndicatorFileError);
    expect((caught as IndicatorFileError).code).toBe(code);
    expect((caught as IndicatorFileError).file).toBe('ioc.yaml');
    expect((caught as Error).message).toMatch(message);
  });
});
