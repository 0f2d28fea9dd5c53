/** Shared check for the account mappers' tests: every entry carries its words in Spanish and Brazilian Portuguese. */
import { expect } from 'vitest';
import type { AccessEntry } from '../../../gateway/contract.ts';

/** Each entry's `texts` hold the English label/detail and a filled, different es and pt-BR text for each. */
export function expectEveryLanguage(entries: readonly AccessEntry[], minimum: number): void {
  expect(entries.length).toBeGreaterThanOrEqual(minimum);
  for (const e of entries) {
    const fields: Array<['label' | 'detail', string | undefined]> = [['label', e.label], ['detail', e.detail]];
    for (const [field, en] of fields) {
      const texts = e.texts?.[field];
      if (en !== undefined) expect(en, `${e.id} ${field}`).not.toMatch(/\{[A-Za-z]\w*\}/);
      if (en === undefined) {
        expect(texts, `${e.id} ${field}`).toBeUndefined();
        continue;
      }
      expect(texts?.en, `${e.id} ${field} en`).toBe(en);
      for (const lang of ['es', 'pt-BR']) {
        const t = texts?.[lang];
        expect(t, `${e.id} ${field} ${lang}`).toBeTypeOf('string');
        expect(t, `${e.id} ${field} ${lang}`).not.toBe(en);
        expect(t, `${e.id} ${field} ${lang}`).not.toMatch(/\{[A-Za-z]\w*\}/);
      }
    }
  }
}
