import { describe, expect, it } from 'vitest';
import { evidenceLine, lazyPhraseEvidence } from '../../../../gateway/rules/lazy-evidence.ts';
import { phraseEvidence } from '../../../../gateway/rules/phrases.ts';

const vars = { proto: 'TCP', target: 'c.example.net (198.51.100.1)', port: '8088', up: '100', down: '200' };

describe('lazyPhraseEvidence', () => {
  it('reads exactly like phraseEvidence, and is kept as the same plain line', () => {
    const eager = phraseEvidence('flow', 'outbound-flow', vars);
    const lazy = lazyPhraseEvidence('flow', 'outbound-flow', vars);
    expect(lazy.detail).toBe(eager.detail);
    expect(lazy.texts).toEqual(eager.texts);
    // The rule engine keeps an evidence line with evidenceLine: same keys, same order, plain values.
    const kept = evidenceLine('t', lazyPhraseEvidence('flow', 'outbound-flow', vars));
    expect(JSON.stringify(kept)).toBe(JSON.stringify({ at: 't', ...eager }));
    expect(Object.getPrototypeOf(kept)).toBe(Object.prototype);
    expect(evidenceLine('t', eager)).toEqual({ at: 't', ...eager });
  });

  it('fills the template once, when first read', () => {
    const lazy = lazyPhraseEvidence('flow', 'outbound-flow', vars);
    expect(lazy.texts).toBe(lazy.texts);
    expect(() => lazyPhraseEvidence('flow', 'no-such-phrase', vars)).not.toThrow();
    expect(() => lazyPhraseEvidence('flow', 'no-such-phrase', vars).detail).toThrow(/no-such-phrase/);
  });
});
