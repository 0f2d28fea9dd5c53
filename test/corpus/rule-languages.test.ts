/**
 * Every user-facing text of every built-in detection rule and device profile, and of the shared texts beside
 * them (access checklist, "what this check cannot see", risk reasons, account checks, the evidence phrases and
 * words of pcap-rules/phrases.yaml), exists in Spanish and
 * Brazilian Portuguese as well as English (the product promises all three complete), and each translation uses
 * the same placeholders as its English one, so a summary never shows a raw `{name}` or loses a value.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { DEFAULT_RULES_DIR, listRuleFiles, loadRules, placeholdersOf } from '../../pcap-rules/load.ts';
import { DEFAULT_PROFILES_DIR, listProfileFiles } from '../../device-profiles/load.ts';
import { DEFAULT_CATALOG_FILE } from '../../gateway/accounts/catalog.ts';
import { PHRASES_FILE } from '../../pcap-rules/phrases.ts';

/** Languages every rule and profile text must have. */
const REQUIRED = ['es', 'pt-BR'];

/**
 * Translations allowed to leave out an English placeholder, with the reason. Only for a placeholder the matcher
 * fills with an English word, which would read wrongly inside the translation. Adding one is never allowed.
 */
const MAY_OMIT: Record<string, { placeholders: string[]; reason: string }> = {
  'HS-MQTT-0007 summary.es': {
    placeholders: ['entity'],
    reason: 'mqtt-entity fills {entity} with an English word ("lock", "alarm"); the Spanish names both instead',
  },
  'HS-MQTT-0007 summary.pt-BR': {
    placeholders: ['entity'],
    reason: 'mqtt-entity fills {entity} with an English word ("lock", "alarm"); the Portuguese names both instead',
  },
};

/** A language map found in a rule: where it is (`advice`, `match.params.x`) and its texts by language. */
interface FoundMap {
  path: string;
  map: Record<string, string>;
}

/** Language maps anywhere in a parsed rule: plain objects whose `en` is a string. */
function languageMaps(value: unknown, path = ''): FoundMap[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => languageMaps(v, `${path}[${i}]`));
  if (value === null || typeof value !== 'object') return [];
  const obj = value as Record<string, unknown>;
  if (typeof obj.en === 'string') return [{ path, map: obj as Record<string, string> }];
  return Object.entries(obj).flatMap(([k, v]) => languageMaps(v, path ? `${path}.${k}` : k));
}

/** Problems of one rule: a required language missing, or a translation whose placeholder set differs from English. */
function languageProblems(id: string, rule: unknown): string[] {
  const problems: string[] = [];
  for (const { path, map } of languageMaps(rule)) {
    const en = new Set(placeholdersOf(map.en!));
    for (const lang of REQUIRED) {
      const text = map[lang];
      if (typeof text !== 'string' || text.trim() === '') {
        problems.push(`${id} ${path}: no "${lang}" text`);
        continue;
      }
      const got = new Set(placeholdersOf(text));
      const allowed = new Set(MAY_OMIT[`${id} ${path}.${lang}`]?.placeholders ?? []);
      const missing = [...en].filter((p) => !got.has(p) && !allowed.has(p));
      const extra = [...got].filter((p) => !en.has(p));
      if (missing.length > 0 || extra.length > 0) {
        problems.push(
          `${id} ${path}.${lang}: placeholders differ from English` +
            (missing.length ? ` (missing ${missing.map((p) => `{${p}}`).join(', ')})` : '') +
            (extra.length ? ` (not in English ${extra.map((p) => `{${p}}`).join(', ')})` : ''),
        );
      }
    }
  }
  return problems;
}

