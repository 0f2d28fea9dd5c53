/** DNS rebinding (issue 14, item 3): only the hosts the gateway is served as are answered. */
import { describe, expect, it } from 'vitest';
import { createHostPolicy, isLoopback } from '../../../gateway/http/host-guard.ts';
import { makeHarness } from './app-harness.ts';

const REBIND = 'rebind.attacker.example';

async function call(h: Awaited<ReturnType<typeof makeHarness>>, method: string, path: string, host: string, body?: unknown) {
  const res = await h.app.request(`http://localhost${path}`, {
    method,
    headers: { Host: host, Origin: `http://${host}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, text: await res.text(), cookie: res.headers.get('Set-Cookie') };
}

describe('Host header check in the app', () => {
  it('a rebinding page cannot claim setup on a fresh install', async () => {
    const h = await makeHarness();
    const r = await call(h, 'POST', '/api/setup', `${REBIND}:7353`, { passcode: 'kitchen window 7' });
    expect(r.status).toBe(421);
    expect(r.text).toMatch(/does not answer to that address/);
    expect(r.cookie).toBeNull();
    expect(h.store.auth().passcode).toBeUndefined();
  });

  it('a rebinding page cannot log in with the right passcode, read the session or the page', async () => {
    const h = await makeHarness();
    expect((await call(h, 'POST', '/api/setup', 'localhost:7353', { passcode: 'kitchen window 7' })).status).toBe(200);
    const r = await call(h, 'POST', '/api/login', REBIND, { passcode: 'kitchen window 7' });
    expect(r.status).toBe(421);
    expect(r.cookie).toBeNull();
    expect((await call(h, 'GET', '/api/session', REBIND)).status).toBe(421);
    expect((await call(h, 'GET', '/api/health/live', REBIND)).status).toBe(421);
    expect((await call(h, 'GET', '/', REBIND)).status).toBe(421);
    // The same requests by the gateway's own names are answered.
    for (const host of ['localhost:7353', '127.0.0.1:7353', '[::1]:7353', '127.0.0.1']) {
      expect((await call(h, 'POST', '/api/login', host, { passcode: 'kitchen window 7' })).status, host).toBe(200);
    }
  });
});

describe('createHostPolicy', () => {
  it('on loopback: loopback names and addresses, and names the owner added', () => {
    const ok = createHostPolicy({ listen: '127.0.0.1', names: ['notes.home.arpa'], machineName: 'kitchen-pc' });
    for (const h of ['localhost', 'LOCALHOST:7353', '127.0.0.1:7353', '127.9.9.9', '[::1]:80', 'notes.home.arpa:7353', 'notes.home.arpa.']) expect(ok(h), h).toBe(true);
    for (const h of [REBIND, 'kitchen-pc', '192.168.1.5', 'localhost.attacker.example', '127.0.0.1.nip.io', '', undefined]) expect(ok(h), String(h)).toBe(false);
  });

  it('on a LAN address: that address and this computer\'s name too', () => {
    const ok = createHostPolicy({ listen: '192.168.1.5', machineName: 'Kitchen-PC' });
    for (const h of ['192.168.1.5:7353', 'kitchen-pc:7353', 'kitchen-pc.local', 'localhost']) expect(ok(h), h).toBe(true);
    for (const h of ['192.168.1.6', REBIND]) expect(ok(h), h).toBe(false);
  });

  it('on every address: the computer\'s own addresses as they are now', () => {
    const addrs = ['192.168.1.5', 'fd00::5'];
    const ok = createHostPolicy({ listen: '0.0.0.0', localAddresses: () => addrs });
    for (const h of ['192.168.1.5:7353', '[fd00::5]:7353']) expect(ok(h), h).toBe(true);
    expect(ok('192.168.1.9')).toBe(false);
    addrs.push('192.168.1.9');
    expect(ok('192.168.1.9')).toBe(true);
    expect(ok('0.0.0.0')).toBe(false);
  });

  it.each([
    ['127.0.0.1', true],
    ['127.0.0.2', true],
    ['::1', true],
    ['localhost', true],
    ['0.0.0.0', false],
    ['::', false],
    ['192.168.1.5', false],
  ])('isLoopback(%s) = %s', (a, want) => {
    expect(isLoopback(a)).toBe(want);
  });
});
