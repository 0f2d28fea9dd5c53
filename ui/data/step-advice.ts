/** The finding a checklist step was made from (`finding@<id>`): its advice says what to do, its time dates the step. */
import type { AuditView, ChecklistItem, Finding } from '../../gateway/contract.ts';

const FINDING_PREFIX = 'finding@';

/** The finding behind a step made from one, else undefined (profile steps say what to do in their own text). */
export function stepFinding(audit: Pick<AuditView, 'findings'>, item: Pick<ChecklistItem, 'id'>): Finding | undefined {
  if (!item.id.startsWith(FINDING_PREFIX)) return undefined;
  const id = item.id.slice(FINDING_PREFIX.length);
  return audit.findings.find((f) => f.id === id);
}
