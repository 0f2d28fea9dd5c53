import { describe, expect, it } from 'vitest';
import { parseHttpRequest, type HttpRequest } from '../../../../../gateway/capture/app/http.ts';
import { everyPrefix, framed, randomPayloads } from './fuzz.ts';

const get = Buffer.from('GET /api/v1/live?cam=2 HTTP/1.1\r\nHost: Cloud.Example.COM:8080\r\nUser-Agent: CamFirmware/3.2\r\nAccept: */*\r\n\r\n');

describe('parseHttpRequest', () => {
  it.each<[string, Buffer, HttpRequest]>([
    ['GET with Host and User-Agent', get, { method: 'GET', path: '/api/v1/live?cam=2', host: 'cloud.example.com:8080', userAgent: 'CamFirmware/3.2' }],
    ['CONNECT', Buffer.from('CONNECT relay.example.net:443 HTTP/1.1\r\nhost: relay.example.net:443\r\n\r\n'), { method: 'CONNECT', path: 'relay.example.net:443', host: 'relay.example.net:443' }],
    ['POST without headers', Buffer.from('POST /upload HTTP/1.0\r\n\r\n'), { method: 'POST', path: '/upload' }],
    ['control characters removed', Buffer.from('GET /a\u0001b HTTP/1.1\r\nUser-Agent: x\u001b[31my\r\n\r\n'), { method: 'GET', path: '/ab', userAgent: 'x[31my' }],
    ['request line cut by the segment end', Buffer.from('PUT /very/long/pa'), { method: 'PUT', path: '/very/long/pa' }],
    ...['HEAD', 'DELETE', 'OPTIONS', 'PATCH'].map((m) => [m, Buffer.from(`${m} * HTTP/1.1\r\n\r\n`), { method: m, path: '*' }] as [string, Buffer, HttpRequest]),
  ])('%s', (_n, bytes, expected) => {
    expect(parseHttpRequest(...framed(bytes))).toEqual(expected);
  });

  it('caps the path and header values at 512 characters', () => {
    const r = parseHttpRequest(...framed(Buffer.from(`GET /${'a'.repeat(3000)} HTTP/1.1\r\nUser-Agent: ${'u'.repeat(3000)}\r\n\r\n`)));
    expect(r?.path).toHaveLength(512);
    expect(r?.userAgent).toHaveLength(512);
  });

  it.each([
    ['lowercase method', 'get / HTTP/1.1\r\n\r\n'],
    ['unknown method', 'BREW /pot HTTP/1.1\r\n\r\n'],
    ['method without a space', 'GET/ HTTP/1.1\r\n\r\n'],
    ['method and space only', 'GET '],
    ['a response', 'HTTP/1.1 200 OK\r\n\r\n'],
    ['TLS', '\u0016\u0003\u0001\u0000'],
  ])('returns null for %s', (_n, text) => {
    expect(parseHttpRequest(...framed(Buffer.from(text, 'latin1')))).toBeNull();
  });

  it('every prefix gives null or a result whose host is never cut', () => {
    const results = everyPrefix(get, parseHttpRequest);
    expect(results.at(-1)?.userAgent).toBe('CamFirmware/3.2');
    for (const r of results) if (r?.host !== undefined) expect(r.host).toBe('cloud.example.com:8080');
    expect(results.slice(0, 5).every((r) => r === null)).toBe(true);
    expect(results.slice(5).every((r) => r?.method === 'GET')).toBe(true);
  });

  it('random bytes never throw', () => {
    let parsed = 0;
    for (const b of randomPayloads(80, 3000, 300)) if (parseHttpRequest(...framed(b))) parsed++;
    expect(parsed).toBe(0);
  });
});
