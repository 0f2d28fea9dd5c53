/**
 * One user of the lab at a time: a test run holds this lock while the lab is up, so a second test run (or
 * `homesweep lab up`) waits or refuses instead of tearing the lab down under it.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';

const LOCK_DIR = '/run/homesweep-lab.lock';

function holder(): number | null {
  try {
    const pid = Number(readFileSync(`${LOCK_DIR}/pid`, 'utf8'));
    process.kill(pid, 0);
    return pid;
  } catch {
    return null;
  }
}

/** The pid holding the lab lock, or null when free (a lock left by a dead process counts as free). */
export function labLockHolder(): number | null {
  const pid = holder();
  return pid === process.pid ? null : pid;
}

/** Takes the lab lock, waiting up to `timeoutMs` for another holder; returns a release function. */
export async function acquireLabLock(timeoutMs = 180_000): Promise<() => void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      mkdirSync(LOCK_DIR);
      writeFileSync(`${LOCK_DIR}/pid`, String(process.pid));
      return () => rmSync(LOCK_DIR, { recursive: true, force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      // A lock whose owner died (or that was never completed) is stale: take it over.
      if (holder() === null) {
        await new Promise((r) => setTimeout(r, 200));
        if (holder() === null) rmSync(LOCK_DIR, { recursive: true, force: true });
        continue;
      }
      if (Date.now() > deadline) throw new Error(`the lab is in use by process ${holder()}`);
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}
