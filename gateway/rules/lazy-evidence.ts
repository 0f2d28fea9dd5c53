/**
 * An evidence line filled only when read. A rule keeps the first few evidence lines of each finding
 * (`aggregate.evidence`), while a busy matcher hits on thousands of flows: filling the template in every
 * language for each hit was a tenth of an analysis. The line reads exactly like `phraseEvidence`'s; a class (no
 * closures per hit) whose `detail` and `texts` are getters, so the rule engine copies it with {@link evidenceLine}.
 */
import { phrase, type PhraseEvidence } from './phrases.ts';
import type { LangText, LangVars } from './render.ts';
import type { HitEvidence } from './matchers/types.ts';

export class LazyPhraseEvidence implements PhraseEvidence {
  private filled: LangText | undefined;

  constructor(
    readonly kind: string,
    private readonly id: string,
    private readonly vars: LangVars,
  ) {}

  get texts(): LangText {
    return (this.filled ??= phrase(this.id, this.vars));
  }

  get detail(): string {
    return this.texts.en;
  }
}

/** `phraseEvidence(kind, id, vars)`, with `detail` and `texts` filled on first read. */
export function lazyPhraseEvidence(kind: string, id: string, vars: LangVars): PhraseEvidence {
  return new LazyPhraseEvidence(kind, id, vars);
}

/** A hit's evidence as the plain line a finding keeps (`{ at, kind, detail, texts }`, as a spread would give). */
export function evidenceLine(at: string, e: HitEvidence): { at: string } & HitEvidence {
  return e instanceof LazyPhraseEvidence ? { at, kind: e.kind, detail: e.detail, texts: e.texts } : { at, ...e };
}
