/** Log flooding (issue 14, item 9): a URL that does not decode is a 400 and at most one log line a minute. */
import { describe, expect, it } from 'vitest';
import { createLogLimiter } from '../../../gateway/http/log-limit.ts';
import { makeHarness } from './app-harness.ts';

describe('malformed URLs', () => {
  it('GET /%zz is a 400; fifty of them write one log line, the next minute one more with the count', async () => {
    const h = await makeHarness();
    const get = (path: string) => h.app.request(`http://localhost${path}`, { headers: { Host: 'localhost' } });
    const before = h.logs.length;
    const bad = ['/%zz', '/devices/%E0%A4', '/%', '/x%C3%28'];
    const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => get(bad[i % bad.length]!)));
    expect(answers.map((r) => r.status)).toEqual(Array(50).fill(400));
    expect(await answers[1]!.text()).toMatch(/not a valid URL/);
    const lines = h.logs.slice(before);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/malformed URL/);
    expect(lines[0]).not.toMatch(/\n|at .*\.ts/);
    h.clock.now += 61_000;
    expect((await get('/%zz')).status).toBe(400);
    expect(h.logs.slice(before)).toHaveLength(2);
    expect(h.logs.at(-1)).toMatch(/and 49 more like it/);
  });
});

describe('createLogLimiter', () => {
  it('writes the first line of each minute with the count held back', () => {
    const out: string[] = [];
    const clock = { now: 0 };
    const log = createLogLimiter((m) => out.push(m), { now: () => clock.now });
    log('a');
    log('b');
    log('c');
    clock.now = 59_999;
    log('d');
    clock.now = 60_000;
    log('e');
    clock.now = 200_000;
    log('f');
    expect(out).toEqual(['a', 'e (and 3 more like it since the last such line)', 'f']);
  });
});
