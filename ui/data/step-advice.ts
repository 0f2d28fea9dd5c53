/** What to do for a checklist step made from a finding (`finding@<id>`): the finding's advice. */
import type { AuditView, ChecklistItem } from '../../gateway/contract.ts';

const FINDING_PREFIX = 'finding@';

/** The finding's advice for a step made from it, else '' (profile steps say what to do in their own text). */
export function stepAdvice(audit: Pick<AuditView, 'findings'>, item: Pick<ChecklistItem, 'id'>): string {
  if (!item.id.startsWith(FINDING_PREFIX)) return '';
  const id = item.id.slice(FINDING_PREFIX.length);
  return audit.findings.find((f) => f.id === id)?.advice ?? '';
}
