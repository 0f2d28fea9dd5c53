import { describe, expect, it } from 'vitest';
import { parseSsdpMessage, parseSsdpText, ssdpDataFromHeaders } from '../../../discovery/ssdp-message.ts';

const crlf = (...lines: string[]) => lines.join('\r\n') + '\r\n\r\n';

// Message layouts from UPnP Device Architecture 1.1, §1.2.2 (NOTIFY alive), §1.3.2 (M-SEARCH), §1.3.3 (response).
const NOTIFY = crlf(
  'NOTIFY * HTTP/1.1',
  'HOST: 239.255.255.250:1900',
  'CACHE-CONTROL: max-age=1800',
  'LOCATION: http://192.168.1.1:5000/rootDesc.xml',
  'NT: urn:schemas-upnp-org:device:InternetGatewayDevice:1',
  'NTS: ssdp:alive',
  'SERVER: Linux/4.4 UPnP/1.1 MiniUPnPd/2.2.1',
  'USN: uuid:11111111-2222-3333-4444-555555555555::urn:schemas-upnp-org:device:InternetGatewayDevice:1',
);
const BYEBYE = crlf('NOTIFY * HTTP/1.1', 'HOST: 239.255.255.250:1900', 'NT: upnp:rootdevice', 'NTS: ssdp:byebye', 'USN: uuid:abc::upnp:rootdevice');
const RESPONSE = crlf(
  'HTTP/1.1 200 OK',
  'CACHE-CONTROL: max-age=1800',
  'DATE: Wed, 01 May 2024 10:00:00 GMT',
  'EXT:',
  'LOCATION: http://192.168.1.50:1400/xml/device_description.xml',
  'SERVER: Linux UPnP/1.0 Sonos/70.3-35220 (ZPS9)',
  'ST: urn:schemas-upnp-org:device:ZonePlayer:1',
  'USN: uuid:RINCON_000E58A1B2C301400::urn:schemas-upnp-org:device:ZonePlayer:1',
);
const MSEARCH = crlf('M-SEARCH * HTTP/1.1', 'HOST: 239.255.255.250:1900', 'MAN: "ssdp:discover"', 'MX: 2', 'ST: ssdp:all', 'USER-AGENT: Android/13 UPnP/1.1 App/1.0');

describe('parseSsdpMessage', () => {
  it.each([
    [
      'NOTIFY ssdp:alive from a router',
      NOTIFY,
      {
        kind: 'notify',
        nt: 'urn:schemas-upnp-org:device:InternetGatewayDevice:1',
        usn: 'uuid:11111111-2222-3333-4444-555555555555::urn:schemas-upnp-org:device:InternetGatewayDevice:1',
        server: 'Linux/4.4 UPnP/1.1 MiniUPnPd/2.2.1',
        location: 'http://192.168.1.1:5000/rootDesc.xml',
      },
    ],
    ['NOTIFY ssdp:byebye is dropped', BYEBYE, null],
    [
      'M-SEARCH response from a speaker',
      RESPONSE,
      {
        kind: 'response',
        st: 'urn:schemas-upnp-org:device:ZonePlayer:1',
        usn: 'uuid:RINCON_000E58A1B2C301400::urn:schemas-upnp-org:device:ZonePlayer:1',
        server: 'Linux UPnP/1.0 Sonos/70.3-35220 (ZPS9)',
        location: 'http://192.168.1.50:1400/xml/device_description.xml',
      },
    ],
    ['M-SEARCH from a phone app', MSEARCH, { kind: 'search', st: 'ssdp:all', userAgent: 'Android/13 UPnP/1.1 App/1.0' }],
    ['LF line endings and lower-case header names', 'HTTP/1.1 200 OK\nst: upnp:rootdevice\nusn: uuid:x::upnp:rootdevice\n\n', { kind: 'response', st: 'upnp:rootdevice', usn: 'uuid:x::upnp:rootdevice' }],
    ['HTTP error status', crlf('HTTP/1.1 404 Not Found', 'ST: x'), null],
    ['plain HTTP request', crlf('GET / HTTP/1.1', 'Host: x'), null],
    ['no ST, NT or USN', crlf('HTTP/1.1 200 OK', 'SERVER: x'), null],
    ['empty', '', null],
  ])('%s', (_name, text, want) => expect(parseSsdpMessage(text)).toEqual(want));

  it('keeps the first of a repeated header and ignores the body', () => {
    const m = parseSsdpText('HTTP/1.1 200 OK\r\nST: a\r\nST: b\r\n\r\nST: c');
    expect(m?.headers).toEqual({ ST: 'a' });
  });

  it('clips absurdly long header values', () => {
    const d = ssdpDataFromHeaders('response', { ST: 'x', SERVER: 's'.repeat(5000) });
    expect(d?.server?.length).toBe(1024);
  });
});
