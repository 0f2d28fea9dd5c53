import { describe, expect, it } from 'vitest';
import { cleanObservationText, stripUnsafeText } from '../../../../gateway/util/device-text.ts';
import type { Observation } from '../../../../gateway/contract.ts';

describe('stripUnsafeText', () => {
  it.each([
    ['a right-to-left override that turns "evilexe.png" around', 'evil\u202egnp.exe', 'evilgnp.exe'],
    ['isolates and their pop (U+2066–U+2069)', '\u2066a\u2067b\u2068c\u2069', 'abc'],
    ['embeddings and overrides (U+202A–U+202E)', '\u202ax\u202by\u202cz\u202dw\u202e', 'xyzw'],
    ['marks (LRM, RLM, Arabic letter mark)', 'a\u200eb\u200fc\u061cd', 'abcd'],
    ['NUL, BEL, ESC and DEL', 'Ring\u0000-\u0007Door\u001b[31mbell\u007f', 'Ring-Door[31mbell'],
    ['C1 controls', 'x\u0080y\u009fz', 'xyz'],
    ['line and paragraph separators, a stray byte-order mark', 'a\u2028b\u2029c\ufeffd', 'abcd'],
    ['new lines and tabs', 'two\nlines\tand\r', 'twolinesand'],
  ])('removes %s', (_what, input, out) => {
    expect(stripUnsafeText(input)).toBe(out);
  });

  it.each([
    ['Arabic', 'غرفة المعيشة'],
    ['Hebrew with digits', 'מצלמה 2'],
    ['an emoji with joiners', 'Ana’s 👩‍👧 iPad'],
    ['Devanagari with a zero-width non-joiner', 'क्‌ष'],
  ])('keeps %s as it is', (_what, input) => {
    expect(stripUnsafeText(input)).toBe(input);
  });
});

describe('cleanObservationText', () => {
  it('cleans every string in the data, and leaves a clean observation untouched', () => {
    const obs: Observation = {
      source: 'ssdp', at: '2026-03-01T10:00:00.000Z', ip: '192.168.1.9',
      data: { kind: 'notify', usn: 'uuid:1', description: { friendlyName: 'Cam\u202egnp.exe', modelName: 'X\u0000' } } as never,
    };
    const out = cleanObservationText(obs);
    expect(out.data).toEqual({ kind: 'notify', usn: 'uuid:1', description: { friendlyName: 'Camgnp.exe', modelName: 'X' } });
    expect(obs.data).toMatchObject({ description: { friendlyName: 'Cam\u202egnp.exe' } });
    const clean: Observation = { source: 'mdns', at: obs.at, data: { instance: 'Living Room._googlecast._tcp.local', txt: { fn: 'TV' }, addresses: ['10.0.0.2'] } as never };
    expect(cleanObservationText(clean)).toBe(clean);
  });
});
