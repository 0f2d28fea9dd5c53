/**
 * The audit's checklist: the steps of each identified device's profile (who has access, where to look, what the
 * abuser may notice), one item per finding worth a look, and one "Do you know this app / person / phone?" item per
 * access entry of a device (id `access@<entry id>`, answered Yes / No / Not sure). Answers already given survive a
 * rebuild (live audits rebuild it as devices appear), matched by item id.
 */
import { fileURLToPath } from 'node:url';
import { readYamlFile } from '../util/yaml-cache.ts';
import { z } from 'zod';
import type { AccessEntry, Category, ChecklistItem, Device } from '../contract.ts';
import type { CompiledProfile } from '../../device-profiles/compile.ts';
import { LangMapSchema } from '../../device-profiles/schema.ts';
import type { RuleFinding } from '../rules/engine.ts';
import { fillLangText, type LangText } from '../rules/render.ts';

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
  access: AccessChecklist = builtInAccessChecklist(),
  /** Steps for a device no profile names but whose kind is hinted (issue 12): the kind's checklist. */
  hintSteps?: (category: Category) => CompiledProfile['checklist'],
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
    const steps = p?.checklist ?? (d.hint && hintSteps ? hintSteps(d.hint.level === 'likely' ? d.hint.category : 'unknown') : []);
    for (const step of steps) {
      add(`${step.id}@${d.id}`, d.id, { text: step.text as LangText, why: step.why as LangText, noticeRisk: step.noticeRisk as LangText });
    }
  }
  for (const d of devices) {
    for (const e of d.access ?? []) {
      const t = access.kinds[e.kind];
      if (!t) continue;
      const vars = { label: e.texts?.label ?? e.label };
      add(`access@${e.id}`, d.id, { text: fillLangText(t.text as LangText, vars), why: t.why as LangText, noticeRisk: access.noticeRisk as LangText });
    }
  }
  // Items answered before whose device or finding is no longer there are kept: an answer is never lost.
  for (const old of previous) if (!texts[old.id] && (old.status !== 'todo' || old.answer || old.note)) items.push(old);
  return { items, texts };
}

/** Entry kinds that get a checklist item: the ones a person can recognise (an app, a person, a phone, an account). */
export const ACCESS_CHECKLIST_KINDS = ['app', 'user', 'session', 'cloud-account', 'location-tracker', 'vpn-peer', 'ecosystem'] as const;

const KindTexts = z.object({ text: LangMapSchema, why: LangMapSchema }).strict();

/** Shape of `device-profiles/access-checklist.yaml`. */
export const AccessChecklistSchema = z
  .object({
    answers: z.array(z.object({ value: z.string().regex(/^[a-z][a-z-]*$/), label: LangMapSchema }).strict()).min(2),
    kinds: z.object(Object.fromEntries(ACCESS_CHECKLIST_KINDS.map((k) => [k, KindTexts])) as Record<(typeof ACCESS_CHECKLIST_KINDS)[number], typeof KindTexts>).strict(),
    noticeRisk: LangMapSchema,
  })
  .strict();
export type AccessChecklist = Omit<z.infer<typeof AccessChecklistSchema>, 'kinds'> & { kinds: Partial<Record<AccessEntry['kind'], z.infer<typeof KindTexts>>> };

export const ACCESS_CHECKLIST_FILE = fileURLToPath(new URL('../../device-profiles/access-checklist.yaml', import.meta.url));

/** Reads and validates the access checklist texts; throws with the file name when the file is bad. */
export function loadAccessChecklist(file = ACCESS_CHECKLIST_FILE): AccessChecklist {
  const parsed = AccessChecklistSchema.safeParse(readYamlFile(file));
  if (!parsed.success) throw new Error(`${file}: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`);
  return parsed.data;
}

let builtIn: AccessChecklist | undefined;

/** The built-in access checklist texts, read once. */
export function builtInAccessChecklist(): AccessChecklist {
  builtIn ??= loadAccessChecklist();
  return builtIn;
}
