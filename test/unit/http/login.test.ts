/**
 * Passcode guessing through the real app (issue 14): a burst of parallel logins gets one verification (item 1),
 * a guessing address is held back while the owner elsewhere or at this computer gets in (item 2), and weak
 * passcodes are refused with the right reason (item 8).
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { makeHarness, type Harness } from './app-harness.ts';

/** A POST of a passcode from a given remote address (as node's socket would report it). */
async function post(h: Harness, path: string, passcode: unknown, from?: string) {
  const env = from ? { incoming: { socket: { remoteAddress: from } } } : undefined;
  const res = await h.app.request(
    `http://localhost${path}`,
    { method: 'POST', headers: { Host: 'localhost', 'Content-Type': 'application/json' }, body: JSON.stringify({ passcode }) },
    env as never,
  );
  return { status: res.status, json: (await res.json()) as { error?: string; code?: string; retryAfterMs?: number } };
}

describe('login: one try at a time per client', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await makeHarness();
    expect((await post(h, '/api/setup', 'kitchen window 7')).status).toBe(200);
  });

  it('a burst of 60 parallel wrong passcodes from one address gets exactly one verification', async () => {
    const answers = await Promise.all(Array.from({ length: 60 }, (_, i) => post(h, '/api/login', `wrong guess ${i}`, '192.168.1.66')));
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(1);
    expect(statuses.filter((s) => s === 429)).toHaveLength(59);
    // The same burst after the wait: again one.
    h.clock.now += 1001;
    const again = await Promise.all(Array.from({ length: 20 }, (_, i) => post(h, '/api/login', `other guess ${i}`, '192.168.1.66')));
    expect(again.filter((a) => a.status === 401)).toHaveLength(1);
    expect(again.find((a) => a.status === 401)!.json.retryAfterMs).toBe(2000);
  });

  it('every loopback address is one client: 127.0.0.2, 127.0.0.3 … share the backoff', async () => {
    const answers = await Promise.all(Array.from({ length: 30 }, (_, i) => post(h, '/api/login', `wrong ${i}`, `127.0.0.${i + 2}`)));
    expect(answers.filter((a) => a.status === 401)).toHaveLength(1);
    expect((await post(h, '/api/login', 'wrong again', '::1')).status).toBe(429);
  });

  it('a malformed try gives its slot back', async () => {
    expect((await post(h, '/api/login', 42, '192.168.1.66')).status).toBe(400);
    expect((await post(h, '/api/login', 'kitchen window 7', '192.168.1.66')).status).toBe(200);
  });
});

describe('login: a guessing address does not lock the owner out', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await makeHarness();
    expect((await post(h, '/api/setup', 'kitchen window 7')).status).toBe(200);
    // Seven wrong tries from the attacker, each after its wait: now it must wait a minute.
    for (let i = 0; i < 7; i++) {
      const a = await post(h, '/api/login', `guess ${i}`, '192.168.1.66');
      expect(a.status).toBe(401);
      h.clock.now += a.json.retryAfterMs! + 1;
    }
    const last = await post(h, '/api/login', 'guess 7', '192.168.1.66');
    expect(last.status).toBe(401);
    expect(last.json.retryAfterMs).toBe(128_000);
  });

  it('the attacker waits; the owner on another device and at this computer get in at once', async () => {
    expect((await post(h, '/api/login', 'kitchen window 7', '192.168.1.66')).status).toBe(429);
    expect((await post(h, '/api/login', 'kitchen window 7', '127.0.0.1')).status).toBe(200);
    expect((await post(h, '/api/login', 'kitchen window 7', '::ffff:192.168.1.20')).status).toBe(200);
    expect((await post(h, '/api/login', 'kitchen window 7', 'fd00:1:2:3::20')).status).toBe(200);
    // Still held back: the owner's success elsewhere frees nobody else.
    expect((await post(h, '/api/login', 'kitchen window 7', '192.168.1.66')).status).toBe(429);
  });

  it('many addresses share one budget of tries; loopback is outside it', async () => {
    const burst = await Promise.all(Array.from({ length: 40 }, (_, i) => post(h, '/api/login', `guess ${i}`, `10.0.${i}.9`)));
    const verified = burst.filter((a) => a.status === 401).length;
    // At most the shared budget (10 a minute; the attacker's 8 earlier tries were spread over minutes).
    expect(verified).toBeLessThanOrEqual(10);
    expect(burst.filter((a) => a.status === 429).length).toBe(40 - verified);
    expect((await post(h, '/api/login', 'kitchen window 7', '10.0.99.9')).status).toBe(429);
    expect((await post(h, '/api/login', 'kitchen window 7', '127.0.0.1')).status).toBe(200);
    // The budget refills: a few seconds later a new address is answered again.
    h.clock.now += 6001;
    expect((await post(h, '/api/login', 'kitchen window 7', '10.0.99.9')).status).toBe(200);
  });

  it('an IPv6 device is one client for its whole /64', async () => {
    const a = await post(h, '/api/login', 'guess', 'fd00:1:2:3::66');
    expect(a.status).toBe(401);
    expect((await post(h, '/api/login', 'kitchen window 7', 'fd00:1:2:3:aaaa::77')).status).toBe(429);
  });
});

describe('setup: weak passcodes are refused with the reason', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await makeHarness();
  });

  const weak: [string, string, RegExp][] = [
    ['123456', 'too-common', /most common/],
    ['Password1', 'too-common', /most common/],
    ['  qwerty  ', 'too-common', /most common/],
    ['contraseña', 'too-common', /most common/],
    ['zzzzzzzz', 'too-common', /most common/],
    ['      ', 'blank', /not only spaces/],
    ['\t \u00a0  \u3000 ', 'blank', /not only spaces/],
    ['abc', 'too-short', /at least 6/],
    ['x'.repeat(257), 'too-long', /at most 256/],
    ['é'.repeat(300), 'too-long', /at most 256/],
  ];
  const label = (p: string) => (p.length > 20 ? `${[...p].length} characters` : JSON.stringify(p));
  it.each(weak.map(([pass, code, message]) => ({ name: label(pass), pass, code, message })))('$name is refused: $code', async ({ pass, code, message }) => {
    const r = await post(h, '/api/setup', pass);
    expect(r.status).toBe(400);
    expect(r.json.code).toBe(code);
    expect(r.json.error).toMatch(message);
    expect(h.store.auth().passcode).toBeUndefined();
  });

  it('a passcode of exactly 256 characters, and an ordinary one, are accepted', async () => {
    expect((await post(h, '/api/setup', 'ñ'.repeat(255) + '1')).status).toBe(200);
    const other = await makeHarness();
    expect((await post(other, '/api/setup', 'blue kettle on the stove')).status).toBe(200);
  });

  it('login with an overlong passcode says so and costs no try', async () => {
    await post(h, '/api/setup', 'blue kettle on the stove');
    const r = await post(h, '/api/login', 'x'.repeat(300), '192.168.1.5');
    expect(r.status).toBe(400);
    expect(r.json.error).toMatch(/at most 256/);
    expect((await post(h, '/api/login', 'blue kettle on the stove', '192.168.1.5')).status).toBe(200);
  });
});
