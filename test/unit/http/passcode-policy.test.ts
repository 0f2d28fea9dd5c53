/** The passcode rules and their data file (issue 14, item 8). */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCommonPasscodes, MIN_PASSCODE, newPasscodeProblem, passcodeLength } from '../../../gateway/http/passcode-policy.ts';

describe('common-passcodes.txt', () => {
  it('loads, and lists only passcodes the length rule would let through', () => {
    const list = loadCommonPasscodes();
    expect(list.size).toBeGreaterThan(300);
    for (const p of list) expect(passcodeLength(p), p).toBeGreaterThanOrEqual(MIN_PASSCODE);
    for (const p of ['123456', 'password', 'qwerty123', 'senha123', 'tequiero']) expect(list.has(p), p).toBe(true);
  });

  it('names the file and line of an entry it cannot use', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'hs-pass-')), 'list.txt');
    writeFileSync(file, '# note\nsunshine\nLetMeIn\n');
    expect(() => loadCommonPasscodes(file)).toThrow(`${file}:3: write entries in lower case without spaces around them`);
  });
});

describe('newPasscodeProblem', () => {
  const list = new Set(['sunshine']);
  it.each([
    ['Sunshine', 'too-common'],
    [' SUNSHINE ', 'too-common'],
    ['1111111', 'too-common'],
    ['\u200b\u200b\u200b\u200b\u200b\u200b', 'blank'],
    ['sunshine in the kitchen', undefined],
    ['Ünïcødé!', undefined],
  ])('%j → %s', (pass, code) => {
    expect(newPasscodeProblem(pass, list)?.code).toBe(code);
  });
});
