import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Observation, UpnpIgdData } from '../../../gateway/contract.ts';
import { buildPortMappingRequest, createUpnpIgdScanner, parsePortMappingResponse } from '../../../discovery/upnp-igd.ts';
import { parseUpnpDocument } from '../../../discovery/upnp-description.ts';

const WANIP = 'urn:schemas-upnp-org:service:WANIPConnection:1';
const env = (inner: string) =>
  `<?xml version="1.0"?>\r\n<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/" s:encodingStyle="http://schemas.xmlsoap.org/soap/encoding/"><s:Body>${inner}</s:Body></s:Envelope>`;
// Response layout per IGD WANIPConnection:1 service template, GetGenericPortMappingEntry out-arguments.
const entry = (f: Record<string, string>) =>
  env(`<u:GetGenericPortMappingEntryResponse xmlns:u="${WANIP}">${Object.entries(f).map(([k, v]) => `<${k}>${v}</${k}>`).join('')}</u:GetGenericPortMappingEntryResponse>`);
const CAMERA = {
  NewRemoteHost: '',
  NewExternalPort: '8554',
  NewProtocol: 'TCP',
  NewInternalPort: '554',
  NewInternalClient: '192.168.1.40',
  NewEnabled: '1',
  NewPortMappingDescription: 'IPCAM RTSP &amp; P2P',
  NewLeaseDuration: '0',
};
// SOAP fault layout per UPnP Device Architecture 1.1 §3.2.2.
const fault = (code: number, text: string) =>
  env(`<s:Fault><faultcode>s:Client</faultcode><faultstring>UPnPError</faultstring><detail><UPnPError xmlns="urn:schemas-upnp-org:control-1-0"><errorCode>${code}</errorCode><errorDescription>${text}</errorDescription></UPnPError></detail></s:Fault>`);

describe('parsePortMappingResponse', () => {
  it.each([
    [
      'a camera mapping',
      entry(CAMERA),
      { kind: 'mapping', mapping: { protocol: 'TCP', externalPort: 8554, internalClient: '192.168.1.40', internalPort: 554, enabled: true, description: 'IPCAM RTSP & P2P', leaseDuration: 0 } },
    ],
    [
      'a disabled UDP mapping with a remote host and lowercase protocol',
      entry({ ...CAMERA, NewProtocol: 'udp', NewEnabled: '0', NewRemoteHost: '203.0.113.9', NewLeaseDuration: '3600', NewPortMappingDescription: '' }),
      { kind: 'mapping', mapping: { protocol: 'UDP', externalPort: 8554, internalClient: '192.168.1.40', internalPort: 554, enabled: false, remoteHost: '203.0.113.9', leaseDuration: 3600 } },
    ],
    ['end of the table', fault(713, 'SpecifiedArrayIndexInvalid'), { kind: 'fault', code: 713, description: 'SpecifiedArrayIndexInvalid' }],
    ['not authorised', fault(606, 'Action not authorized'), { kind: 'fault', code: 606, description: 'Action not authorized' }],
    ['unknown protocol', entry({ ...CAMERA, NewProtocol: 'SCTP' }), null],
    ['port out of range', entry({ ...CAMERA, NewInternalPort: '70000' }), null],
    ['internal port zero', entry({ ...CAMERA, NewInternalPort: '0' }), null],
    ['missing client', entry({ ...CAMERA, NewInternalClient: '' }), null],
    ['fault without a code', env('<s:Fault><faultcode>s:Server</faultcode></s:Fault>'), null],
    ['other action', env('<u:GetExternalIPAddressResponse><NewExternalIPAddress>1.2.3.4</NewExternalIPAddress></u:GetExternalIPAddressResponse>'), null],
    ['HTML error page', '<html><body>401 Unauthorized</body></html>', null],
    ['DOCTYPE refused', `<!DOCTYPE x [<!ENTITY a "b">]>${entry(CAMERA).replace('<?xml version="1.0"?>\r\n', '')}`, null],
    ['empty', '', null],
  ])('%s', (_name, xml, want) => expect(parsePortMappingResponse(xml)).toEqual(want));
});

describe('buildPortMappingRequest', () => {
  it('builds the SOAP envelope and SOAPAction', () => {
    const r = buildPortMappingRequest(3, WANIP)!;
    expect(r.soapAction).toBe(`"${WANIP}#GetGenericPortMappingEntry"`);
    expect(r.body).toContain(`<u:GetGenericPortMappingEntry xmlns:u="${WANIP}"><NewPortMappingIndex>3</NewPortMappingIndex>`);
  });
  it.each([
    [-1, WANIP],
    [1.5, WANIP],
    [0, 'urn:schemas-upnp-org:service:WANIPConnection:1"><x'],
    [0, 'urn:schemas-upnp-org:service:AVTransport:1'],
  ])('refuses index %s / service %s', (i, st) => expect(buildPortMappingRequest(i, st)).toBeNull());
});

