import { describe, expect, it } from 'vitest';
import { describeTarget, parseCaptureFrom } from '../../../../../gateway/capture/sources/capture-from.ts';

describe('parseCaptureFrom', () => {
  it.each([
    ['ssh://root@192.168.1.1', { kind: 'ssh', user: 'root', host: '192.168.1.1', port: 22 }],
    ['ssh://admin@router.lan:2222', { kind: 'ssh', user: 'admin', host: 'router.lan', port: 2222 }],
    ['ssh://root@[fd00::1]', { kind: 'ssh', user: 'root', host: 'fd00::1', port: 22 }],
    ['fritzbox://192.168.178.1', { kind: 'fritzbox', host: '192.168.178.1', port: 80 }],
    ['fritzbox://owner@fritz.box:8080', { kind: 'fritzbox', user: 'owner', host: 'fritz.box', port: 8080 }],
  ])('%s', (text, want) => {
    expect(parseCaptureFrom(text)).toEqual(want);
  });

  it.each([
    ['ssh://192.168.1.1', /name the user/],
    ['http://192.168.1.1', /expected ssh:\/\/user@router/],
    ['ssh://root@host:70000', /out of range/],
    ['ssh://-oProxyCommand=x@host', /not a user name/],
    ['ssh://root@-oProxyCommand', /not a host name/],
  ])('refuses %s', (text, why) => {
    expect(() => parseCaptureFrom(text)).toThrow(why);
  });

  it('describes targets in plain words', () => {
    expect(describeTarget(parseCaptureFrom('ssh://root@10.0.0.1:2222'))).toBe('root@10.0.0.1:2222 over SSH');
    expect(describeTarget(parseCaptureFrom('fritzbox://192.168.178.1'))).toBe('the FRITZ!Box at 192.168.178.1');
  });
});
