import { describe, expect, it } from 'vitest';
import type { Observation } from '../../../gateway/contract.ts';
import { planQuietChecks } from '../../../discovery/access/plan-quiet-checks.ts';
import { device, mdns } from './helpers.ts';

const profile = (id: string) => ({ profile: { id, name: id, confidence: 0.9, matchedBy: [] } });
const dhcp = (ip: string, hostname: string): Observation => ({ source: 'dhcp', at: 't', ip, data: { hostname } });

describe('planQuietChecks', () => {
  it.each([
    ['Kasa plug by profile', device('a', '192.168.1.2', profile('tp-link.kasa-plug')), [], { check: 'kasa', module: 'cnCloud' }],
    ['Kasa bulb by profile', device('a', '192.168.1.2', profile('tp-link.kasa-bulb')), [], { check: 'kasa', module: 'smartlife.iot.common.cloud' }],
    ['Kasa by DHCP host name', device('a', '192.168.1.2'), [dhcp('192.168.1.2', 'HS110')], { check: 'kasa', module: 'cnCloud' }],
    ['Kasa bulb by host name', device('a', '192.168.1.2', { hostnames: ['KL130'] }), [], { check: 'kasa', module: 'smartlife.iot.common.cloud' }],
    ['Shelly Gen2 by _shelly._tcp', device('a', '192.168.1.2'), [mdns('192.168.1.2', { type: '_shelly._tcp', port: 80, txt: { gen: '2' } })], { check: 'shelly-gen2', port: 80 }],
    ['Shelly Gen1 by _http._tcp name', device('a', '192.168.1.2'), [mdns('192.168.1.2', { type: '_http._tcp', instance: 'shelly1-A1B2C3._http._tcp.local', port: 8080 })], { check: 'shelly-gen1', port: 8080 }],
    ['Shelly by profile only', device('a', '192.168.1.2', profile('shelly.relay')), [], { check: 'shelly', port: 80 }],
    ['Tasmota by profile', device('a', '192.168.1.2', profile('tasmota.device')), [], { check: 'tasmota', port: 80 }],
    ['Tasmota by host name', device('a', '192.168.1.2'), [dhcp('192.168.1.2', 'tasmota-4C11AE-0430')], { check: 'tasmota' }],
  ])('%s', (_n, d, obs, want) => {
    const plans = planQuietChecks([d], obs as Observation[]);
    expect(plans).toHaveLength(1);
    expect(plans[0]).toMatchObject({ deviceId: 'a', ip: '192.168.1.2', ...want });
  });

  it.each([
    ['an unknown device with TCP 9999 in its profile-less traffic', device('a', '192.168.1.2', { category: 'smart-plug' }), []],
    ['a plain web server', device('a', '192.168.1.2'), [mdns('192.168.1.2', { type: '_http._tcp', instance: 'printer._http._tcp.local' })]],
    ['a Kasa device with only a public address', device('a', '203.0.113.5', profile('tp-link.kasa-plug')), []],
    ['a Shelly announcement from another device', device('a', '192.168.1.2'), [mdns('192.168.1.3', { type: '_shelly._tcp' })]],
  ])('no check for %s', (_n, d, obs) => {
    expect(planQuietChecks([d], obs as Observation[])).toEqual([]);
  });
});
