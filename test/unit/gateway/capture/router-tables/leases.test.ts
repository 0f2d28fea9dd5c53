import { describe, expect, it } from 'vitest';
import { leaseObservations, parseLeaseFile } from '../../../../../gateway/capture/router-tables/leases.ts';

describe('lease files', () => {
  it('reads dnsmasq (OpenWrt /tmp/dhcp.leases, Pi-hole) lines, "*" meaning no name', () => {
    const f = parseLeaseFile('1733650000 2c:aa:8e:3b:7c:21 192.168.1.23 WYZE_CAKP2 01:2c:aa:8e:3b:7c:21\n0 00:17:88:6B:2F:C4 192.168.1.30 * *\nduid 00:01:00:01\ngarbage\n');
    expect(f.format).toBe('dnsmasq');
    expect(f.skipped).toBe(1);
    expect(f.leases).toEqual([
      { ip: '192.168.1.23', mac: '2c:aa:8e:3b:7c:21', hostname: 'WYZE_CAKP2', clientId: '01:2c:aa:8e:3b:7c:21', expires: '2024-12-08T09:26:40.000Z' },
      { ip: '192.168.1.30', mac: '00:17:88:6b:2f:c4' },
    ]);
  });

  it('reads ISC dhcpd blocks, the last one of an address winning and freed leases dropped', () => {
    const text = [
      'lease 192.168.1.40 {', '  starts 1 2024/12/02 10:00:00;', '  ends 1 2024/12/02 22:00:00;', '  binding state active;', '  hardware ethernet 50:c7:bf:2e:91:44;', '  client-hostname "HS103";', '}',
      'lease 192.168.1.40 {', '  ends 2 2024/12/03 22:00:00;', '  binding state active;', '  hardware ethernet 50:c7:bf:2e:91:44;', '  client-hostname "HS103";', '}',
      'lease 192.168.1.41 {', '  binding state free;', '  hardware ethernet 10:1f:74:c3:8d:5a;', '}',
    ].join('\n');
    const f = parseLeaseFile(text);
    expect(f.format).toBe('isc-dhcpd');
    expect(f.leases).toEqual([{ ip: '192.168.1.40', mac: '50:c7:bf:2e:91:44', hostname: 'HS103', expires: '2024-12-03T22:00:00.000Z' }]);
  });

  it('reads odhcpd state lines (DHCPv6 by DUID, DHCPv4 by MAC)', () => {
    const f = parseLeaseFile('# br-lan 000100012ef1c2d3da a119 android-5c1d 1733650000 200 0 128 fd12:3456::23/128 \n# br-lan 3c52827a19d4 ipv4 LAPTOP-7QK2 1733650000 0 0 32 192.168.1.50/32\n');
    expect(f.format).toBe('odhcpd');
    expect(f.leases).toEqual([
      { ip: 'fd12:3456::23', hostname: 'android-5c1d', clientId: '000100012ef1c2d3da', expires: '2024-12-08T09:26:40.000Z' },
      { ip: '192.168.1.50', mac: '3c:52:82:7a:19:d4', hostname: 'LAPTOP-7QK2', expires: '2024-12-08T09:26:40.000Z' },
    ]);
  });

  it('turns leases into DHCP observations', () => {
    const obs = leaseObservations(parseLeaseFile('1733650000 2c:aa:8e:3b:7c:21 192.168.1.23 WYZE_CAKP2 *\n'), '2024-12-07T20:00:00.000Z');
    expect(obs).toEqual([{ source: 'dhcp', at: '2024-12-07T20:00:00.000Z', mac: '2c:aa:8e:3b:7c:21', ip: '192.168.1.23', data: { hostname: 'WYZE_CAKP2' } }]);
  });
});
