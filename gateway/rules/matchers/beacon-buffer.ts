/**
 * The check-ins of one device and remote for the beacon matcher: start time, connection id and bytes, sorted by
 * start, the last `keep` of them. Kept in typed arrays rather than one object per check-in: the matcher retains
 * thousands of them for the whole pass, and small retained objects are what the garbage collector copies and
 * promotes over and over.
 */

/** One check-in as the scorer reads it. */
export interface CheckIn {
  t: number;
  /** Connection within the pair (local port, +65536 for UDP; -1 for DNS questions). */
  conn: number;
  bytes: number;
}

const FIRST_CAPACITY = 4;

/** A sorted buffer of the last `keep` check-ins; older ones are cut off in one go now and then. */
export class CheckInBuffer {
  private t = new Float64Array(FIRST_CAPACITY);
  private conn = new Int32Array(FIRST_CAPACITY);
  private bytes = new Float64Array(FIRST_CAPACITY);
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
    if (this.n === this.t.length) this.grow();
    const n = this.n;
    const start = n > this.keep ? n - this.keep : 0;
    if (conn >= 0) {
      // Sorted by start, so the search stops at the first older one.
      for (let i = n - 1; i >= start && this.t[i]! >= t; i--) {
        if (this.t[i] === t && this.conn[i] === conn) {
          this.bytes[i]! += bytes;
          return;
        }
      }
    }
    if (n >= this.keep && t < this.t[start]!) return;
    // Flows are reported when they end, so starts can arrive out of order: insert sorted.
    let i = n;
    while (i > start && this.t[i - 1]! > t) i--;
    if (i < n) {
      this.t.copyWithin(i + 1, i, n);
      this.conn.copyWithin(i + 1, i, n);
      this.bytes.copyWithin(i + 1, i, n);
    }
    this.t[i] = t;
    this.conn[i] = conn;
    this.bytes[i] = bytes;
    this.n = n + 1;
  }

  /** The window, oldest first. */
  list(): CheckIn[] {
    const out: CheckIn[] = [];
    for (let i = this.n > this.keep ? this.n - this.keep : 0; i < this.n; i++) out.push({ t: this.t[i]!, conn: this.conn[i]!, bytes: this.bytes[i]! });
    return out;
  }

  private grow(): void {
    const n = this.n;
    if (n >= 2 * this.keep) {
      // Full at twice the window: keep the window, in place.
      const from = n - this.keep;
      this.t.copyWithin(0, from, n);
      this.conn.copyWithin(0, from, n);
      this.bytes.copyWithin(0, from, n);
      this.n = this.keep;
      return;
    }
    const size = Math.min(2 * this.keep, this.t.length * 2);
    const t = new Float64Array(size);
    const conn = new Int32Array(size);
    const bytes = new Float64Array(size);
    t.set(this.t);
    conn.set(this.conn);
    bytes.set(this.bytes);
    this.t = t;
    this.conn = conn;
    this.bytes = bytes;
  }
}
