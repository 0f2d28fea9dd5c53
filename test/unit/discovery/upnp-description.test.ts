import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseUpnpDescription, parseUpnpDocument } from '../../../discovery/upnp-description.ts';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/discovery/${name}`, import.meta.url), 'utf8');
const IGD = fixture('igd-description.xml');
const RENDERER = fixture('renderer-description.xml');

const BOMB = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>
<root><device><friendlyName>&lol2;</friendlyName></device></root>`;
const XXE = `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><root><device><friendlyName>&x;</friendlyName></device></root>`;

describe('parseUpnpDescription', () => {
  it.each([
    [
      'router (IGD), entities decoded, services of embedded devices listed',
      IGD,
      {
        friendlyName: 'Home Router & Wi-Fi',
        manufacturer: 'ExampleNet',
        modelName: 'XR-500',
        modelNumber: '0500',
        modelDescription: 'Wireless Router',
        deviceType: 'urn:schemas-upnp-org:device:InternetGatewayDevice:1',
        serialNumber: '00012345',
        udn: 'uuid:11111111-2222-3333-4444-555555555555',
        services: [
          'urn:schemas-upnp-org:service:Layer3Forwarding:1',
          'urn:schemas-upnp-org:service:WANCommonInterfaceConfig:1',
          'urn:schemas-upnp-org:service:WANIPConnection:1',
        ],
      },
    ],
    [
      'media renderer with a numeric character reference',
      RENDERER,
      {
        friendlyName: '[TV] Living Room',
        manufacturer: 'Example Electronics',
        modelName: 'UE55™ Series 7',
        modelNumber: 'AllShare1.0',
        deviceType: 'urn:schemas-upnp-org:device:MediaRenderer:1',
        serialNumber: '0AB1CDEF2345',
        udn: 'uuid:0a1b2c3d-0000-1000-8000-00aabbccddee',
        services: ['urn:schemas-upnp-org:service:RenderingControl:1', 'urn:schemas-upnp-org:service:AVTransport:1'],
      },
    ],
    ['minimal root device', '<root><device><deviceType>urn:x:device:Basic:1</deviceType></device></root>', { deviceType: 'urn:x:device:Basic:1' }],
    ['entity-expansion bomb refused', BOMB, null],
    ['external entity refused', XXE, null],
    ['no device element', '<root><specVersion><major>1</major></specVersion></root>', null],
    ['not a root document', '<html><body>router login</body></html>', null],
    ['not XML', '{"friendlyName":"x"}', null],
    ['empty', '', null],
    ['cut in the middle', IGD.slice(0, 300), null],
  ])('%s', (_name, xml, want) => expect(parseUpnpDescription(xml)).toEqual(want));
});

describe('parseUpnpDocument', () => {
  it('finds the WANIPConnection control URL in the nested WANConnectionDevice, and URLBase', () => {
    const doc = parseUpnpDocument(IGD)!;
    expect(doc.urlBase).toBe('http://192.168.1.1:5000');
    expect(doc.deviceTypes).toEqual([
      'urn:schemas-upnp-org:device:InternetGatewayDevice:1',
      'urn:schemas-upnp-org:device:WANDevice:1',
      'urn:schemas-upnp-org:device:WANConnectionDevice:1',
    ]);
    expect(doc.services.find((s) => s.serviceType.includes('WANIPConnection'))).toEqual({
      serviceType: 'urn:schemas-upnp-org:service:WANIPConnection:1',
      serviceId: 'urn:upnp-org:serviceId:WANIPConn1',
      controlURL: '/ctl/IPConn',
      deviceType: 'urn:schemas-upnp-org:device:WANConnectionDevice:1',
    });
  });

  it('bounds the walk over absurdly deep device trees', () => {
    let xml = '<deviceType>urn:d:0</deviceType>';
    for (let i = 1; i < 40; i++) xml = `<deviceType>urn:d:${i}</deviceType><deviceList><device>${xml}</device></deviceList>`;
    const doc = parseUpnpDocument(`<root><device>${xml}</device></root>`);
    expect(doc?.deviceTypes.length).toBe(7);
  });
});
