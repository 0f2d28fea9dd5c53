/**
 * The UI's message catalogs: Spanish complete, Brazilian Portuguese covering the UI chrome, every key the code
 * uses present in English, and the same placeholders in every translation. Missing keys are listed per language.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CAPABILITIES, CATEGORIES } from '../../../gateway/contract.ts';

const UI = fileURLToPath(new URL('../../../ui/', import.meta.url));
const read = (lang: string): Record<string, string> => JSON.parse(readFileSync(join(UI, 'i18n', `${lang}.json`), 'utf8'));
const en = read('en');
const catalogs: Record<string, Record<string, string>> = { es: read('es'), 'pt-BR': read('pt-BR') };

/** Keys that may fall back to English in pt-BR: optional labels, not UI chrome (they fall back to the raw kind). */
const NOT_CHROME = ['evidence.'];

function missing(lang: string, chromeOnly: boolean): string[] {
  const cat = catalogs[lang]!;
  return Object.keys(en).filter((k) => !(k in cat) && !(chromeOnly && NOT_CHROME.some((p) => k.startsWith(p))));
}

function report(lang: string, keys: string[]): void {
  // Listed on purpose: the CI log then says exactly which translations are still to write.
  console.log(keys.length ? `${lang}: ${keys.length} missing key(s):\n  ${keys.join('\n  ')}` : `${lang}: no missing keys`);
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.name === 'dist' || e.name === 'node_modules'
      ? []
      : e.isDirectory()
        ? sourceFiles(join(dir, e.name))
        : e.name.endsWith('.ts')
          ? [join(dir, e.name)]
          : [],
  );
}

const placeholders = (s: string): string[] => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).sort();

describe('UI message catalogs', () => {
  it('Spanish has every English key', () => {
    const gaps = missing('es', false);
    report('es', gaps);
    expect(gaps).toEqual([]);
  });

  it('Brazilian Portuguese covers the UI chrome', () => {
    report('pt-BR', missing('pt-BR', false));
    expect(missing('pt-BR', true)).toEqual([]);
  });

  it.each(['es', 'pt-BR'])('%s has no keys English lacks and keeps the placeholders', (lang) => {
    const cat = catalogs[lang]!;
    expect(Object.keys(cat).filter((k) => !(k in en))).toEqual([]);
    const wrong = Object.keys(cat).filter((k) => placeholders(cat[k]!).join() !== placeholders(en[k]!).join());
    expect(wrong).toEqual([]);
  });

  it('every literal key the UI code asks for exists in English', () => {
    const used = new Set<string>();
    for (const file of sourceFiles(UI)) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/\bt\('([\w.-]+)'/g)) used.add(m[1]!);
      for (const m of text.matchAll(/\btp\('([\w.-]+)'/g)) used.add(`${m[1]!}.other`);
    }
    expect(used.size).toBeGreaterThan(50);
    expect([...used].filter((k) => !(k in en))).toEqual([]);
  });

  it('every category and capability of the contract has a label', () => {
    const keys = [...CATEGORIES.map((c) => `category.${c}`), ...CAPABILITIES.map((c) => `capability.${c}`)];
    expect(keys.filter((k) => !(k in en))).toEqual([]);
  });
});
