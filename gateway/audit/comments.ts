/**
 * Merging a helper's review back into the original audit (DESIGN.md journey 3): only the reviewed copy's
 * comments are taken, never its devices, findings or checklist, which may be redacted.
 */
import type { AuditExport, Comment } from '../contract.ts';
import { buildAuditExport } from './export.ts';
import { AuditImportError } from './import-error.ts';

export interface MergeResult {
  /** The original with the new comments appended (ordered by time), and a new digest. */
  doc: AuditExport;
  /** The comments that were new (by comment id). */
  added: Comment[];
}

/**
 * Adds the comments of `reviewed` that `original` does not have yet (deduplicated by comment id). Refuses a
 * reviewed copy of another audit with an `AuditImportError` (`invalid`).
 */
export function mergeComments(original: AuditExport, reviewed: AuditExport): MergeResult {
  if (reviewed.audit.id !== original.audit.id) {
    throw new AuditImportError(
      'invalid',
      `The reviewed copy belongs to another audit (audit.id ${reviewed.audit.id}, not ${original.audit.id}), so its comments were not merged.`,
    );
  }
  const known = new Set(original.comments.map((c) => c.id));
  const added: Comment[] = [];
  for (const c of reviewed.comments) {
    if (known.has(c.id)) continue;
    known.add(c.id);
    added.push(c);
  }
  if (added.length === 0) return { doc: original, added };
  const comments = [...original.comments, ...added].sort((a, b) => a.at.localeCompare(b.at));
  return { doc: buildAuditExport({ ...original, comments }), added };
}