const subnets = [{ name: 'eth0', address: '192.168.1.5', netmask: '255.255.255.0' }];
const IGD_XML = readFileSync(new URL('../../fixtures/discovery/igd-description.xml', import.meta.url), 'utf8');

describe('createUpnpIgdScanner', () => {
  const run = async (table: string[], maxEntries?: number, xml = IGD_XML) => {
    const posts: string[] = [];
    const logs: string[] = [];
    const seen: Observation<UpnpIgdData>[] = [];
    const scanner = createUpnpIgdScanner(
      { subnets, maxEntries, onObservation: (o) => seen.push(o) },
      {
        post: async (url, body) => {
          const index = Number(/<NewPortMappingIndex>(\d+)</.exec(body)![1]);
          posts.push(`${url.href}#${index}`);
          return index < table.length ? { status: 200, body: table[index] } : { status: 500, body: fault(713, 'SpecifiedArrayIndexInvalid') };
        },
        now: () => new Date('2024-05-01T10:00:00Z'),
        log: (m) => logs.push(m),
      },
    );
    await scanner.start();
    const doc = { location: 'http://192.168.1.1:5000/rootDesc.xml', ip: '192.168.1.1', document: parseUpnpDocument(xml)! };
    scanner.offer(doc);
    scanner.offer(doc); // a second SSDP answer from the same router must not start a second read
    await scanner.stop();
    return { posts, logs, seen };
  };

  it('reads entries until fault 713 and emits one observation for the router', async () => {
    const { posts, logs, seen } = await run([entry(CAMERA), entry({ ...CAMERA, NewExternalPort: '34567', NewInternalPort: '34567', NewInternalClient: '192.168.1.41' })]);
    expect(posts).toEqual(['http://192.168.1.1:5000/ctl/IPConn#0', 'http://192.168.1.1:5000/ctl/IPConn#1', 'http://192.168.1.1:5000/ctl/IPConn#2']);
    expect(logs).toEqual([]);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ source: 'upnp-igd', ip: '192.168.1.1', data: { router: '192.168.1.1' } });
    expect(seen[0].data.mappings.map((m) => [m.internalClient, m.externalPort])).toEqual([
      ['192.168.1.40', 8554],
      ['192.168.1.41', 34567],
    ]);
  });

  it('stops at the entry bound', async () => {
    const { posts, seen } = await run(Array(10).fill(entry(CAMERA)), 4);
    expect(posts).toHaveLength(4);
    expect(seen[0].data.mappings).toHaveLength(4);
  });

  it('stops on garbage and reports what it read', async () => {
    const { logs, seen } = await run([entry(CAMERA), '<html>oops</html>']);
    expect(seen[0].data.mappings).toHaveLength(1);
    expect(logs).toEqual(['http://192.168.1.1:5000/ctl/IPConn: unreadable answer for index 1 (HTTP 200)']);
  });

  it('never calls a control URL on another host (URLBase pointing away)', async () => {
    const { posts, seen } = await run([entry(CAMERA)], undefined, IGD_XML.replace('http://192.168.1.1:5000', 'http://192.168.1.99:5000'));
    expect(posts).toEqual([]);
    expect(seen[0].data.mappings).toEqual([]);
  });

  it('ignores documents that are not routers', async () => {
    const { posts, seen } = await run([], undefined, '<root><device><deviceType>urn:schemas-upnp-org:device:MediaRenderer:1</deviceType></device></root>');
    expect(posts).toEqual([]);
    expect(seen).toEqual([]);
  });
});

describe('createUpnpIgdScanner stop()', () => {
  it('cuts a slow router short after the grace period and still emits what it read', async () => {
    const seen: Observation<UpnpIgdData>[] = [];
    let calls = 0;
    const scanner = createUpnpIgdScanner(
      { subnets, stopGraceMs: 0, onObservation: (o) => seen.push(o) },
      {
        post: async () => {
          calls++;
          await new Promise((r) => setTimeout(r, 20));
          return { status: 200, body: entry(CAMERA) };
        },
        now: () => new Date(0),
        log: () => undefined,
      },
    );
    scanner.offer({ location: 'http://192.168.1.1:5000/rootDesc.xml', ip: '192.168.1.1', document: parseUpnpDocument(IGD_XML)! });
    await scanner.stop();
    expect(calls).toBeLessThan(256);
    expect(seen).toHaveLength(1);
    expect(seen[0].data.mappings.length).toBe(calls);
  });
});
