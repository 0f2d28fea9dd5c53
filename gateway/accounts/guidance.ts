/**
 * Checks that HomeSweep does not run over the network: routers that allow one administrator at a time (ASUS,
 * TP-Link), where logging in would log the other person out or show up (N3). The result carries only the steps
 * the owner follows herself.
 */
import { builtInCatalog, describeAccountCheck } from './catalog.ts';
import { failure, type CheckResult } from './check-types.ts';

/** The steps for a guidance check in `lang`; never sends anything. */
export function runGuidanceCheck(checkId: string, lang = 'en'): CheckResult {
  const check = builtInCatalog().checks.find((c) => c.id === checkId && c.mode === 'guidance');
  if (!check) return { entries: [], facts: {}, ...failure('guide-unknown', { id: checkId }) };
  const card = describeAccountCheck(check, lang);
  return { entries: [], facts: { guidance: true, name: card.name, why: card.reads[0], steps: card.steps ?? [] } };
}
