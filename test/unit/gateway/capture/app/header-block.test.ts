import { describe, expect, it } from 'vitest';
import { readHeaderBlock } from '../../../../../gateway/capture/app/header-block.ts';

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
});
