/**
 * Importing an audit document into the store: a helper's reviewed copy of one of this gateway's own audits has
 * its comments merged into the original (journey 3, the way back); any other audit opens read-only for review.
 * The document was validated (schema, digest, size) before it gets here; nothing is stored unless all is well.
 */
import type { AuditExport, Comment } from '../contract.ts';
import { mergeComments } from '../audit/comments.ts';
import { newRecord, recordTexts, toExport, type AuditRecord } from '../audit/record.ts';
import { redactAudit } from '../audit/redact.ts';
import type { Store } from '../store/store.ts';
import { AuditError } from './audits.ts';

export type ImportOutcome = { kind: 'review'; record: AuditRecord } | { kind: 'merged'; record: AuditRecord; added: number };

/**
 * A helper's copy names devices, findings and checklist items by their redacted ids. Redaction is deterministic
 * for a finished audit, so redacting the original again gives the same stand-ins, position by position.
 */
function unredactTargets(original: AuditExport, comments: Comment[]): Comment[] {
  const red = redactAudit(original, 'helper');
  const back = new Map<string, string>();
  const pair = <T extends { id: string }>(a: T[], b: T[]) => a.forEach((x, i) => b[i] && x.id !== b[i]!.id && back.set(b[i]!.id, x.id));
  pair(original.devices, red.devices);
  pair(original.findings, red.findings);
  pair(original.checklist, red.checklist);
  return comments.map((c) => (c.target.id && back.has(c.target.id) ? { ...c, target: { ...c.target, id: back.get(c.target.id)! } } : c));
}

export async function importAudit(store: Store, doc: AuditExport): Promise<ImportOutcome> {
  const existing = store.get(doc.audit.id);
  if (existing && !existing.readOnly) {
    const original = toExport(existing);
    const merged = mergeComments(original, { ...doc, comments: unredactTargets(original, doc.comments) });
    existing.comments = merged.doc.comments;
    await store.put(existing);
    return { kind: 'merged', record: existing, added: merged.added.length };
  }
  if (existing) throw new AuditError(409, 'this audit is already open for review here');
  const rec = newRecord({ ...doc.audit, mode: 'import', sources: [...new Set([...doc.audit.sources, 'import'])] }, { status: 'done', readOnly: true });
  rec.meta.endedAt ??= doc.audit.startedAt;
  rec.devices = doc.devices;
  rec.findings = doc.findings;
  rec.checklist = doc.checklist;
  rec.comments = doc.comments;
  rec.redactions = doc.redactions;
  // The texts in every language the export carries: the reviewer reads findings and steps in her language.
  rec.texts = recordTexts(doc);
  rec.importedDigest = doc.digest;
  rec.progress = { ...rec.progress, status: 'done', devices: doc.devices.filter((d) => d.id !== 'unattributed').length, findings: doc.findings.filter((f) => f.severity !== 'info').length };
  await store.put(rec);
  return { kind: 'review', record: rec };
}
