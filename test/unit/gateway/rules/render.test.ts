import { describe, expect, it } from 'vitest';
import { fillLangText, fillTemplate } from '../../../../gateway/rules/render.ts';

describe('fillTemplate', () => {
  it.each([
    ['{device} looked up {host}', { device: 'Cam', host: 'a.example' }, 'Cam looked up a.example'],
    ['{unknown} stays', {}, '{unknown} stays'],
    ['no expressions: {host.length}', { host: 'x' }, 'no expressions: {host.length}'],
    ['values are not re-read: {a}', { a: '{b}', b: 'no' }, 'values are not re-read: {b}'],
    ['{constructor} is not a placeholder', {}, '{constructor} is not a placeholder'],
  ])('%s', (t, vars, out) => {
    expect(fillTemplate(t, vars)).toBe(out);
  });

  it('fills every language', () => {
    expect(fillLangText({ en: 'to {host}', es: 'a {host}' }, { host: 'h' })).toEqual({ en: 'to h', es: 'a h' });
  });
});
