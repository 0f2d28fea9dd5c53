import { describe, expect, it } from 'vitest';
import { fillLangText, fillTemplate, localNumber } from '../../../../gateway/rules/render.ts';

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

describe('numbers in the language of the text (issue 15: "1,2 Mbit/s" in es and pt-BR)', () => {
  it('writes a decimal value with the language\'s decimal sign when filling every language', () => {
    const sent = { en: 'sent {rate} ({factor}× usual) to {ip}', es: 'envió {rate} ({factor}× lo habitual) a {ip}', 'pt-BR': 'enviou {rate} ({factor}× o normal) para {ip}' };
    expect(fillLangText(sent, { rate: '1.2 Mbit/s', factor: '12.50', ip: '192.168.1.9' })).toEqual({
      en: 'sent 1.2 Mbit/s (12.50× usual) to 192.168.1.9',
      es: 'envió 1,2 Mbit/s (12,50× lo habitual) a 192.168.1.9',
      'pt-BR': 'enviou 1,2 Mbit/s (12,50× o normal) para 192.168.1.9',
    });
  });

  it.each([
    ['1.2 Mbit/s', 'es', '1,2 Mbit/s'],
    ['0.93', 'pt-BR', '0,93'],
    ['12345.5 kB', 'es', '12345,5 kB'],
    ['1.2 Mbit/s', 'en', '1.2 Mbit/s'],
    ['192.168.1.9', 'es', '192.168.1.9'],
    ['1.2.3', 'pt-BR', '1.2.3'],
    ['1500', 'es', '1500'],
    ['a.example', 'es', 'a.example'],
    ['1.5', 'not a language!', '1.5'],
    ['a.example (198.19.1.35), 11.6 MB; b.example, 0.4 MB', 'pt-BR', 'a.example (198.19.1.35), 11,6 MB; b.example, 0,4 MB'],
    ['v2.0 on a1.5.example', 'es', 'v2.0 on a1.5.example'],
  ])('%s in %s is %s', (value, lang, out) => {
    expect(localNumber(value, lang)).toBe(out);
  });
});
