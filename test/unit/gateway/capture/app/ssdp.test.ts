import { describe, expect, it } from 'vitest';
import { parseSsdp } from '../../../../../gateway/capture/app/ssdp.ts';
import { everyPrefix, framed, randomPayloads } from './fuzz.ts';

const crlf = (lines: string[]) => Buffer.from(lines.join('\r\n') + '\r\n\r\n', 'utf8');

const notify = crlf([
  'NOTIFY * HTTP/1.1',
  'HOST: 239.255.255.250:1900',
  'CACHE-CONTROL: max-age=1800',
  'LOCATION: http://192.168.1.40:49152/description.xml',
  'NT: urn:schemas-upnp-org:device:MediaRenderer:1',
  'NTS: ssdp:alive',
  'SERVER: Linux/4.9 UPnP/1.0 Cam/2.1',
  'USN: uuid:1234-5678::urn:schemas-upnp-org:device:MediaRenderer:1',
]);

describe('parseSsdp', () => {
  it.each([
    [
      'NOTIFY',
      notify,
      {
        kind: 'notify', nt: 'urn:schemas-upnp-org:device:MediaRenderer:1', nts: 'ssdp:alive', location: 'http://192.168.1.40:49152/description.xml',
        server: 'Linux/4.9 UPnP/1.0 Cam/2.1', usn: 'uuid:1234-5678::urn:schemas-upnp-org:device:MediaRenderer:1',
      },
    ],
    [
      'M-SEARCH, lowercase headers, bare LF',
      Buffer.from('M-SEARCH * HTTP/1.1\nhost: 239.255.255.250:1900\nman: "ssdp:discover"\nmx: 2\nst: ssdp:all\nuser-agent: Android/13 UPnP/1.1 App/1\n\n'),
      { kind: 'search', st: 'ssdp:all', userAgent: 'Android/13 UPnP/1.1 App/1' },
    ],
    [
      'response with mixed-case header names and a control character',
      crlf(['HTTP/1.1 200 OK', 'Cache-Control: max-age=100', 'St: upnp:rootdevice', 'Usn: uuid:abc::upnp:rootdevice', 'Server: Hub\u0000/1.0', 'Location: http://10.0.0.2/d.xml']),
      { kind: 'response', st: 'upnp:rootdevice', usn: 'uuid:abc::upnp:rootdevice', server: 'Hub/1.0', location: 'http://10.0.0.2/d.xml' },
    ],
    ['HTTP/1.0 response', crlf(['HTTP/1.0 200 OK', 'ST: upnp:rootdevice']), { kind: 'response', st: 'upnp:rootdevice' }],
  ])('%s', (_n, bytes, expected) => {
    expect(parseSsdp(...framed(bytes))).toEqual(expected);
  });

  it('keeps the first of repeated headers and caps values at 512 characters', () => {
    const d = parseSsdp(...framed(crlf(['NOTIFY * HTTP/1.1', 'NT: first', 'NT: second', `SERVER: ${'x'.repeat(5000)}`])));
    expect(d?.nt).toBe('first');
    expect(d?.server).toHaveLength(512);
  });

  it('reads no header past 8 KB', () => {
    const d = parseSsdp(...framed(crlf(['NOTIFY * HTTP/1.1', `X-PAD: ${'p'.repeat(9000)}`, 'NT: late'])));
    expect(d).toEqual({ kind: 'notify' });
  });

  it.each([
    ['an HTTP request', crlf(['GET / HTTP/1.1', 'Host: x'])],
    ['a 404 response', crlf(['HTTP/1.1 404 Not Found', 'ST: x'])],
    ['NOTIFY without the asterisk', crlf(['NOTIFY /x HTTP/1.1', 'NT: y'])],
    ['too short', Buffer.from('NOTIFY *')],
  ])('returns null for %s', (_n, b) => {
    expect(parseSsdp(...framed(b))).toBeNull();
  });

  it('every prefix gives null or headers that were whole in the prefix', () => {
    const results = everyPrefix(notify, parseSsdp);
    expect(results.at(-1)?.usn).toBe('uuid:1234-5678::urn:schemas-upnp-org:device:MediaRenderer:1');
    for (let len = 0; len < notify.length; len++) {
      const r = results[len];
      if (!r) continue;
      const text = notify.toString('utf8', 0, len);
      for (const v of Object.values(r)) if (v !== 'notify') expect(text).toContain(`${v}\r\n`);
    }
    expect(results.findIndex((r) => r !== null)).toBe('NOTIFY * HTTP/1.1'.length);
  });

  it('random bytes never throw', () => {
    let parsed = 0;
    for (const b of randomPayloads(1900, 3000, 300)) if (parseSsdp(...framed(b))) parsed++;
    expect(parsed).toBe(0);
  });
});
