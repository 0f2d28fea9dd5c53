import { describe, expect, it } from 'vitest';
import { capability, CapabilityParams } from '../../../../../gateway/rules/matchers/capability.ts';
import { device } from './obs.ts';

const m = capability.compile(CapabilityParams.parse({ capabilities: ['camera', 'mic', 'location'] }), {});

describe('capability', () => {
  it.each([
    ['a camera with a microphone', device({ capabilities: ['camera', 'mic', 'remote-control'] }), 'camera,mic'],
    ['a phone', device({ capabilities: ['camera', 'mic', 'location'] }), 'camera,mic,location'],
    ['a smart plug', device({ capabilities: ['remote-control'] }), null],
    ['an unidentified device', device({}), null],
    ['the router', device({ capabilities: ['camera'], isGateway: true }), null],
  ])('%s', (_what, d, key) => {
    expect(m.finish!({ devices: [d], gatewayIps: new Set() }).map((h) => h.key)).toEqual(key ? [key] : []);
  });

  it('refuses unknown capabilities', () => {
    expect(CapabilityParams.safeParse({ capabilities: ['telepathy'] }).success).toBe(false);
  });
});
