import { describe, expect, it } from 'vitest';
import { CheckInBuffer, type CheckIn } from '../../../../../gateway/rules/matchers/beacon-buffer.ts';

/** The plain-array form the buffer replaces: sorted insert, repeats of an open flow add bytes, last `keep` kept. */
function reference(keep: number, adds: [number, number, number][]): CheckIn[] {
  const ev: CheckIn[] = [];
  for (const [t, conn, bytes] of adds) {
    const hit = conn >= 0 ? ev.find((e) => e.t === t && e.conn === conn) : undefined;
    if (hit) {
      hit.bytes += bytes;
      continue;
    }
    if (ev.length >= keep && t < ev[0]!.t) continue;
    let i = ev.length;
    while (i > 0 && ev[i - 1]!.t > t) i--;
    ev.splice(i, 0, { t, conn, bytes });
    if (ev.length > keep) ev.shift();
  }
  return ev;
}

describe('CheckInBuffer', () => {
  it('keeps check-ins sorted, adds the bytes of a repeated open flow, and keeps the last ones', () => {
    const b = new CheckInBuffer(4);
    for (const [t, conn, bytes] of [[10, 1, 100], [30, 2, 100], [20, 3, 100], [30, 2, 50], [40, -1, 0], [50, -1, 0], [5, 9, 1]] as const) b.add(t, conn, bytes);
    expect(b.list()).toEqual([
      { t: 20, conn: 3, bytes: 100 },
      { t: 30, conn: 2, bytes: 150 },
      { t: 40, conn: -1, bytes: 0 },
      { t: 50, conn: -1, bytes: 0 },
    ]);
    expect(b.length).toBe(4);
  });

  it.each([4, 7, 64])('agrees with the plain-array form on a long random series (keep %i)', (keep) => {
    let seed = keep;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const adds: [number, number, number][] = [];
    for (let k = 0; k < 3000; k++) {
      // Mostly in order, some late reports, some repeats of a recent flow, some DNS questions.
      const t = Math.round(k * 10 - (rnd() < 0.3 ? rnd() * 200 : 0));
      const conn = rnd() < 0.2 ? -1 : Math.floor(rnd() * 5);
      adds.push([t, conn, Math.floor(rnd() * 1000)]);
      if (rnd() < 0.1) adds.push([t, conn, 7]);
    }
    const b = new CheckInBuffer(keep);
    for (const [t, c, n] of adds) b.add(t, c, n);
    expect(b.list()).toEqual(reference(keep, adds));
  });
});

describe('CheckInBuffer.mergedInto', () => {
  /** The merge as the matcher wrote it over list(): a check-in within mergeMs of the previous merged start joins it. */
  function merged(list: CheckIn[], mergeMs: number): { t: number; bytes: number }[] {
    const out: { t: number; bytes: number }[] = [];
    for (const e of list) {
      const last = out[out.length - 1];
      if (last && e.t - last.t < mergeMs) last.bytes += e.bytes;
      else out.push({ t: e.t, bytes: e.bytes });
    }
    return out;
  }

  it.each([0, 1000, 5000])('gives the merge of the window (merge %i ms) for random check-ins, in and out of order', (mergeMs) => {
    let seed = 7 + mergeMs;
    const rand = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    for (let round = 0; round < 50; round++) {
      const b = new CheckInBuffer(16);
      const count = Math.floor(rand() * 60);
      let t = 1_700_000_000_000;
      for (let i = 0; i < count; i++) {
        t += Math.floor(rand() * 4000);
        b.add(t - Math.floor(rand() * 3) * 1500, rand() < 0.3 ? -1 : Math.floor(rand() * 4), Math.floor(rand() * 900));
      }
      const starts = new Float64Array(16);
      const bytes = new Float64Array(16);
      const n = b.mergedInto(mergeMs, starts, bytes);
      const want = merged(b.list(), mergeMs);
      expect(n).toBe(want.length);
      expect(Array.from({ length: n }, (_, i) => ({ t: starts[i], bytes: bytes[i] }))).toEqual(want);
    }
  });
});
