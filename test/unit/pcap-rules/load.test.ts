import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { loadRules, placeholdersOf } from '../../../pcap-rules/load.ts';

const tmp = mkdtempSync(join(tmpdir(), 'hs-rules-load-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const good = {
  id: 'HS-TEST-0001', title: { en: 'Title' }, summary: { en: '{device} looked up {host}' }, advice: { en: 'Advice' },
  noticeRisk: { en: 'Nothing' }, severity: 'low', status: 'experimental', references: ['https://example.org/'],
  match: { matcher: 'domain-suffix', params: { suffixes: ['ddns.net'] } },
};

function folder(files: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmp, 'set-'));
  for (const [name, doc] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), typeof doc === 'string' ? doc : stringify(doc));
  }
  return dir;
}

describe('loadRules', () => {
  it('loads a good rule with defaults filled', () => {
    const set = loadRules(folder({ 'test/HS-TEST-0001.yaml': good }));
    expect(set.problems).toEqual([]);
    expect(set.rules[0]!.rule.aggregate).toEqual({ evidence: 5 });
    expect(set.rules[0]!.matcher.name).toBe('domain-suffix');
  });

  it.each([
    ['not YAML', 'id: [', /not valid YAML/],
    ['no English text', { ...good, title: { fr: 'Titre' } }, /title\.en/],
    ['a bad id', { ...good, id: 'HS-1' }, /^id: must look like HS-FAMILY-0001/],
    ['an unknown matcher', { ...good, match: { matcher: 'regex', params: {} } }, /^match/],
    ["params the matcher's schema refuses", { ...good, match: { matcher: 'domain-suffix', params: { suffixes: 'ddns.net' } } }, /^match\.params\.suffixes/],
    ['an unknown placeholder', { ...good, summary: { en: '{device} looked up {hots}' } }, /unknown placeholder \{hots\}/],
    ['an unknown field', { ...good, when: 'always' }, /Unrecognized key/],
    ['an id that does not name the file', { ...good, id: 'HS-TEST-0002' }, /does not match the file path/],
    ['a bad severity', { ...good, severity: 'critical' }, /^severity/],
  ])('reports %s with the file and skips it', (_what, doc, reason) => {
    const set = loadRules(folder({ 'test/HS-TEST-0001.yaml': doc, 'test/HS-TEST-0003.yaml': { ...good, id: 'HS-TEST-0003' } }));
    expect(set.rules.map((r) => r.rule.id)).toEqual(['HS-TEST-0003']);
    expect(set.problems).toHaveLength(1);
    expect(set.problems[0]!.file).toBe('test/HS-TEST-0001.yaml');
    expect(set.problems[0]!.reason).toMatch(reason);
  });

  it('refuses a duplicate id and ignores the indicators folder and root files', () => {
    const set = loadRules(folder({
      'test/HS-TEST-0001.yaml': good, 'test/HS-TEST-0001.yml': good, 'indicators/sources.yaml': { x: 1 }, 'rule.yaml': { y: 1 },
    }));
    expect(set.rules).toHaveLength(1);
    expect(set.problems.map((p) => p.reason)).toEqual([expect.stringMatching(/duplicate id/)]);
  });

  it('finds placeholders', () => {
    expect(placeholdersOf('{device} to {host}:{port}')).toEqual(['device', 'host', 'port']);
  });
});
