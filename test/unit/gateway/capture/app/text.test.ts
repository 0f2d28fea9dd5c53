import { describe, expect, it } from 'vitest';
import { bytesToText, cleanText } from '../../../../../gateway/capture/app/text.ts';

describe('cleanText', () => {
  it('removes controls and bidirectional formatting from names read off the wire, then caps the length', () => {
    expect(cleanText('evil\u202egnp.exe\u0000', 64)).toBe('evilgnp.exe');
    expect(cleanText('\u2067Kitchen\u2069 cam\u200f', 64)).toBe('Kitchen cam');
    expect(bytesToText(Buffer.from('TV\u2066\u0007 Lounge', 'utf8'), 0, 100, 8)).toBe('TV Loung');
  });
});
