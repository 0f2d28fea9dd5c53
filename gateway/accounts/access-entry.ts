/** Builds AccessEntry values with the fields every mapper shares (source, notice, time, id prefix). */
import type { AccessEntry } from '../contract.ts';

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
  label: string;
  detail?: string;
  outside?: boolean;
  lastUsed?: string;
}

/** One AccessEntry with id `<source>:<device>:<key>`; undefined optional fields are left out. */
export function makeEntry(ctx: EntryContext, p: EntryParts): AccessEntry {
  const e: AccessEntry = {
    id: `${ctx.source}:${ctx.device}:${p.key}`,
    kind: p.kind,
    label: p.label,
    source: ctx.source,
    notice: ctx.notice,
    at: ctx.at,
  };
  if (p.detail !== undefined) e.detail = p.detail;
  if (p.outside !== undefined) e.outside = p.outside;
  if (p.lastUsed !== undefined) e.lastUsed = p.lastUsed;
  return e;
}

/** Joins the defined parts of a detail line with "; ". */
export function detailOf(parts: Array<string | undefined | false>): string | undefined {
  const kept = parts.filter((p): p is string => typeof p === 'string' && p !== '');
  return kept.length ? kept.join('; ') : undefined;
}
