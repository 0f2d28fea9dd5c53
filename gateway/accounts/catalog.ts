/**
 * Loads `account-checks.yaml` (read → parse → validate once) and gives the UI each check's texts in one language.
 * A bad file is reported, never thrown, so the health view can show it.
 */
import { fileURLToPath } from 'node:url';
import { readYamlFile } from '../util/yaml-cache.ts';
import { describeIssues } from '../../device-profiles/load.ts';
import { textIn } from '../rules/render.ts';
import { AccountCatalogSchema, type AccountCheck } from './catalog-schema.ts';

/** The built-in catalogue beside this file. */
export const DEFAULT_CATALOG_FILE = fileURLToPath(new URL('./account-checks.yaml', import.meta.url));

/** The checks, or the problem that kept the file from loading. */
export interface LoadedCatalog {
  checks: AccountCheck[];
  problems: string[];
}

/** Reads and validates the catalogue. */
export function loadAccountCatalog(file: string = DEFAULT_CATALOG_FILE): LoadedCatalog {
  let raw: unknown;
  try {
    raw = readYamlFile(file);
  } catch (err) {
    return { checks: [], problems: [`${file}: ${(err as Error).message.split('\n')[0]}`] };
  }
  const parsed = AccountCatalogSchema.safeParse(raw);
  if (!parsed.success) return { checks: [], problems: [`${file}: ${describeIssues(parsed.error)}`] };
  return { checks: parsed.data.checks, problems: [] };
}

let builtIn: LoadedCatalog | undefined;

/** The built-in catalogue, loaded once. */
export function builtInCatalog(): LoadedCatalog {
  builtIn ??= loadAccountCatalog();
  return builtIn;
}

/** One check from the built-in catalogue; throws when the id is unknown (a programming error, not input). */
export function accountCheck(id: string): AccountCheck {
  const c = builtInCatalog().checks.find((x) => x.id === id);
  if (!c) throw new Error(`account check "${id}" is not in ${DEFAULT_CATALOG_FILE}`);
  return c;
}

/** A check's knowledge list by name (empty when absent). */
export function knowledgeList(check: AccountCheck, name: string): string[] {
  return check.knowledge?.[name] ?? [];
}

/** A check's knowledge number by name (first list item), or `fallback`. */
export function knowledgeNumber(check: AccountCheck, name: string, fallback: number): number {
  const n = Number(check.knowledge?.[name]?.[0]);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

/** What the UI shows before the owner confirms, in one language (English where a text lacks it). */
export interface AccountCheckCard {
  id: string;
  name: string;
  mode: AccountCheck['mode'];
  notice: AccountCheck['notice'];
  avoidedNotice?: AccountCheck['notice'];
  credential: { kind: AccountCheck['credential']['kind']; ask: string };
  reads: string[];
  trace: string;
  whoCanSee: string;
  onFailure?: string;
  leavesBehind?: string;
  steps?: string[];
}

/** The card for one check in `lang`. */
export function describeAccountCheck(check: AccountCheck, lang = 'en'): AccountCheckCard {
  return {
    id: check.id,
    name: textIn(check.name, lang),
    mode: check.mode,
    notice: check.notice,
    ...(check.avoidedNotice ? { avoidedNotice: check.avoidedNotice } : {}),
    credential: { kind: check.credential.kind, ask: textIn(check.credential.ask, lang) },
    reads: check.reads.map((r) => textIn(r, lang)),
    trace: textIn(check.trace, lang),
    whoCanSee: textIn(check.whoCanSee, lang),
    ...(check.onFailure ? { onFailure: textIn(check.onFailure, lang) } : {}),
    ...(check.leavesBehind ? { leavesBehind: textIn(check.leavesBehind, lang) } : {}),
    ...(check.steps ? { steps: check.steps.map((s) => textIn(s, lang)) } : {}),
  };
}
