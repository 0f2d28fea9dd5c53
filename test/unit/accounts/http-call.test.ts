import { describe, expect, it } from 'vitest';
import { httpCall, parseJson, readCapped, resolveOptions } from '../../../gateway/accounts/http-call.ts';
import type { FetchLike } from '../../../gateway/accounts/check-types.ts';

const THE_LIST = { en: 'the list', es: 'la lista', 'pt-BR': 'a lista' };

describe('httpCall', () => {
  it.each([
    [10, 'x'.repeat(10), true],
    [10, 'x'.repeat(11), false],
    [0, '', true],
  ])('cap %d bytes on a %s-long body', async (cap, body, ok) => {
    const r = await readCapped(new Response(body), cap);
    expect(r !== null).toBe(ok);
  });

  it('reports a too-large answer in plain words', async () => {
    const fetch: FetchLike = async () => new Response('y'.repeat(2000));
    const r = await httpCall(resolveOptions({ fetch, maxBytes: 100 }), 'http://192.168.1.1/', {}, THE_LIST);
    expect(r).toEqual({
      ok: false,
      cause: 'too-large',
      error: "The device's answer for the list was larger than 100 bytes, so it was not read.",
      errorTexts: {
        en: "The device's answer for the list was larger than 100 bytes, so it was not read.",
        es: 'La respuesta del dispositivo para la lista ocupaba más de 100 bytes, así que no se leyó.',
        'pt-BR': 'A resposta do dispositivo para a lista tinha mais de 100 bytes, então não foi lida.',
      },
    });
  });

  it('gives up at the deadline and does not call again', async () => {
    let calls = 0;
    const fetch: FetchLike = (_url, init) => {
      calls++;
      return new Promise((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(new Error('aborted'))));
    };
    const r = await httpCall(resolveOptions({ fetch, timeoutMs: 50 }), 'http://192.168.1.1/', {}, THE_LIST);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toContain('did not answer in time');
    expect(calls).toBe(1);
  });

  it('never repeats a URL or header in its error text', async () => {
    const fetch: FetchLike = async () => {
      throw new Error('connect ECONNREFUSED http://192.168.1.1/?token=SECRET');
    };
    const r = await httpCall(resolveOptions({ fetch }), 'http://192.168.1.1/?token=SECRET', {}, THE_LIST);
    expect(JSON.stringify(r)).not.toContain('SECRET');
  });

  it.each([['{"a":1}', { a: 1 }], ['nope', undefined], ['', undefined]])('parseJson(%j)', (t, v) => expect(parseJson(t)).toEqual(v));
});
