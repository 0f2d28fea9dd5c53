/**
 * Finds runs of seconds in which a device's upload stays at or above a threshold, reading the per-device upload
 * series (1-second buckets) incrementally: each call reads only the seconds not read before, so a long capture is
 * seen as its bounded ring fills. Shared by the rate matchers (sustained upload, upload against the baseline).
 */
import { median as medianOrNaN } from '../../util/median.ts';
import type { UploadSeries } from '../../capture/upload-series.ts';

/** One run of high upload. `endSec` is the last second at or above the threshold. */
export interface UploadRun {
  key: string;
  startSec: number;
  endSec: number;
  /** Bytes sent from startSec to endSec, inclusive. */
  bytes: number;
  /** The threshold (bytes per second) in force when the run started. */
  thresholdBytes: number;
}

interface State {
  /** Next second to read. */
  next: number;
  /** First second this device uploaded anything (its observed window starts here). */
  first: number;
  run?: UploadRun;
}

export interface RunScannerOptions {
  minSeconds: number;
  /** Seconds below the threshold a run may contain and still go on. */
  allowGapSeconds: number;
  /** The lowest value `thresholdOf` can return (bytes per second), so it is asked only when a second reaches it. */
  minThreshold?: number;
  /** Threshold in bytes per second for a device, given its series and the second read up to. */
  thresholdOf(series: UploadSeries, firstSec: number, endSec: number): number;
}

/** Per-device run detection over upload series; `read` for the periodic pass, `peek` for end-of-pass answers. */
export class RunScanner {
  private readonly states = new Map<string, State>();
  constructor(private readonly opts: RunScannerOptions) {}

  /** Reads the complete seconds (all but the newest, which may still grow) and returns the runs that ended. */
  read(all: ReadonlyMap<string, UploadSeries>): UploadRun[] {
    const out: UploadRun[] = [];
    for (const [key, series] of all) {
      if (series.newestSecond < 0) continue;
      let st = this.states.get(key);
      if (!st) this.states.set(key, (st = { next: -1, first: -1 }));
      this.advance(key, series, st, series.newestSecond - 1, out);
    }
    return out;
  }

  /** The runs that ended plus those still open at the end of the series, without changing what was read. */
  peek(all: ReadonlyMap<string, UploadSeries>): UploadRun[] {
    const out: UploadRun[] = [];
    for (const [key, series] of all) {
      if (series.newestSecond < 0) continue;
      const cur = this.states.get(key);
      const st: State = cur ? { next: cur.next, first: cur.first, run: cur.run && { ...cur.run } } : { next: -1, first: -1 };
      this.advance(key, series, st, series.newestSecond, out);
      if (st.run && this.long(st.run)) out.push(st.run);
    }
    return out;
  }

  private long(r: UploadRun): boolean {
    return r.endSec - r.startSec + 1 >= this.opts.minSeconds;
  }

  private advance(key: string, series: UploadSeries, st: State, endSec: number, out: UploadRun[]): void {
    const oldest = series.newestSecond - series.seconds + 1;
    // Seconds that already left the ring cannot be read: start at the oldest one kept.
    const from = Math.max(st.next < 0 ? oldest : st.next, oldest);
    if (from > endSec) return;
    if (st.first < 0) {
      // The observed window starts at the device's first upload, not at the empty start of its ring.
      const f = series.firstAtLeast(from, endSec, Number.MIN_VALUE);
      if (f > endSec) {
        st.next = endSec + 1;
        return;
      }
      st.first = f;
    }
    // The threshold (e.g. a median over the whole window) is worked out only when a second could reach it: most
    // devices, most of the time, send less than the lowest possible threshold.
    const lowest = Math.max(1, this.opts.minThreshold ?? 1);
    let threshold = -1;
    const gap = this.opts.allowGapSeconds;
    for (let s = from; s <= endSec; s++) {
      // With no run open, a second below the lowest threshold changes nothing: go to the next one that reaches it.
      if (!st.run) {
        s = series.firstAtLeast(s, endSec, lowest);
        if (s > endSec) break;
      }
      const b = series.at(s);
      const r = st.run;
      if (r && s - r.endSec > gap + 1) {
        if (this.long(r)) out.push(r);
        st.run = undefined;
      }
      if (!st.run && b >= lowest && threshold < 0) threshold = Math.max(lowest, this.opts.thresholdOf(series, st.first, endSec));
      if (b >= (st.run?.thresholdBytes ?? (threshold < 0 ? Infinity : threshold))) {
        if (!st.run) st.run = { key, startSec: s, endSec: s, bytes: 0, thresholdBytes: threshold };
        // Bytes of the short dips inside the run count too: the average is over the whole run.
        for (let g = st.run.endSec + 1; g < s; g++) st.run.bytes += series.at(g);
        st.run.bytes += b;
        st.run.endSec = s;
      }
    }
    st.next = endSec + 1;
  }
}

/** `12:34:56` (UTC) of a second, for evidence. */
export function timeOfSecond(sec: number): string {
  return new Date(sec * 1000).toISOString().slice(11, 19);
}

/** A rate in plain units: `130 kbit/s`, `1.2 Mbit/s`. */
export function formatRate(bitsPerSecond: number): string {
  if (bitsPerSecond >= 1e6) return `${(bitsPerSecond / 1e6).toFixed(1)} Mbit/s`;
  if (bitsPerSecond >= 1e3) return `${Math.round(bitsPerSecond / 1e3)} kbit/s`;
  return `${Math.round(bitsPerSecond)} bit/s`;
}

/** Median of a list of numbers (0 for none). */
export function median(values: ArrayLike<number>): number {
  return values.length === 0 ? 0 : medianOrNaN(values);
}
