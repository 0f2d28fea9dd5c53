/** Listening beyond loopback (issue 14, item 10): the decision is a pure function of the settings. */
import { describe, expect, it } from 'vitest';
import { decideListen } from '../../../gateway/http/listen-policy.ts';
import { makeHarness } from './app-harness.ts';

describe('decideListen', () => {
  it.each([
    ['127.0.0.1', false, false, false, { scheme: 'http' }],
    ['::1', false, false, false, { scheme: 'http' }],
    ['localhost', true, false, false, { scheme: 'https' }],
    ['0.0.0.0', false, false, true, { scheme: 'https' }],
    ['192.168.1.5', false, false, true, { scheme: 'https' }],
    ['::', false, false, true, { scheme: 'https' }],
  ] as const)('%s (tls %s, insecure %s, passcode %s) → %j', (listen, tls, insecureHttp, passcodeSet, want) => {
    expect(decideListen({ listen, tls, insecureHttp, passcodeSet })).toEqual(want);
  });

  it('beyond loopback: refused before a passcode is set, whatever else is asked', () => {
    for (const listen of ['0.0.0.0', '192.168.1.5', '::']) {
      for (const insecureHttp of [false, true]) {
        const d = decideListen({ listen, tls: false, insecureHttp, passcodeSet: false });
        expect('refuse' in d && d.refuse).toMatch(/choose the passcode first/);
      }
    }
  });

  it('plain HTTP beyond loopback only when asked, with a warning', () => {
    const d = decideListen({ listen: '0.0.0.0', tls: false, insecureHttp: true, passcodeSet: true });
    expect(d).toMatchObject({ scheme: 'http' });
    expect('warning' in d && d.warning).toMatch(/--insecure-http/);
    expect(decideListen({ listen: '127.0.0.1', tls: true, insecureHttp: true, passcodeSet: true })).toEqual({ refuse: expect.stringMatching(/together/) });
  });
});

describe('setup while listening beyond loopback', () => {
  it('is refused from another device (after a wipe, say) and allowed at this computer', async () => {
    const harness = await makeHarness(undefined, { setupOnlyFromLoopback: true });
    const setup = (from: string) =>
      harness.app.request(
        'http://localhost/api/setup',
        { method: 'POST', headers: { Host: 'localhost', 'Content-Type': 'application/json' }, body: JSON.stringify({ passcode: 'kitchen window 7' }) },
        { incoming: { socket: { remoteAddress: from } } } as never,
      );
    const lan = await setup('192.168.1.66');
    expect(lan.status).toBe(403);
    expect(((await lan.json()) as { code: string }).code).toBe('setup-here-only');
    expect(harness.store.auth().passcode).toBeUndefined();
    expect((await setup('127.0.0.1')).status).toBe(200);
  });
});
