/** Small text helpers for the terminal output of CLI commands. */

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[i]}`;
}

export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${s % 60} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

/** A progress bar that redraws one stderr line; does nothing unless stderr is a terminal. */
export function createProgressBar(stream: NodeJS.WritableStream & { isTTY?: boolean }, total: number, label: string) {
  let last = -1;
  const enabled = !!stream.isTTY && total > 0;
  return {
    update(done: number) {
      if (!enabled) return;
      const pct = Math.min(100, Math.floor((done / total) * 100));
      if (pct === last) return;
      last = pct;
      const width = 30;
      const fill = Math.round((pct / 100) * width);
      stream.write(`\r${label} [${'#'.repeat(fill)}${'.'.repeat(width - fill)}] ${pct}% ${formatBytes(done)}/${formatBytes(total)}`);
    },
    done() {
      if (enabled && last >= 0) stream.write('\r\x1b[K');
    },
  };
}
