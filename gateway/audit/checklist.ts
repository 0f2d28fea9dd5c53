/**
 * The audit's checklist: the steps of each identified device's profile (who has access, where to look, what the
 * abuser may notice) and one item per finding worth a look. Answers already given survive a rebuild (live audits
 * rebuild it as devices appear), matched by item id.
 */
import type { ChecklistItem, Device } from '../contract.ts';
import type { CompiledProfile } from '../../device-profiles/compile.ts';
import type { RuleFinding } from '../rules/engine.ts';
import type { LangText } from '../rules/render.ts';

/** An item's texts in every language the data has (the item itself carries English). */
export interface ChecklistTexts {
  text: LangText;
  why: LangText;
  noticeRisk: LangText;
}

export interface BuiltChecklist {
  items: ChecklistItem[];
  texts: Record<string, ChecklistTexts>;
}

/** Builds the checklist; `previous` items with the same id keep their status, answer, note and time. */
export function buildChecklist(
  devices: readonly Device[],
  findings: readonly RuleFinding[],
  profiles: ReadonlyMap<string, CompiledProfile>,
  previous: readonly ChecklistItem[] = [],
  now = new Date().toISOString(),
): BuiltChecklist {
  const before = new Map(previous.map((i) => [i.id, i]));
  const items: ChecklistItem[] = [];
  const texts: Record<string, ChecklistTexts> = {};
  const add = (id: string, device: string | undefined, t: ChecklistTexts) => {
    if (texts[id]) return;
    texts[id] = t;
    const old = before.get(id);
    items.push({
      id,
      ...(device ? { device } : {}),
      text: t.text.en,
      why: t.why.en,
      noticeRisk: t.noticeRisk.en,
      status: old?.status ?? 'todo',
      ...(old?.answer !== undefined ? { answer: old.answer } : {}),
      ...(old?.note !== undefined ? { note: old.note } : {}),
      updatedAt: old?.updatedAt ?? now,
    });
  };
  // Findings first: they are what was actually seen.
  for (const f of findings) {
    if (f.finding.severity === 'info') continue;
    add(`finding@${f.finding.id}`, f.finding.device, { text: f.texts.title, why: f.texts.summary, noticeRisk: f.texts.noticeRisk });
  }
  for (const d of devices) {
    const p = d.profile ? profiles.get(d.profile.id) : undefined;
    for (const step of p?.checklist ?? []) {
      add(`${step.id}@${d.id}`, d.id, { text: step.text as LangText, why: step.why as LangText, noticeRisk: step.noticeRisk as LangText });
    }
  }
  // Items answered before whose device or finding is no longer there are kept: an answer is never lost.
  for (const old of previous) if (!texts[old.id] && (old.status !== 'todo' || old.answer || old.note)) items.push(old);
  return { items, texts };
}
