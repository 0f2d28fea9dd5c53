import { describe, expect, it } from 'vitest';
import { compileGlob } from '../../../device-profiles/glob.ts';

describe('compileGlob', () => {
  it.each([
    ['Ring*', '^Ring[\\s\\S]*$'],
    ['a**b', '^a[\\s\\S]*b$'],
    ['cam-?.local', '^cam-[\\s\\S]\\.local$'],
    ['x(1)+[2]{3}|^$\\/', '^x\\(1\\)\\+\\[2\\]\\{3\\}\\|\\^\\$\\\\\\/$'],
    ['*?*', '^[\\s\\S]*[\\s\\S][\\s\\S]*$'],
    ['Cámara 😀', '^Cámara 😀$'],
  ])('compileGlob(%j) has the source %s', (glob, source) => expect(compileGlob(glob).source).toBe(source));

  it.each([
    ['Ring*', 'ring doorbell', true], ['Ring*', 'a ring', false], ['cam-?.local', 'CAM-7.local', true], ['cam-?.local', 'cam-77.local', false],
    ['a.b', 'axb', false], ['a*b', 'a\nb', true], ['Cámara*', 'CÁMARA sala', true],
  ])('compileGlob(%j) matches %j: %s', (glob, text, want) => expect(compileGlob(glob).test(text)).toBe(want));
});
