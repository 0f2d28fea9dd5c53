/**
 * A log that writes at most one line a minute for one kind of event (issue 14, item 9: a flood of bad URLs
 * must not flood the log). The first event of a minute is written, with a count of the ones held back since the
 * line before.
 */
export function createLogLimiter(log: (m: string) => void, opts: { now?: () => number; windowMs?: number } = {}) {
  const now = opts.now ?? Date.now;
  const windowMs = opts.windowMs ?? 60_000;
  let lastWritten = -Infinity;
  let heldBack = 0;
  return (line: string): void => {
    const t = now();
    if (t - lastWritten < windowMs) {
      heldBack++;
      return;
    }
    log(heldBack ? `${line} (and ${heldBack} more like it since the last such line)` : line);
    lastWritten = t;
    heldBack = 0;
  };
}
