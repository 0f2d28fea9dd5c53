import { describe, expect, it } from 'vitest';
import { readHeaderBlock } from '../../../../../gateway/capture/app/header-block.ts';
import { seededRandom } from './fuzz.ts';

const wanted = new Set(['host', 'user-agent']);

function both(text: string) {
  const buf = Buffer.from(text, 'utf8');
  const full = readHeaderBlock(buf, 0, buf.length, 8192, 512);
  const some = readHeaderBlock(buf, 0, buf.length, 8192, 512, wanted);
  return { full, some };
}

describe('readHeaderBlock with only some names wanted', () => {
  it('returns exactly the full read’s values for those names and nothing else', () => {
    const { full, some } = both('GET / HTTP/1.1\r\nAccept: */*\r\nHOST:  Example.net \r\nhost: second.example\r\nUser-Agent: app\u0007/1\r\n\r\n');
    expect([...some.headers]).toEqual([['host', full.headers.get('host')], ['user-agent', full.headers.get('user-agent')]]);
    expect(some.headers.get('host')).toBe('Example.net');
    expect(some.startLine).toBe(full.startLine);
    expect(some.complete).toBe(full.complete);
  });

  it('counts unwanted headers towards the bound, as the full read does', () => {
    const filler = Array.from({ length: 100 }, (_, i) => `X-Filler-${i}: ${i}\r\n`).join('');
    const { full, some } = both(`GET / HTTP/1.1\r\n${filler}Host: late.example\r\n\r\n`);
    expect(full.headers.has('host')).toBe(false);
    expect(some.headers.has('host')).toBe(false);
    // A repeated unwanted name is counted once.
    const repeated = Array.from({ length: 100 }, () => 'X-Same: 1\r\n').join('');
    const r = both(`GET / HTTP/1.1\r\n${repeated}Host: ok.example\r\n\r\n`);
    expect(r.full.headers.get('host')).toBe('ok.example');
    expect(r.some.headers.get('host')).toBe('ok.example');
  });

  // The wanted names are matched as bytes, not as strings: every odd spelling must give the full read's answer.
  it.each([
    ['spaces, tabs and a no-break space around the name', 'GET / HTTP/1.1\r\n \tHost\u00a0 : a.example\r\n\r\n'],
    ['upper and mixed case', 'GET / HTTP/1.1\r\nHOST: a.example\r\nuSeR-aGeNt: x\r\n\r\n'],
    ['a Latin-1 letter that lower-cases to non-ASCII', 'GET / HTTP/1.1\r\nH\u00d6ST: no.example\r\nHost: yes.example\r\n\r\n'],
    ['a name cut at 64 bytes', `GET / HTTP/1.1\r\n${'x'.repeat(60)}host: no.example\r\n${'\t'.repeat(70)}host: tabs.example\r\n\r\n`],
    ['no colon, an empty name, a bare CR line', 'GET / HTTP/1.1\r\nHost\r\n: v\r\n\rHost: cr.example\r\n\r\n'],
    ['a value cut by the end of the segment', 'GET / HTTP/1.1\r\nUser-Agent: full\r\nHost: exam'],
    ['99 header lines, then Host', `GET / HTTP/1.1\r\n${Array.from({ length: 98 }, (_, i) => `X-${i}: v\r\n`).join('')}Host: h99.example\r\n\r\n`],
    ['100 distinct header lines, then Host', `GET / HTTP/1.1\r\n${Array.from({ length: 100 }, (_, i) => `X-${i}: v\r\n`).join('')}Host: h101.example\r\n\r\n`],
  ])('%s: the wanted values are the full read’s', (_label, text) => {
    const buf = Buffer.from(text, 'latin1');
    const full = readHeaderBlock(buf, 0, buf.length, 8192, 512);
    const some = readHeaderBlock(buf, 0, buf.length, 8192, 512, wanted);
    expect(Object.fromEntries(some.headers)).toEqual(Object.fromEntries([...full.headers].filter(([k]) => wanted.has(k))));
    expect([some.startLine, some.complete]).toEqual([full.startLine, full.complete]);
  });

  it('agrees with the full read on random header blocks', () => {
    const rnd = seededRandom(16);
    const pieces = ['Host', 'HOST', 'host ', ' user-agent', 'User-Agent', 'X-A', 'x-a', '\u00c0', '\t', ':', ': ', 'v', '\r\n', '\n', '\r', ''];
    let withHost = 0;
    for (let n = 0; n < 3000; n++) {
      let text = 'GET / HTTP/1.1\r\n';
      const parts = 5 + Math.floor(rnd() * 60);
      for (let i = 0; i < parts; i++) text += pieces[Math.floor(rnd() * pieces.length)];
      const buf = Buffer.from(text, 'latin1');
      const full = readHeaderBlock(buf, 0, buf.length, 8192, 512);
      const some = readHeaderBlock(buf, 0, buf.length, 8192, 512, wanted);
      expect(Object.fromEntries(some.headers)).toEqual(Object.fromEntries([...full.headers].filter(([k]) => wanted.has(k))));
      expect(some.complete).toBe(full.complete);
      if (some.headers.has('host')) withHost++;
    }
    // The generator reaches the interesting case often.
    expect(withHost).toBeGreaterThan(200);
  });
});
