import { describe, expect, it } from 'vitest';
import { lanUrl } from '../../../discovery/lan-url.ts';

const subnets = [{ name: 'eth0', address: '192.168.1.5', netmask: '255.255.255.0' }];

describe('lanUrl', () => {
  it.each([
    ['plain LAN URL from the responder', 'http://192.168.1.1:5000/rootDesc.xml', '192.168.1.1', undefined, 'http://192.168.1.1:5000/rootDesc.xml'],
    ['relative control URL resolved against the location', '/ctl/IPConn', '192.168.1.1', 'http://192.168.1.1:5000/rootDesc.xml', 'http://192.168.1.1:5000/ctl/IPConn'],
    ['another LAN host than the responder', 'http://192.168.1.7/desc.xml', '192.168.1.1', undefined, null],
    ['public address', 'http://8.8.8.8/desc.xml', '8.8.8.8', undefined, null],
    ['private but not our subnet', 'http://10.0.0.1/desc.xml', '10.0.0.1', undefined, null],
    ['host name instead of an address', 'http://router.local/desc.xml', '192.168.1.1', undefined, null],
    ['https', 'https://192.168.1.1/desc.xml', '192.168.1.1', undefined, null],
    ['file URL', 'file:///etc/passwd', '192.168.1.1', undefined, null],
    ['credentials in the URL', 'http://u:p@192.168.1.1/desc.xml', '192.168.1.1', undefined, null],
    ['absolute control URL elsewhere overrides the base', 'http://169.254.169.254/latest', '192.168.1.1', 'http://192.168.1.1/x', null],
    ['not a URL', 'not a url', '192.168.1.1', undefined, null],
    ['decimal-encoded host normalises to another address', 'http://3232235777/', '192.168.1.2', undefined, null],
  ])('%s', (_name, text, ip, base, want) => expect(lanUrl(text, ip, subnets, base)?.href ?? null).toBe(want));
});
