import { describe, expect, it } from 'vitest';
import { backoffMs, clientKey, createLoginGuard, SHARED_TRIES_PER_MINUTE } from '../../../gateway/http/login-guard.ts';

describe('clientKey', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.44.3.2', 'loopback'],
    ['::1', 'loopback'],
    ['::ffff:127.0.0.9', 'loopback'],
    ['192.168.1.20', '192.168.1.20'],
    ['::ffff:192.168.1.20', '192.168.1.20'],
    ['fd00:1:2:3::20', 'fd00:1:2:3::/64'],
    ['FD00:0001:0002:0003:aaaa::1', 'fd00:1:2:3::/64'],
    ['fe80::1%eth0', 'fe80:0:0:0:0:0:0:1'],
    ['fe80::a8bb:ccff:fedd:eeff', 'fe80:0:0:0:a8bb:ccff:fedd:eeff'],
    ['2001:db8::', '2001:db8:0:0::/64'],
    [undefined, 'unknown'],
    ['', 'unknown'],
  ])('%s → %s', (address, key) => {
    expect(clientKey(address)).toBe(key);
  });
});

describe('createLoginGuard', () => {
  it('doubles the wait up to 5 minutes', () => {
    expect([1, 2, 3, 9, 10, 30].map(backoffMs)).toEqual([1000, 2000, 4000, 256_000, 300_000, 300_000]);
  });

  it('gives one slot per client until its try is checked, and runs verifications one at a time', async () => {
    const clock = { now: 0 };
    const g = createLoginGuard({ now: () => clock.now });
    const a = g.reserve('192.168.1.2');
    expect('wait' in a).toBe(false);
    expect(g.reserve('192.168.1.2')).toEqual({ wait: 1000 });
    const b = g.reserve('192.168.1.3');
    let running = 0;
    let most = 0;
    const verify = (ok: boolean) => async () => {
      running++;
      most = Math.max(most, running);
      await new Promise((r) => setTimeout(r, 5));
      running--;
      return ok;
    };
    const [ra, rb] = await Promise.all([(a as any).check(verify(false)), (b as any).check(verify(true))]);
    expect(most).toBe(1);
    expect(ra).toEqual({ ok: false, retryAfterMs: 1000 });
    expect(rb).toEqual({ ok: true, retryAfterMs: 0 });
    expect(g.waitMs('192.168.1.2')).toBe(1000);
    expect(g.waitMs('192.168.1.3')).toBe(0);
  });

  it('shares a budget among addresses other than loopback, refilled one try every 6 s', () => {
    const clock = { now: 0 };
    const g = createLoginGuard({ now: () => clock.now });
    for (let i = 0; i < SHARED_TRIES_PER_MINUTE; i++) expect('wait' in g.reserve(`10.0.0.${i}`)).toBe(false);
    expect(g.reserve('10.0.1.1')).toEqual({ wait: 6000 });
    expect('wait' in g.reserve('loopback')).toBe(false);
    clock.now += 6000;
    expect('wait' in g.reserve('10.0.1.1')).toBe(false);
    expect(g.reserve('10.0.1.2')).toEqual({ wait: 6000 });
  });

  it('a cancelled slot is given back to the client and to the budget', () => {
    const g = createLoginGuard({ now: () => 0 });
    for (let i = 0; i < SHARED_TRIES_PER_MINUTE - 1; i++) g.reserve(`10.0.0.${i}`);
    const last = g.reserve('10.0.0.200');
    (last as any).cancel();
    expect('wait' in g.reserve('10.0.0.200')).toBe(false);
  });
});
