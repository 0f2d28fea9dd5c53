/**
 * Corpus checks over the clue knowledge (device-profiles/knowledge/) and the generated profiles: everything loads,
 * no token, domain or word is claimed by two makers or kinds, every model pattern matches an example of itself, every
 * text users see has English, Spanish and Brazilian Portuguese, and the generated data names its source and licence.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CATEGORIES } from '../../gateway/contract.ts';
import { compileModelPattern, loadClueKnowledge } from '../../device-profiles/knowledge.ts';
import { DEFAULT_PROFILES_DIR, loadProfiles } from '../../device-profiles/load.ts';

const dir = DEFAULT_PROFILES_DIR;
const library = loadProfiles(dir);
const yaml = (name: string) => parse(readFileSync(`${dir}/knowledge/${name}`, 'utf8'));
const dupes = (values: string[]) => values.filter((v, i) => values.indexOf(v) !== i);
const LANGS = ['en', 'es', 'pt-BR'];

describe('clue knowledge', () => {
  it('loads with no problems', () => {
    expect(library.problems).toEqual([]);
    expect(library.clues).toBeDefined();
  });

  it('every category has capabilities and a noun in every language', () => {
    const cats = yaml('categories.yaml').categories as Record<string, { noun: Record<string, string> }>;
    expect(Object.keys(cats).sort()).toEqual([...CATEGORIES].sort());
    for (const [c, v] of Object.entries(cats)) for (const l of LANGS) expect(v.noun[l], `${c}.${l}`).toBeTruthy();
  });

  it('every hint text, protocol fact and category checklist step is in every language', () => {
    const maps: Record<string, string>[] = [
      ...Object.values(yaml('clues.yaml').texts as Record<string, Record<string, string>>),
      ...(yaml('protocols.yaml').facts as { text: Record<string, string> }[]).map((f) => f.text),
      yaml('protocols.yaml').upload.text,
      ...[...library.clues!.categories.values()].flatMap((c) => c.checklist.flatMap((s) => [s.text, s.why, s.noticeRisk])),
      ...library.clues!.defaultChecklist.flatMap((s) => [s.text, s.why, s.noticeRisk]),
    ];
    for (const m of maps) for (const l of LANGS) expect(m[l], JSON.stringify(m)).toBeTruthy();
  });

  it('no brand token, cloud domain, keyword or protocol id is claimed twice', () => {
    expect(dupes((yaml('brands.yaml').brands as { tokens: string[] }[]).flatMap((b) => b.tokens))).toEqual([]);
    expect(dupes((yaml('clouds.yaml').clouds as { domains: string[] }[]).flatMap((c) => c.domains))).toEqual([]);
    expect(dupes((yaml('keywords.yaml').keywords as { words: string[] }[]).flatMap((k) => k.words))).toEqual([]);
    expect(dupes((yaml('protocols.yaml').facts as { id: string }[]).map((f) => f.id))).toEqual([]);
  });

  it('every model pattern matches an example of itself', () => {
    const bad: string[] = [];
    for (const s of yaml('models.yaml').series as { patterns: string[] }[]) {
      for (const p of s.patterns) {
        const example = p.replace(/#/g, '1').replace(/@/g, 'a').replace(/\?/g, '_').replace(/\*/g, 'X');
        const re = compileModelPattern(p);
        re.lastIndex = 0;
        if (!re.test(example)) bad.push(`${p} (${example})`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('no model pattern is listed twice', () => {
    expect(dupes((yaml('models.yaml').series as { patterns: string[] }[]).flatMap((s) => s.patterns.map((p) => p.toLowerCase())))).toEqual([]);
  });
});

describe('the knowledge files as read', () => {
  it('are the files themselves, so an edit takes effect', () => {
    const tmp = mkdtempSync(join(tmpdir(), 'hs-knowledge-'));
    try {
      cpSync(`${dir}/knowledge`, join(tmp, 'knowledge'), { recursive: true });
      const clues = readFileSync(join(tmp, 'knowledge', 'clues.yaml'), 'utf8');
      writeFileSync(join(tmp, 'knowledge', 'clues.yaml'), clues.replace('categoryAt: 0.6', 'categoryAt: 0.65'));
      expect(loadClueKnowledge(tmp, [])?.categoryAt).toBe(0.65);
      expect(loadClueKnowledge(dir, [])?.categoryAt).toBe(0.6);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});

describe('generated profiles', () => {
  const file = JSON.parse(readFileSync(`${dir}/generated/home-assistant.json`, 'utf8')) as { source: { commit: string; licence: string }; profiles: { id: string; name: Record<string, string> }[] };
  const generated = library.profiles.filter((p) => p.generated);

  it('are loaded, each with a checklist (its category\'s when it has none of its own)', () => {
    expect(generated.length).toBe(file.profiles.length);
    expect(generated.length).toBeGreaterThan(100);
    for (const p of generated) expect(p.checklist.length, p.id).toBeGreaterThan(0);
  });

  it('name their source, commit and licence, also in SOURCES.md', () => {
    expect(file.source.licence).toBe('Apache-2.0');
    const sources = readFileSync(`${dir}/generated/SOURCES.md`, 'utf8');
    expect(sources).toContain(file.source.commit);
    expect(sources).toContain('Apache-2.0');
  });

  it('every name exists in English, Spanish and Brazilian Portuguese', () => {
    for (const p of file.profiles) for (const l of LANGS) expect(p.name[l], `${p.id}.${l}`).toBeTruthy();
  });

  it('rank below hand-written and generic profiles', () => {
    for (const p of generated) expect(p.priority, p.id).toBeLessThan(-2);
  });
});
