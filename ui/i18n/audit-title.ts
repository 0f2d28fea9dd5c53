/**
 * An audit's title in the reader's language. The gateway names audits in English when it makes them ("Demo
 * home", "Capture home.pcap"); those two forms are shown through the catalog, any other title (a person's own
 * words, an imported audit) as it is.
 */
import type { AuditMeta } from '../../gateway/contract.ts';
import { t } from './i18n.ts';

export function auditTitle(a: Pick<AuditMeta, 'title' | 'mode'>): string {
  if (a.mode === 'demo' && a.title === 'Demo home') return t('mode.demo');
  const capture = a.mode === 'capture' ? /^Capture (.+)$/.exec(a.title) : null;
  if (capture) return t('audit.captureTitle', { name: capture[1]! });
  return a.title;
}

/** A gateway health problem in the reader's language when it is one the page knows (else as written). */
export function healthProblem(p: string): string {
  return /^no indicator lists yet\b/.test(p) ? t('health.noIndicators') : p;
}
