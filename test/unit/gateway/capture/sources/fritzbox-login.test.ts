import { describe, expect, it } from 'vitest';
import { loginResponse, md5Response, parseSessionInfo, pbkdf2Response } from '../../../../../gateway/capture/sources/fritzbox-login.ts';

describe('FRITZ!Box login (AVM technical note examples)', () => {
  it('answers the PBKDF2 example challenge', () => {
    expect(pbkdf2Response('2$10000$5A1711$2000$5A1722', '1example!')).toBe('5A1722$1798a1672bca7c6463d6b245f82b53703b0f50813401b03e4045a5861e689adb');
  });
  it('answers the MD5 example challenge (UTF-16LE, so "ä" counts as one character)', () => {
    expect(md5Response('1234567z', 'äbc')).toBe('1234567z-9e224a41eeefa284df7bb0f26c2913e2');
  });
  it('picks the method from the challenge', () => {
    expect(loginResponse('1234567z', 'äbc')).toBe(md5Response('1234567z', 'äbc'));
    expect(loginResponse('2$10000$5A1711$2000$5A1722', '1example!')).toMatch(/^5A1722\$/);
  });
  it('reads a SessionInfo document, with the last user', () => {
    const xml = '<?xml version="1.0" encoding="utf-8"?><SessionInfo><SID>0000000000000000</SID><Challenge>2$60000$aa$6000$bb</Challenge><BlockTime>16</BlockTime><Rights/><Users><User>a</User><User last="1">fritz3456</User></Users></SessionInfo>';
    expect(parseSessionInfo(xml)).toEqual({ sid: '0000000000000000', challenge: '2$60000$aa$6000$bb', blockTime: 16, lastUser: 'fritz3456' });
    expect(parseSessionInfo('<html>login</html>')).toBeUndefined();
  });
});
