/**
 * Robustness helpers for the app-parser tests: every prefix of a valid message, and seeded random bytes.
 * Each input is placed inside a larger buffer with sentinel bytes on both sides, so a parser that reads
 * outside its `[start, end)` range sees bytes that change its answer.
 */

/** A deterministic pseudo-random generator (mulberry32), so a failure can be replayed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `count` random byte strings of lengths 0..maxLen, from a fixed seed. */
export function randomPayloads(seed: number, count: number, maxLen: number): Buffer[] {
  const rnd = seededRandom(seed);
  const out: Buffer[] = [];
  for (let i = 0; i < count; i++) {
    const b = Buffer.alloc(Math.floor(rnd() * (maxLen + 1)));
    for (let j = 0; j < b.length; j++) b[j] = Math.floor(rnd() * 256);
    out.push(b);
  }
  return out;
}

/** The payload copied into a buffer with `pad` filler bytes before and after; returns [buf, start, end]. */
export function framed(payload: Buffer, pad = 7, fill = 0x41): [Buffer, number, number] {
  const buf = Buffer.alloc(payload.length + 2 * pad, fill);
  payload.copy(buf, pad);
  return [buf, pad, pad + payload.length];
}

/**
 * Runs `parse` on every prefix of `payload` (framed, the rest of the message following as trailing bytes so
 * an out-of-range read would see real data) and returns the results; a throw propagates to the test.
 */
export function everyPrefix<T>(payload: Buffer, parse: (buf: Buffer, start: number, end: number) => T): T[] {
  const [buf, start] = framed(payload);
  const out: T[] = [];
  for (let len = 0; len <= payload.length; len++) out.push(parse(buf, start, start + len));
  return out;
}
