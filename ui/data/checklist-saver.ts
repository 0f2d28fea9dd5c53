/**
 * Saves checklist answers as they change: one request at a time per item, newer edits merged into the next
 * request, so answers arrive in order and a slow network never loses the last word.
 */
import type { ChecklistItem } from '../../gateway/contract.ts';
import { ApiError, patchChecklistItem, type ChecklistPatch } from './api.ts';

/** What the saver reports about an item. */
export type SaverState = { state: 'saving' } | { state: 'saved'; item: ChecklistItem } | { state: 'error'; error: ApiError };

/** Creates a saver for one audit; `report` is told about every item's state. */
export function createChecklistSaver(auditId: string, report: (itemId: string, s: SaverState) => void) {
  const pending = new Map<string, ChecklistPatch>();
  const inFlight = new Set<string>();

  async function run(itemId: string): Promise<void> {
    if (inFlight.has(itemId)) return;
    const patch = pending.get(itemId);
    if (!patch) return;
    pending.delete(itemId);
    inFlight.add(itemId);
    report(itemId, { state: 'saving' });
    try {
      const item = await patchChecklistItem(auditId, itemId, patch);
      inFlight.delete(itemId);
      if (pending.has(itemId)) return void (await run(itemId));
      report(itemId, { state: 'saved', item });
    } catch (e) {
      inFlight.delete(itemId);
      // Keep the failed edit so the next change (or retry) sends it again, under the newer values.
      pending.set(itemId, { ...patch, ...pending.get(itemId) });
      report(itemId, { state: 'error', error: e instanceof ApiError ? e : new ApiError(0, '') });
    }
  }

  return {
    /** Queues an edit and sends it as soon as the item has no request in flight. */
    save(itemId: string, patch: ChecklistPatch): Promise<void> {
      pending.set(itemId, { ...pending.get(itemId), ...patch });
      return run(itemId);
    },
    /** Sends again what failed before. */
    retry(itemId: string): Promise<void> {
      return run(itemId);
    },
    /** True while any edit waits or is being sent. */
    get busy(): boolean {
      return pending.size > 0 || inFlight.size > 0;
    },
  };
}
