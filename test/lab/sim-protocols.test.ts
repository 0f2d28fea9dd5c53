/** The pure protocol pieces of the lab programs: DHCP request bytes, the lab resolver, the IGD SOAP answers. */
import dnsPacket from 'dns-packet';
import { describe, expect, it } from 'vitest';
import { buildDhcpRequest } from './sim/dhcp-packet.ts';
import { answerDnsQuery } from './sim/dns-answer.ts';
import { handleIgdSoap, WAN_IP_CONNECTION } from './sim/igd-soap.ts';
import type { RouterMapping } from './sim/run-config.ts';

function options(packet: Buffer): Map<number, Buffer> {
  const out = new Map<number, Buffer>();
  for (let i = 240; i < packet.length && packet[i] !== 255; i += 2 + packet[i + 1]) out.set(packet[i], packet.subarray(i + 2, i + 2 + packet[i + 1]));
  return out;
}

describe('buildDhcpRequest', () => {
  const packet = buildDhcpRequest({ mac: '2c:aa:8e:3b:7c:21', ip: '10.77.0.11', hostname: 'WYZE_CAKP2JFUS', vendorClass: 'udhcp 1.22.1', paramList: [1, 3, 6, 12], xid: 0x01020304 });
  it('is a BOOTREQUEST with ciaddr, chaddr and the magic cookie', () => {
    expect([packet[0], packet[1], packet[2]]).toEqual([1, 1, 6]);
    expect(packet.readUInt32BE(4)).toBe(0x01020304);
    expect([...packet.subarray(12, 16)]).toEqual([10, 77, 0, 11]);
    expect(packet.subarray(28, 34).toString('hex')).toBe('2caa8e3b7c21');
    expect(packet.readUInt32BE(236)).toBe(0x63825363);
  });
  it('carries DHCPREQUEST, client id, hostname, vendor class and parameter list', () => {
    const o = options(packet);
    expect([...o.get(53)!]).toEqual([3]);
    expect(o.get(61)!.toString('hex')).toBe('012caa8e3b7c21');
    expect(o.get(12)!.toString()).toBe('WYZE_CAKP2JFUS');
    expect(o.get(60)!.toString()).toBe('udhcp 1.22.1');
    expect([...o.get(55)!]).toEqual([1, 3, 6, 12]);
    expect(packet[packet.length - 1]).toBe(255);
  });
  it('leaves option 60 out when there is no vendor class', () => {
    const o = options(buildDhcpRequest({ mac: '2c:aa:8e:3b:7c:21', ip: '10.77.0.11', hostname: 'x', paramList: [1], xid: 1 }));
    expect(o.has(60)).toBe(false);
  });
});

describe('answerDnsQuery', () => {
  const domains = { 'api.wyzecam.com': '198.19.1.6' };
  const ask = (name: string, type: 'A' | 'AAAA' = 'A') => dnsPacket.encode({ type: 'query', id: 77, flags: dnsPacket.RECURSION_DESIRED, questions: [{ type, name, class: 'IN' }] });
  it('answers a scenario name with its cloud address', () => {
    const r = dnsPacket.decode(answerDnsQuery(ask('API.wyzecam.com'), domains)!);
    expect(r.id).toBe(77);
    expect(r.flags! & 0x0f).toBe(0); // RCODE NOERROR
    expect(r.answers?.map((a) => (a as dnsPacket.StringAnswer).data)).toEqual(['198.19.1.6']);
  });
  it('answers AAAA for a known name with no records and unknown names with NXDOMAIN', () => {
    expect(dnsPacket.decode(answerDnsQuery(ask('api.wyzecam.com', 'AAAA'), domains)!).answers).toEqual([]);
    expect(dnsPacket.decode(answerDnsQuery(ask('example.org'), domains)!).flags! & 0x0f).toBe(3); // RCODE NXDOMAIN
  });
  it('drops what is not a decodable query', () => {
    expect(answerDnsQuery(Buffer.from([1, 2, 3]), domains)).toBeNull();
    const response = dnsPacket.encode({ type: 'response', id: 1, questions: [{ type: 'A', name: 'api.wyzecam.com' }] });
    expect(answerDnsQuery(response, domains)).toBeNull();
  });
});

describe('handleIgdSoap', () => {
  const mappings: RouterMapping[] = [{ protocol: 'TCP', externalPort: 8554, internalClient: '10.77.0.12', internalPort: 554, description: 'IPCAM <RTSP>', leaseSeconds: 0, enabled: true }];
  const action = (a: string) => `"${WAN_IP_CONNECTION}#${a}"`;
  it('returns mapping 0 and fault 713 past the end', () => {
    const ok = handleIgdSoap(action('GetGenericPortMappingEntry'), '<NewPortMappingIndex>0</NewPortMappingIndex>', mappings, '198.18.0.1');
    expect(ok.status).toBe(200);
    expect(ok.body).toContain('<NewInternalClient>10.77.0.12</NewInternalClient>');
    expect(ok.body).toContain('<NewPortMappingDescription>IPCAM &lt;RTSP&gt;</NewPortMappingDescription>');
    const past = handleIgdSoap(action('GetGenericPortMappingEntry'), '<NewPortMappingIndex>1</NewPortMappingIndex>', mappings, '198.18.0.1');
    expect([past.status, past.body.includes('<errorCode>713</errorCode>')]).toEqual([500, true]);
  });
  it('finds a specific mapping, reports the external address and rejects unknown actions', () => {
    const spec = handleIgdSoap(action('GetSpecificPortMappingEntry'), '<NewExternalPort>8554</NewExternalPort><NewProtocol>TCP</NewProtocol>', mappings, '198.18.0.1');
    expect(spec.body).toContain('<NewInternalPort>554</NewInternalPort>');
    expect(handleIgdSoap(action('GetSpecificPortMappingEntry'), '<NewExternalPort>1</NewExternalPort><NewProtocol>TCP</NewProtocol>', mappings, '').body).toContain('<errorCode>714</errorCode>');
    expect(handleIgdSoap(action('GetExternalIPAddress'), '', mappings, '198.18.0.1').body).toContain('<NewExternalIPAddress>198.18.0.1</NewExternalIPAddress>');
    expect(handleIgdSoap(action('AddPortMapping'), '', mappings, '').body).toContain('<errorCode>401</errorCode>');
    expect(handleIgdSoap(action('GetGenericPortMappingEntry'), '<NewPortMappingIndex>x</NewPortMappingIndex>', mappings, '').status).toBe(500);
  });
});
