import { describe, expect, it } from 'vitest';
import { parseTlsClientHello } from '../../../../../gateway/capture/app/tls.ts';
import { everyPrefix, framed, randomPayloads } from './fuzz.ts';

const u16 = (n: number) => [n >> 8, n & 0xff];
const u24 = (n: number) => [n >> 16, (n >> 8) & 0xff, n & 0xff];
const ext = (type: number, body: number[]) => [...u16(type), ...u16(body.length), ...body];
const ascii = (s: string) => [...Buffer.from(s, 'latin1')];

function sniExt(host: string, nameType = 0): number[] {
  const entry = [nameType, ...u16(host.length), ...ascii(host)];
  return ext(0, [...u16(entry.length), ...entry]);
}

function alpnExt(protos: (string | number[])[]): number[] {
  const list = protos.flatMap((p) => {
    const b = typeof p === 'string' ? ascii(p) : p;
    return [b.length, ...b];
  });
  return ext(16, [...u16(list.length), ...list]);
}

const supportedVersions = (vs: number[]) => ext(43, [vs.length * 2, ...vs.flatMap(u16)]);

/** A ClientHello in one handshake record (RFC 8446 §4.1.2). */
function clientHello(extensions: number[][], opts: { legacy?: number; recordVersion?: number; sessionId?: number } = {}): Buffer {
  const exts = extensions.flat();
  const body = [
    ...u16(opts.legacy ?? 0x0303),
    ...new Array(32).fill(0x11),
    opts.sessionId ?? 32, ...new Array(opts.sessionId ?? 32).fill(0x22),
    ...u16(6), 0x13, 0x01, 0x13, 0x02, 0xc0, 0x2f,
    1, 0,
    ...(extensions.length ? [...u16(exts.length), ...exts] : []),
  ];
  const hs = [1, ...u24(body.length), ...body];
  return Buffer.from([22, 3, opts.recordVersion ?? 1, ...u16(hs.length), ...hs]);
}

const grease = ext(0x2a2a, []);
const chrome = clientHello([grease, ext(23, []), sniExt('Video.Example.COM.'), ext(10, [0, 2, 0, 29]), alpnExt([[0x5a, 0x5a], 'h2', 'http/1.1']), supportedVersions([0x7a7a, 0x0304, 0x0303])]);

describe('parseTlsClientHello', () => {
  it.each([
    ['SNI, ALPN and TLS 1.3 in supported_versions', chrome, { version: 0x0304, sni: 'video.example.com', alpn: ['h2', 'http/1.1'], partial: false }],
    ['TLS 1.2 without extensions', clientHello([], { recordVersion: 3 }), { version: 0x0303, partial: false }],
    ['no session id, SNI only', clientHello([sniExt('cam.example.net')], { sessionId: 0 }), { version: 0x0303, sni: 'cam.example.net', partial: false }],
    ['server name of another type is skipped', clientHello([sniExt('x', 1)]), { version: 0x0303, partial: false }],
    ['non-printable host name is rejected', clientHello([sniExt('bad host')]), { version: 0x0303, partial: false }],
  ])('%s', (_n, bytes, expected) => {
    expect(parseTlsClientHello(...framed(bytes))).toEqual(expected);
  });

  it('finds the SNI when the segment ends after it, inside a later extension', () => {
    const big = clientHello([sniExt('upload.example.org'), ext(0xfe0d, new Array(900).fill(7)), alpnExt(['h2'])]);
    const r = parseTlsClientHello(...framed(big.subarray(0, 200)));
    expect(r).toEqual({ version: 0x0303, sni: 'upload.example.org', partial: true });
  });

  it.each([
    ['application data record', Buffer.from([23, 3, 3, 0, 5, 1, 2, 3, 4, 5, 6, 7])],
    ['ServerHello', (() => { const b = Buffer.from(chrome); b[5] = 2; return b; })()],
    ['record version 2.0', (() => { const b = Buffer.from(chrome); b[1] = 2; return b; })()],
    ['legacy version 0x0200', clientHello([], { legacy: 0x0200 })],
    ['HTTP', Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n')],
  ])('returns null for %s', (_n, b) => {
    expect(parseTlsClientHello(...framed(b))).toBeNull();
  });

  it('every prefix gives null, or a partial result whose SNI is whole', () => {
    const results = everyPrefix(chrome, parseTlsClientHello);
    expect(results.slice(0, 11).every((r) => r === null)).toBe(true);
    expect(results.slice(11, -1).every((r) => r?.partial === true)).toBe(true);
    expect(results.at(-1)?.partial).toBe(false);
    for (const r of results) if (r?.sni !== undefined) expect(r.sni).toBe('video.example.com');
    const sniEnd = chrome.indexOf(Buffer.from('Video.Example.COM.')) + 'Video.Example.COM.'.length;
    expect(results[sniEnd]?.sni).toBe('video.example.com');
    expect(results[sniEnd - 1]?.sni).toBeUndefined();
  });

  it('random bytes, also behind a valid record header, never throw', () => {
    let parsed = 0;
    for (const b of randomPayloads(443, 3000, 300)) {
      parseTlsClientHello(...framed(b));
      const r = parseTlsClientHello(...framed(Buffer.concat([chrome.subarray(0, 11), b])));
      if (r) parsed++;
      if (r?.sni !== undefined) expect(r.sni).toMatch(/^[\x21-\x7e]+$/);
    }
    expect(parsed).toBe(3000);
  });
});
