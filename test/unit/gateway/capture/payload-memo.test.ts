import { describe, expect, it } from 'vitest';
import { PayloadMemo } from '../../../../gateway/capture/payload-memo.ts';

/** A memo whose parse records every call and returns the payload as text. */
function recording(generation = 4) {
  const calls: string[] = [];
  const memo = new PayloadMemo((d, s, e) => {
    const text = d.toString('latin1', s, e);
    calls.push(text);
    return { text };
  }, generation);
  return { memo, calls };
}

describe('PayloadMemo', () => {
  it('parses identical bytes once, wherever they sit in the buffer', () => {
    const { memo, calls } = recording();
    const a = Buffer.from('xxhelloyy');
    const b = Buffer.from('hello');
    const first = memo.get(a, 2, 7);
    const second = memo.get(b, 0, 5);
    expect(first).toEqual({ text: 'hello' });
    expect(second).toBe(first);
    expect(calls).toEqual(['hello']);
    expect({ hits: memo.hits, misses: memo.misses }).toEqual({ hits: 1, misses: 1 });
  });

  it('never mistakes different bytes for a remembered payload', () => {
    const { memo, calls } = recording();
    expect(memo.get(Buffer.from('abc'), 0, 3)).toEqual({ text: 'abc' });
    expect(memo.get(Buffer.from('abd'), 0, 3)).toEqual({ text: 'abd' });
    expect(memo.get(Buffer.from('abcd'), 0, 4)).toEqual({ text: 'abcd' });
    expect(calls).toEqual(['abc', 'abd', 'abcd']);
  });

  it('keeps its own copy: a reused packet buffer does not change what is remembered', () => {
    const { memo, calls } = recording();
    const buf = Buffer.from('one');
    memo.get(buf, 0, 3);
    buf.write('two');
    expect(memo.get(buf, 0, 3)).toEqual({ text: 'two' });
    expect(memo.get(Buffer.from('one'), 0, 3)).toEqual({ text: 'one' });
    expect(calls).toEqual(['one', 'two']);
  });

  it('is bounded: after two generations of other payloads the first is parsed again', () => {
    const { memo, calls } = recording(2);
    for (const t of ['a', 'b', 'c', 'd', 'e']) memo.get(Buffer.from(t), 0, 1);
    memo.get(Buffer.from('a'), 0, 1);
    expect(calls).toEqual(['a', 'b', 'c', 'd', 'e', 'a']);
  });

  it('keeps a payload that keeps repeating across generations', () => {
    const { memo, calls } = recording(2);
    for (const t of ['a', 'b', 'c', 'a', 'd', 'e', 'a']) memo.get(Buffer.from(t), 0, 1);
    expect(calls.filter((c) => c === 'a')).toHaveLength(1);
  });

  it('parses payloads beyond 2 KB every time without keeping them', () => {
    const { memo, calls } = recording();
    const big = Buffer.alloc(4000, 0x41);
    memo.get(big, 0, big.length);
    memo.get(big, 0, big.length);
    expect(calls).toHaveLength(2);
  });
});
