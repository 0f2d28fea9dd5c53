/**
 * The check-ins of one device and remote for the beacon matcher: start time, connection id and bytes, sorted by
 * start, the last `keep` of them. Kept in one array of numbers rather than one object per check-in: the matcher
 * retains thousands of them for the whole pass, and small retained objects are what the garbage collector copies
 * and promotes over and over.
 */

/** One check-in as the scorer reads it. */
export interface CheckIn {
  t: number;
  /** Connection within the pair (local port, +65536 for UDP; -1 for DNS questions). */
  conn: number;
  bytes: number;
}

/** Numbers per check-in in the one array: start, connection, bytes. */
const W = 3;

/** A sorted buffer of the last `keep` check-ins; older ones are cut off in one go now and then. */
export class CheckInBuffer {
  // One array of numbers, (start, connection, bytes) a check-in: no object per check-in for the collector to copy,
  // and a plain array of doubles grows in place, where each typed array allocated (three per growth, five growths
  // for a busy pair) cost more than the beacon matcher's whole add.
  private a: number[] = [];
  private n = 0;

  constructor(private readonly keep: number) {}

  /** Check-ins held (the window is the last `keep` of them). */
  get length(): number {
    return Math.min(this.n, this.keep);
  }

  /**
   * Adds a check-in. A later report of an open flow (same start and connection) adds its bytes to the one held;
   * a check-in older than everything in a full window is dropped, as it would fall out at once.
   */
  add(t: number, conn: number, bytes: number): void {
    const a = this.a;
    let n = this.n;
    const start = n > this.keep ? n - this.keep : 0;
    if (conn >= 0) {
      // Sorted by start, so the search stops at the first older one.
      for (let i = n - 1; i >= start && a[i * W]! >= t; i--) {
        if (a[i * W] === t && a[i * W + 1] === conn) {
          a[i * W + 2]! += bytes;
          return;
        }
      }
    }
    if (n >= this.keep && t < a[start * W]!) return;
    if (n >= 2 * this.keep) {
      // Full at twice the window: keep the window, in place.
      a.copyWithin(0, (n - this.keep) * W, n * W);
      a.length = this.keep * W;
      n = this.n = this.keep;
    }
    // Flows are reported when they end, so starts can arrive out of order: insert sorted.
    let i = n;
    while (i > 0 && i > n - this.keep && a[(i - 1) * W]! > t) i--;
    a.push(t, conn, bytes);
    if (i < n) {
      // A plain loop: the shift is a few check-ins, less than the cost of calling copyWithin.
      for (let j = n * W - 1; j >= i * W; j--) a[j + W] = a[j]!;
      a[i * W] = t;
      a[i * W + 1] = conn;
      a[i * W + 2] = bytes;
    }
    this.n = n + 1;
  }

  /**
   * The window as the scorer reads it, without an object per check-in: check-ins closer than `mergeMs` to the start
   * of the previous merged one are one (their bytes add up). Writes the starts to `t` and the bytes to `bytes` (each
   * at least `length` long) and returns how many merged check-ins there are.
   */
  mergedInto(mergeMs: number, t: Float64Array, bytes: Float64Array): number {
    const a = this.a;
    let m = 0;
    for (let i = this.n > this.keep ? this.n - this.keep : 0; i < this.n; i++) {
      if (m > 0 && a[i * W]! - t[m - 1]! < mergeMs) bytes[m - 1]! += a[i * W + 2]!;
      else {
        t[m] = a[i * W]!;
        bytes[m] = a[i * W + 2]!;
        m++;
      }
    }
    return m;
  }

  /** The window, oldest first. */
  list(): CheckIn[] {
    const out: CheckIn[] = [];
    const a = this.a;
    for (let i = this.n > this.keep ? this.n - this.keep : 0; i < this.n; i++) out.push({ t: a[i * W]!, conn: a[i * W + 1]!, bytes: a[i * W + 2]! });
    return out;
  }
}
