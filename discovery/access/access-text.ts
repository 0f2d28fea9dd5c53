/**
 * An access entry's words in every language: the label and detail templates live in `pcap-rules/phrases.yaml`
 * (`access`), the entry keeps English in `label` / `detail` and every language in `texts` (issue 15).
 */
import type { AccessEntry } from '../../gateway/contract.ts';
import { accessPhrase, joinWords } from '../../gateway/rules/phrases.ts';
import type { LangText } from '../../gateway/rules/render.ts';

export { accessPhrase };

/** `label`, `detail` (its parts joined with "; ") and `texts` of an entry. */
export function entryWords(label: LangText, detail?: LangText | readonly LangText[]): Pick<AccessEntry, 'label' | 'detail' | 'texts'> {
  const d = Array.isArray(detail) ? (detail.length ? joinWords(detail, '; ') : undefined) : (detail as LangText | undefined);
  return { label: label.en, ...(d ? { detail: d.en } : {}), texts: { label, ...(d ? { detail: d } : {}) } };
}

/** "yes" or "no" in every language. */
export function yesNo(v: boolean): LangText {
  return accessPhrase(v ? 'yes' : 'no');
}
