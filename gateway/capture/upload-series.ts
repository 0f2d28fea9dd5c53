/**
 * Bytes a device sent out of the home per second, in a bounded ring of 1-second buckets, so memory stays fixed
 * however long the capture. The rate rules (sustained upload, live-view against the device's own baseline) read it.
 */
export class UploadSeries {
  readonly seconds: number;
  private readonly buckets: Float64Array;
  /** Second (Unix time) of the newest bucket, -1 before the first sample. */
  private newest = -1;
  /** Bucket index of the newest second. */
  private newestSlot = 0;
  total = 0;

  constructor(seconds = 900) {
    this.seconds = seconds;
    this.buckets = new Float64Array(seconds);
  }

  add(tsMs: number, bytes: number): void {
    const sec = Math.floor(tsMs / 1000);
    this.total += bytes;
    // Most packets fall in the newest second: one addition, no modulo.
    if (sec === this.newest) {
      this.buckets[this.newestSlot] += bytes;
      return;
    }
    if (sec > this.newest) {
      // Clear the buckets skipped since the newest one (bounded by the ring size).
      const gap = this.newest < 0 ? this.seconds : Math.min(sec - this.newest, this.seconds);
      for (let i = 1; i <= gap; i++) this.buckets[(sec - gap + i) % this.seconds] = 0;
      this.newest = sec;
      this.newestSlot = sec % this.seconds;
    } else if (sec <= this.newest - this.seconds) {
      return; // older than the ring: out-of-order packet from long ago
    }
    this.buckets[sec % this.seconds] += bytes;
  }

  /** Bytes sent in the second `sec` (0 when outside the ring). */
  at(sec: number): number {
    if (this.newest < 0 || sec > this.newest || sec <= this.newest - this.seconds) return 0;
    return this.buckets[sec % this.seconds];
  }

  /**
   * The first second in `[from, to]` whose bytes reach `min` (> 0), or `to + 1` when none does; seconds outside
   * the ring hold 0. One walk over the ring, for readers that skip the quiet seconds.
   */
  firstAtLeast(from: number, to: number, min: number): number {
    const lo = Math.max(from, this.newest - this.seconds + 1);
    const hi = Math.min(to, this.newest);
    let slot = lo % this.seconds;
    for (let sec = lo; sec <= hi; sec++) {
      if (this.buckets[slot]! >= min) return sec;
      if (++slot === this.seconds) slot = 0;
    }
    return to + 1;
  }

  /** The last `n` seconds up to and including `endSec` (default: the newest), oldest first. */
  window(n: number, endSec = this.newest): number[] {
    const out: number[] = [];
    for (let s = endSec - Math.min(n, this.seconds) + 1; s <= endSec; s++) out.push(this.at(s));
    return out;
  }

  /**
   * Like `window`, but into `out` (no allocation): writes the last `min(n, out.length, seconds)` seconds up to
   * `endSec`, oldest first, and returns how many were written.
   */
  windowInto(n: number, endSec: number, out: Float64Array): number {
    const count = Math.max(0, Math.min(n, this.seconds, out.length));
    const first = endSec - count + 1;
    for (let i = 0; i < count; i++) out[i] = this.at(first + i);
    return count;
  }

  get newestSecond(): number {
    return this.newest;
  }
}
