/**
 * A bounded memo of parse results keyed by the exact payload bytes. Devices repeat their announcements byte for
 * byte (mDNS responses, SSDP NOTIFYs every few seconds): in real home traffic a few percent of those payloads are
 * distinct, so each distinct one is parsed once. The key is a 32-bit hash of the bytes, checked against a copy of
 * them, so a collision can only cost a parse, never give a wrong result. No string is built per packet.
 */

/** Payloads longer than this are parsed every time (and not copied). */
const MAX_PAYLOAD = 2048;

interface Entry<T> {
  bytes: Buffer;
  value: T;
}

/** A 32-bit hash of `d[s, e)`, four bytes a step (multiply-rotate mixing, as in MurmurHash3). */
function hashBytes(d: Buffer, s: number, e: number): number {
  let h = (e - s) ^ 0x9747b28c;
  let i = s;
  for (; i + 4 <= e; i += 4) {
    let k = d[i] | (d[i + 1] << 8) | (d[i + 2] << 16) | (d[i + 3] << 24);
    k = Math.imul(k, 0xcc9e2d51);
    k = Math.imul((k << 15) | (k >>> 17), 0x1b873593);
    h ^= k;
    h = Math.imul((h << 13) | (h >>> 19), 5) + 0xe6546b64;
  }
  for (; i < e; i++) h = Math.imul(h ^ d[i], 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return h | 0;
}

function sameBytes(a: Buffer, d: Buffer, s: number, e: number): boolean {
  return a.length === e - s && a.compare(d, s, e) === 0;
}

export class PayloadMemo<T> {
  /** Two generations, the older dropped at once when the newer is full: bounded, O(1) per look-up. */
  private current = new Map<number, Entry<T>>();
  private previous = new Map<number, Entry<T>>();
  hits = 0;
  misses = 0;

  /** `generationSize` entries per generation: at most twice that many payloads (≤ 2 KB each) are kept. */
  constructor(
    private readonly parse: (d: Buffer, s: number, e: number) => T,
    private readonly generationSize = 2048,
  ) {}

  /** The parse of `d[s, e)`: remembered when the same bytes were parsed recently, else parsed now. */
  get(d: Buffer, s: number, e: number): T {
    if (e - s > MAX_PAYLOAD) return this.parse(d, s, e);
    const h = hashBytes(d, s, e);
    let entry = this.current.get(h);
    if (entry === undefined) {
      entry = this.previous.get(h);
      // Promoted, so what keeps repeating is never forgotten.
      if (entry !== undefined && sameBytes(entry.bytes, d, s, e)) this.put(h, entry);
    }
    if (entry !== undefined && sameBytes(entry.bytes, d, s, e)) {
      this.hits++;
      return entry.value;
    }
    this.misses++;
    const value = this.parse(d, s, e);
    this.put(h, { bytes: Buffer.from(d.subarray(s, e)), value });
    return value;
  }

  private put(h: number, entry: Entry<T>): void {
    if (this.current.size >= this.generationSize && !this.current.has(h)) {
      this.previous = this.current;
      this.current = new Map();
    }
    this.current.set(h, entry);
  }
}
