/**
 * Builds AccessEntry values with the fields every mapper shares (source, notice, time, id prefix). Labels and
 * detail parts are `access` templates from `pcap-rules/phrases.yaml` in every language (issue 15): the entry keeps
 * English in `label` / `detail` and every language in `texts`.
 */
import type { AccessEntry } from '../contract.ts';
import { entryWords } from '../../discovery/access/access-text.ts';
import { accessPhrase } from '../rules/phrases.ts';
import type { LangText, LangVars } from '../rules/render.ts';

export { accessPhrase };

/** What one check run puts on every entry. */
export interface EntryContext {
  /** Check id, e.g. `home-assistant`; becomes the entry's `source`. */
  source: string;
  notice: AccessEntry['notice'];
  /** Device id the entries belong to. */
  device: string;
  /** When the check ran (ISO). */
  at: string;
}

/** The parts a mapper decides. `key` makes the id unique within the device. */
export interface EntryParts {
  key: string;
  kind: AccessEntry['kind'];
  label: LangText;
  /** The detail parts, joined with "; " (none: no detail). */
  detail?: readonly LangText[];
  outside?: boolean;
  lastUsed?: string;
}

/** One AccessEntry with id `<source>:<device>:<key>`; undefined optional fields are left out. */
export function makeEntry(ctx: EntryContext, p: EntryParts): AccessEntry {
  const e: AccessEntry = {
    id: `${ctx.source}:${ctx.device}:${p.key}`,
    kind: p.kind,
    ...entryWords(p.label, p.detail),
    source: ctx.source,
    notice: ctx.notice,
    at: ctx.at,
  };
  if (p.outside !== undefined) e.outside = p.outside;
  if (p.lastUsed !== undefined) e.lastUsed = p.lastUsed;
  return e;
}

/** The detail parts whose value is present: `[id, vars]` becomes the template `id` filled; absent values are dropped. */
export function detailOf(parts: ReadonlyArray<readonly [string, LangVars] | string | undefined | false | null | ''>): LangText[] {
  return parts.filter((p): p is readonly [string, LangVars] | string => !!p).map((p) => (typeof p === 'string' ? accessPhrase(p) : accessPhrase(p[0], p[1])));
}
