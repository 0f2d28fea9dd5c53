/**
 * An evidence line filled only when read. A rule keeps the first few evidence lines of each finding
 * (`aggregate.evidence`), while a busy matcher hits on thousands of flows: filling the template in every
 * language for each hit was a tenth of a whole analysis. The line reads exactly like `phraseEvidence`'s.
 */
import { phrase, type PhraseEvidence } from './phrases.ts';
import type { LangText, LangVars } from './render.ts';

/** `phraseEvidence(kind, id, vars)`, with `detail` and `texts` filled on first read. */
export function lazyPhraseEvidence(kind: string, id: string, vars: LangVars): PhraseEvidence {
  let texts: LangText | undefined;
  const fill = (): LangText => (texts ??= phrase(id, vars));
  return {
    kind,
    get detail() {
      return fill().en;
    },
    get texts() {
      return fill();
    },
  };
}
