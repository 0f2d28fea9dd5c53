/**
 * Plain-text rendering of the results table, the speed ratios and the goals.
 */
import { byteRate, cpuPacketRate, packetRate, type BenchResult, type Goal } from './bench-types.ts';

function pad(cells: string[], widths: number[]): string {
  return cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
}

const num = (n: number | null | undefined, digits = 0): string => (n == null ? '—' : n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits }));

/** The results table, one row per benchmark. */
export function formatTable(results: BenchResult[]): string {
  const header = ['benchmark', 'status', 'wall s', 'CPU s', 'packets', 'packets/s', 'packets/CPU s', 'MiB/s', 'peak RSS MiB'];
  const rows = results.map((r) => [
    r.name, r.status, num(r.wallS, 2), num(r.cpuS, 2), num(r.packets), num(packetRate(r)), num(cpuPacketRate(r)), num(byteRate(r), 1), num(r.peakRssMb, 0),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  return [pad(header, widths), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map((r) => pad(r, widths))].join('\n');
}

/** "X vs Y: N× faster" for every ok pair against the baseline. */
export function formatRatios(results: BenchResult[], baseline: string): string[] {
  const base = packetRate(results.find((r) => r.name === baseline));
  const lines: string[] = [];
  for (const r of results) {
    if (r.name === baseline) continue;
    const rate = packetRate(r);
    if (rate === null || base === null) {
      if (r.packets !== undefined || r.status !== 'ok') lines.push(`${r.name} vs ${baseline}: n/a`);
      continue;
    }
    const x = rate / base;
    lines.push(x >= 1 ? `${r.name} vs ${baseline}: ${x.toFixed(1)}× faster` : `${r.name} vs ${baseline}: ${(1 / x).toFixed(1)}× slower`);
  }
  return lines;
}

/** One line per goal with PASS / FAIL / n/a. */
export function formatGoals(goals: Goal[], results: BenchResult[]): string[] {
  const byName = new Map(results.map((r) => [r.name, r]));
  return goals.map((g) => {
    const { pass, detail } = g.evaluate(byName);
    const verdict = pass === null ? 'n/a ' : pass ? 'PASS' : 'FAIL';
    return `${verdict}  ${g.name} (${detail})`;
  });
}
