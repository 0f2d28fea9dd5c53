/**
 * Which evidence counts as "shows an identifying signal" in the held-out test set (the subset issue 12's ≥90% is
 * measured on): names a person could read, cloud domains that are not generic infrastructure, served services.
 */
import { describe, expect, it } from 'vitest';
import type { DeviceEvidence } from '../../../gateway/inventory/inventory.ts';
import { isGenericDomain, isServedService, signalsOf } from '../../bench/identify-eval/dataset.ts';

const ev = (part: Partial<DeviceEvidence>): DeviceEvidence => ({ hostnames: [], dhcp: [], mdns: [], ssdp: [], domains: [], ports: [], ...part });

describe('identify-eval signals', () => {
  it.each([
    ['nothing', ev({}), []],
    ['a DHCP host name', ev({ dhcp: [{ hostname: 'DCS-930LB' }] }), ['dhcp-name']],
    ['an interface name as host name', ev({ dhcp: [{ hostname: 'wlan0' }] }), []],
    ['a generic DHCP client', ev({ dhcp: [{ vendorClass: 'udhcp 1.12.1' }, { vendorClass: 'dhcpcd-6.8.2:Linux-4.4.22+:armv7l' }] }), []],
    ['a device vendor class', ev({ dhcp: [{ vendorClass: 'HF-LPB100' }] }), ['dhcp-name']],
    ['an mDNS service', ev({ mdns: [{ type: '_http._tcp', instance: 'Cam._http._tcp.local' }] }), ['mdns-name']],
    ['an SSDP server', ev({ ssdp: [{ kind: 'notify', server: 'Linux UPnP/1.0 DCS-935L/1.0' }] }), ['ssdp-name']],
    ['only time servers, CDNs and addresses', ev({ domains: ['0.pool.ntp.org', 'x.cloudfront.net', 'a1.iot.us-east-1.amazonaws.com', '10.0.0.1'] }), []],
    ['a cloud domain', ev({ domains: ['pool.ntp.org', 'alerts.ring.com'] }), ['cloud-domain']],
    ['a served web port', ev({ ports: [{ proto: 'tcp', port: 80, direction: 'in' }] }), ['served-port']],
    ['only DHCP, DNS and high inbound ports', ev({ ports: [{ proto: 'udp', port: 68, direction: 'in' }, { proto: 'tcp', port: 50756, direction: 'in' }, { proto: 'tcp', port: 443, direction: 'out' }] }), []],
  ] as const)('%s', (_name, evidence, want) => {
    expect(signalsOf(evidence)).toEqual(want);
  });

  it('treats the UPnP device ports as served and an ephemeral UDP port as not', () => {
    expect(isServedService({ proto: 'tcp', port: 49153, direction: 'in' })).toBe(true);
    expect(isServedService({ proto: 'udp', port: 40000, direction: 'in' })).toBe(false);
    expect(isServedService({ proto: 'udp', port: 0, direction: 'in' })).toBe(false);
  });

  it('reads domain names case-insensitively and with a trailing dot', () => {
    expect(isGenericDomain('Time.NIST.gov.')).toBe(true);
    expect(isGenericDomain('devs.myzmodo.com')).toBe(false);
  });
});