describe('rule texts in every language', () => {
  const set = loadRules();

  it('loads every rule file, so none escapes the language check', () => {
    expect(set.problems).toEqual([]);
    expect(set.rules.length).toBe(listRuleFiles(DEFAULT_RULES_DIR).length);
    expect(set.rules.length).toBeGreaterThan(0);
  });

  it('finds the four schema language maps in each rule', () => {
    for (const { rule } of set.rules) {
      const paths = languageMaps(rule).map((m) => m.path);
      expect(paths, rule.id).toEqual(expect.arrayContaining(['title', 'summary', 'advice', 'noticeRisk']));
    }
  });

  it('has Spanish and Portuguese with the same placeholders as English for every text', () => {
    const problems = set.rules.flatMap(({ rule }) => languageProblems(rule.id, rule));
    // The list itself is the failure message: each entry names the rule, the field and what is wrong.
    expect(problems).toEqual([]);
  });

  it('needs each allowed omission still (a stale entry would hide a future gap)', () => {
    for (const key of Object.keys(MAY_OMIT)) {
      const [id, where] = key.split(' ') as [string, string];
      const loaded = set.rules.find((r) => r.rule.id === id);
      expect(loaded, key).toBeDefined();
      const lang = where.slice(where.lastIndexOf('.') + 1);
      const found = languageMaps(loaded!.rule).find((m) => `${m.path}.${lang}` === where);
      expect(found, key).toBeDefined();
      const got = new Set(placeholdersOf(found!.map[lang] ?? ''));
      for (const p of MAY_OMIT[key]!.placeholders) {
        expect(placeholdersOf(found!.map.en!), key).toContain(p);
        expect(got.has(p), `${key} now has {${p}}: remove it from MAY_OMIT`).toBe(false);
      }
    }
  });

  it('reports a missing translation and a changed placeholder', () => {
    const rule = {
      title: { en: 'A title' },
      summary: { en: '{device} talked to {host}.', es: '{device} habló con {servidor}.' },
      advice: { en: 'Look.', es: 'Mira.' },
      noticeRisk: { en: 'Nothing.', es: 'Nada.' },
    };
    expect(languageProblems('HS-TEST-0001', rule)).toEqual([
      'HS-TEST-0001 title: no "es" text',
      'HS-TEST-0001 title: no "pt-BR" text',
      'HS-TEST-0001 summary.es: placeholders differ from English (missing {host}) (not in English {servidor})',
      'HS-TEST-0001 summary: no "pt-BR" text',
      'HS-TEST-0001 advice: no "pt-BR" text',
      'HS-TEST-0001 noticeRisk: no "pt-BR" text',
    ]);
  });
});

/**
 * Profiles under `generated/` are written by a tool from public lists and carry English only until reviewed;
 * every hand-written profile and shared text file is checked.
 */
const profileFiles = listProfileFiles(DEFAULT_PROFILES_DIR).filter((f) => !f.startsWith('generated/'));
const sharedTextFiles = ['access-checklist.yaml', 'cannot-see.yaml', 'risk.yaml'].map((f) => join(DEFAULT_PROFILES_DIR, f));

describe('device profile and shared texts in every language', () => {
  it('finds the profiles and their texts', () => {
    expect(profileFiles.length).toBeGreaterThanOrEqual(80);
    const first = parse(readFileSync(join(DEFAULT_PROFILES_DIR, profileFiles[0]!), 'utf8'));
    expect(languageMaps(first).map((m) => m.path)).toContain('name');
  });

  it.each(profileFiles)('%s has Spanish and Portuguese with the same placeholders as English', (file) => {
    const raw = parse(readFileSync(join(DEFAULT_PROFILES_DIR, file), 'utf8'));
    expect(languageProblems(file, raw)).toEqual([]);
  });

  it.each([...sharedTextFiles, DEFAULT_CATALOG_FILE, PHRASES_FILE])('%s has Spanish and Portuguese with the same placeholders as English', (file) => {
    const raw = parse(readFileSync(file, 'utf8'));
    expect(languageMaps(raw).length).toBeGreaterThan(0);
    expect(languageProblems(file, raw)).toEqual([]);
  });
});
