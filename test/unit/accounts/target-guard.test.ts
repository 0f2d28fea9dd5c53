import { describe, expect, it } from 'vitest';
import { checkTargetUrl, originOf } from '../../../gateway/accounts/target-guard.ts';

describe('checkTargetUrl', () => {
  it.each([
    ['http://192.168.1.5:8123', 'http://192.168.1.5:8123'],
    ['https://10.0.0.1', 'https://10.0.0.1'],
    ['http://127.0.0.1:4000/x', 'http://127.0.0.1:4000'],
    ['http://[fd00::1]:80', 'http://[fd00::1]'],
  ])('accepts %s', (text, origin) => {
    const r = checkTargetUrl(text);
    expect('url' in r && originOf(r.url)).toBe(origin);
  });

  it.each([
    ['http://homeassistant.local:8123', 'number address'],
    ['http://203.0.113.5', 'number address'],
    ['http://100.100.1.2:8123', 'number address'],
    ['ftp://192.168.1.1', 'http://'],
    ['http://root:pw@192.168.1.1', 'own field'],
    ['not a url', 'not a web address'],
  ])('refuses %s', (text, why) => {
    const r = checkTargetUrl(text);
    expect('error' in r && r.error).toContain(why);
  });
});
