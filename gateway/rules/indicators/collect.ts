/** Accumulates one file's entries, problems and skipped counts while a loader walks it. */
import { normaliseIndicator } from './normalise.ts';
import type { IndicatorCategory, IndicatorEntry, IndicatorLoadResult, IndicatorProblem } from './types.ts';

/** A collector for one source file; `result()` hands back what was gathered. */
export interface IndicatorCollector {
  /** Adds one raw indicator value; a refused value becomes a problem. */
  add(raw: unknown, category: IndicatorCategory, app?: string, guessed?: boolean): void;
  problem(code: IndicatorProblem['code'], message: string, value?: string): void;
  /** Counts an item that is valid but not a network indicator (a package name, a file hash…). */
  skip(what: string, n?: number): void;
  result(): IndicatorLoadResult;
}

export function createCollector(source: string): IndicatorCollector {
  const out: IndicatorLoadResult = { source, entries: [], problems: [], skipped: {} };
  return {
    add(raw, category, app, guessed) {
      if (typeof raw !== 'string' && typeof raw !== 'number') {
        out.problems.push({ source, code: 'bad-value', message: `not a text value: ${JSON.stringify(raw) ?? String(raw)}` });
        return;
      }
      const text = String(raw);
      const n = normaliseIndicator(text);
      if ('problem' in n) {
        out.problems.push({ source, value: text, code: n.problem, message: n.message });
        return;
      }
      const e: IndicatorEntry = { value: n.value, kind: n.kind, category, source };
      if (app) e.app = app;
      if (guessed) e.categoryGuessed = true;
      out.entries.push(e);
    },
    problem(code, message, value) {
      out.problems.push(value === undefined ? { source, code, message } : { source, value, code, message });
    },
    skip(what, n = 1) {
      if (n > 0) out.skipped[what] = (out.skipped[what] ?? 0) + n;
    },
    result: () => out,
  };
}
