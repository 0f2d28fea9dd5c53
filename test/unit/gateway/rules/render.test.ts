import { describe, expect, it } from 'vitest';
import { deviceLabel, fillLangText, fillTemplate } from '../../../../gateway/rules/render.ts';
import { device } from './matchers/obs.ts';

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

describe('deviceLabel', () => {
  it.each([
    ['profile and name', device({ names: ['Porch'], profile: { id: 'a.b', name: 'Wyze camera', confidence: 1, matchedBy: [] } }), 'Wyze camera "Porch"'],
    ['hostname only', device({ hostnames: ['IPCAM'], category: 'camera' }), 'camera "IPCAM"'],
    ['nothing but a MAC', device({}), 'device aa:bb:cc:00:00:01'],
    ['no device', undefined, '192.168.1.9'],
  ])('%s', (_what, d, label) => {
    expect(deviceLabel(d, '192.168.1.9')).toBe(label);
  });
});
