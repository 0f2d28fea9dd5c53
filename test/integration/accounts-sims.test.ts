/**
 * The owner-started account checks against their simulations on loopback: each finds the planted outside access,
 * uses the credential exactly once, writes nothing (except the Hue app key the bridge documents), and after a
 * failure (wrong credential, slow or huge answer) sends nothing more.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { runFritzboxCheck } from '../../gateway/accounts/fritzbox-tr064.ts';
import { runHomeAssistantCheck } from '../../gateway/accounts/home-assistant.ts';
import { runHueCheck } from '../../gateway/accounts/hue-bridge.ts';
import { runOpenWrtCheck } from '../../gateway/accounts/openwrt-ubus.ts';
import { runAccountCheck } from '../../gateway/accounts/runners.ts';
import type { CheckResult } from '../../gateway/accounts/check-types.ts';
import { defaultHaData, startHomeAssistantSim } from '../lab/sim-accounts/home-assistant.ts';
import { startHueSim } from '../lab/sim-accounts/hue-bridge.ts';
import { startOpenWrtSim } from '../lab/sim-accounts/openwrt-ubus.ts';
import { startFritzSim } from '../lab/sim-accounts/fritzbox-tr064.ts';
import { startSingleAdminSim } from '../lab/sim-accounts/single-admin-router.ts';
import type { SimLog } from '../lab/sim-accounts/sim-log.ts';

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (closers.length) await closers.pop()!();
});
const track = <T extends { close(): Promise<void> }>(sim: T): T => {
  closers.push(() => sim.close());
  return sim;
};
const find = (r: CheckResult, label: RegExp): CheckResult['entries'][number] | undefined => r.entries.find((e) => label.test(e.label));
const credentialUses = (log: SimLog): number => log.of('auth').length;

const HA_TOKEN = 'eyJhbGciOiJIUzI1NiJ9.owner-token-for-the-sim.c2lnbmF0dXJl';

describe('Home Assistant check against the simulation', () => {
  it('finds the outside session, the second admin, cloud remote access and a tunnel; one auth, no writes', async () => {
    const sim = track(await startHomeAssistantSim({ token: HA_TOKEN }));
    const r = await runHomeAssistantCheck({ baseUrl: sim.url, deviceId: 'ha' }, HA_TOKEN);
    expect(r.error).toBeUndefined();
    expect(find(r, /Pixel 7$/)).toMatchObject({ kind: 'session', outside: true, source: 'home-assistant', notice: 'N2' });
    expect(find(r, /Pixel 7$/)!.detail).toContain('203.0.113.7');
    expect(find(r, /administrator Alex/)).toMatchObject({ kind: 'user', outside: true });
    expect(find(r, /user Sam/)).toMatchObject({ outside: false });
    expect(find(r, /nabu\.casa/)).toMatchObject({ kind: 'remote-admin', outside: true });
    expect(find(r, /Cloudflared/)).toMatchObject({ kind: 'tunnel' });
    expect(find(r, /shared with Google/)).toMatchObject({ kind: 'ecosystem' });
    expect(r.entries.some((e) => /home check/.test(e.label))).toBe(false);
    expect(credentialUses(sim.log)).toBe(1);
    expect(sim.log.of('auth')[0]!.credential).toBe('valid');
    expect(sim.log.of('write')).toEqual([]);
    expect(sim.log.of('notification')).toEqual([]);
    expect(JSON.stringify(r)).not.toContain(HA_TOKEN);
  });

  it('with a non-admin token asks nothing an admin needs (no refusals on the device)', async () => {
    const data = defaultHaData();
    data.currentUser.is_admin = false;
    const sim = track(await startHomeAssistantSim({ token: HA_TOKEN, data }));
    const r = await runHomeAssistantCheck({ baseUrl: sim.url }, HA_TOKEN);
    expect(r.error).toBeUndefined();
    expect(find(r, /Pixel 7$/)?.outside).toBe(true);
    expect(r.entries.filter((e) => e.kind === 'user')).toEqual([]);
    expect((r.facts.skipped as string[]).join(' ')).toContain('administrator');
    expect(sim.log.of('refused')).toEqual([]);
  });

  it('a wrong token: one attempt, the users are warned once, nothing is sent after', async () => {
    const sim = track(await startHomeAssistantSim({ token: HA_TOKEN }));
    const r = await runHomeAssistantCheck({ baseUrl: sim.url }, 'eyJ.wrong-token-typed-by-mistake.x');
    expect(r.error).toContain('did not accept the token');
    expect(r.entries).toEqual([]);
    expect(sim.log.of('auth').map((e) => e.credential)).toEqual(['invalid']);
    expect(sim.log.of('notification')).toHaveLength(1);
    expect(sim.log.of('read')).toEqual([]);
    expect(sim.log.of('connect')).toHaveLength(1);
  });

  it('a malformed token is refused before anything is sent', async () => {
    const sim = track(await startHomeAssistantSim({ token: HA_TOKEN }));
    const r = await runHomeAssistantCheck({ baseUrl: sim.url }, 'short');
    expect(r.error).toContain('Nothing was sent');
    expect(sim.log.entries).toEqual([]);
  });

  it.each([
    ['slow', { slowMs: 400 }, { timeoutMs: 250 }, /in time/],
    ['huge', { hugeBytes: 300_000 }, { maxBytes: 100_000 }, /larger than the size limit/],
  ])('a %s answer ends the check without a retry', async (_name, simOpts, checkOpts, message) => {
    const sim = track(await startHomeAssistantSim({ token: HA_TOKEN, ...simOpts }));
    const r = await runHomeAssistantCheck({ baseUrl: sim.url }, HA_TOKEN, checkOpts);
    expect(r.error).toMatch(message);
    expect(credentialUses(sim.log)).toBeLessThanOrEqual(1);
    expect(sim.log.of('connect')).toHaveLength(1);
  });
});

describe('Hue check against the simulation', () => {
  it('creates one app key after the button press and finds the outside app, remote access and Google Home', async () => {
    const sim = track(await startHueSim());
    const r = await runHueCheck({ baseUrl: sim.url, clipBaseUrl: sim.clipUrl, deviceId: 'hue' });
    expect(r.error).toBeUndefined();
    expect(find(r, /IFTTT/)).toMatchObject({ kind: 'app', outside: true, lastUsed: '2026-11-27T02:14:00.000Z', notice: 'N2' });
    expect(find(r, /Remote control through a Hue account/)).toMatchObject({ outside: true });
    expect(find(r, /shared with Google Home/)).toMatchObject({ kind: 'ecosystem' });
    expect(find(r, /Pixel 7/)).toMatchObject({ kind: 'location-tracker' });
    expect(r.entries.some((e) => /aiohue|home check/.test(e.label))).toBe(false);
    const created = r.facts.createdApp as { name: string; appKey: string; removeAt: string; note: string };
    expect(sim.created).toEqual([created.appKey]);
    expect(created.name).toBe('home check#gateway');
    expect(created.note).toContain('account.meethue.com/apps');
    expect(sim.log.of('write')).toHaveLength(1);
    expect(credentialUses(sim.log)).toBe(1);
    expect(sim.log.of('read').map((e) => e.what)).toEqual([
      'GET /api/<key>/config', 'GET /clip/v2/resource/matter_fabric', 'GET /clip/v2/resource/homekit', 'GET /clip/v2/resource/geofence_client',
    ]);
  });

  it('button not pressed: nothing is created and nothing else is sent', async () => {
    const sim = track(await startHueSim({ buttonPressed: false }));
    const r = await runHueCheck({ baseUrl: sim.url, clipBaseUrl: sim.clipUrl });
    expect(r.error).toContain('button was not pressed');
    expect(sim.created).toEqual([]);
    expect(sim.log.entries.map((e) => e.kind)).toEqual(['auth']);
  });

  it('with a key she already has, no app is created', async () => {
    const sim = track(await startHueSim());
    const r = await runHueCheck({ baseUrl: sim.url, clipBaseUrl: sim.clipUrl }, { appKey: 'maria-iphone-key-0001' });
    expect(r.error).toBeUndefined();
    expect(sim.log.of('write')).toEqual([]);
    expect(r.facts.createdApp).toBeUndefined();
    expect(r.entries.some((e) => /Maria iPhone/.test(e.label))).toBe(false);
    expect(find(r, /IFTTT/)?.outside).toBe(true);
  });

  it('a huge answer ends the check after one read', async () => {
    const sim = track(await startHueSim({ hugeBytes: 300_000 }));
    const r = await runHueCheck({ baseUrl: sim.url, clipBaseUrl: sim.clipUrl }, {}, { maxBytes: 100_000 });
    expect(r.error).toMatch(/larger than 100000 bytes/);
    expect(sim.log.of('read')).toHaveLength(1);
    expect(sim.log.of('write')).toHaveLength(1);
  });
});

describe('OpenWrt check against the simulation', () => {
  const cred = { username: 'root', password: 'owner-router-password' };

  it('finds the port forward, SSH from the WAN, the DDNS name and the outside WireGuard peer; logs out', async () => {
    const sim = track(await startOpenWrtSim({ password: cred.password }));
    const r = await runOpenWrtCheck({ baseUrl: sim.url, deviceId: 'router' }, cred);
    expect(r.error).toBeUndefined();
    expect(find(r, /TCP 8554 → 192\.168\.1\.20:554/)).toMatchObject({ kind: 'port-mapping', outside: true, notice: 'N1' });
    expect(find(r, /port 22\)/)).toMatchObject({ kind: 'remote-admin' });
    expect(find(r, /alexhome\.duckdns\.org/)).toMatchObject({ kind: 'cloud-account', outside: true });
    expect(find(r, /laptop-x/)).toMatchObject({ kind: 'vpn-peer', outside: true, lastUsed: '2025-11-27T01:13:00.000Z' });
    expect(find(r, /old-game|27015/)).toBeUndefined();
    expect(credentialUses(sim.log)).toBe(1);
    expect(sim.log.of('write')).toEqual([]);
    expect(sim.sessions.size).toBe(0);
    expect(r.facts.sessionClosed).toBe(true);
    expect(JSON.stringify(r)).not.toMatch(/owner-router-password|ddns-secret/);
  });

  it('a wrong password: one attempt and nothing after', async () => {
    const sim = track(await startOpenWrtSim({ password: cred.password }));
    const r = await runOpenWrtCheck({ baseUrl: sim.url }, { username: 'root', password: 'typo' });
    expect(r.error).toContain('did not accept');
    expect(sim.log.entries.map((e) => `${e.kind}:${e.credential}`)).toEqual(['auth:invalid']);
  });

  it('a login without the WireGuard right still reads the rest', async () => {
    const sim = track(await startOpenWrtSim({ password: cred.password, denied: ['luci.wireguard'] }));
    const r = await runOpenWrtCheck({ baseUrl: sim.url }, cred);
    expect(r.error).toBeUndefined();
    expect((r.facts.unavailable as Record<string, string>).wireguard).toBe('not allowed for this login');
    expect(r.entries.some((e) => e.kind === 'vpn-peer')).toBe(false);
    expect(find(r, /TCP 8554/)).toBeDefined();
  });

  it.each([
    ['slow', { slowMs: 400 }, { timeoutMs: 250 }, /in time/],
    ['huge', { hugeBytes: 300_000 }, { maxBytes: 100_000 }, /larger than/],
  ])('a %s answer ends the check without a retry', async (_n, simOpts, checkOpts, message) => {
    const sim = track(await startOpenWrtSim({ password: cred.password, ...simOpts }));
    const r = await runOpenWrtCheck({ baseUrl: sim.url }, cred, checkOpts);
    expect(r.error).toMatch(message);
    expect(credentialUses(sim.log)).toBeLessThanOrEqual(1);
    const firewallReads = sim.log.of('read').filter((e) => e.what === 'uci get firewall');
    expect(firewallReads.length).toBeLessThanOrEqual(1);
  });
});

describe('FRITZ!Box check against the simulation', () => {
  const cred = { username: 'maria', password: 'owner-fritz-password' };

  it('finds MyFRITZ!, remote access, the camera share and forward, and a login from outside; one login, no writes', async () => {
    const sim = track(await startFritzSim(cred));
    const before = sim.eventLog.length;
    const r = await runFritzboxCheck({ baseUrl: sim.url, deviceId: 'box' }, cred);
    expect(r.error).toBeUndefined();
    expect(find(r, /MyFRITZ! account, reachable as k2j4h5g6f7\.myfritz\.net/)).toMatchObject({ kind: 'cloud-account', outside: true, notice: 'N1' });
    expect(find(r, /settings can be opened from the internet on port 46123/)).toMatchObject({ kind: 'remote-admin' });
    expect(find(r, /share "Kamera"/)).toBeDefined();
    expect(find(r, /TCP 8554 → 192\.168\.178\.20:554/)).toMatchObject({ kind: 'port-mapping' });
    expect(find(r, /UDP 3478/)).toBeUndefined();
    expect(find(r, /from outside the home as alex \(203\.0\.113\.9\)/)).toMatchObject({ kind: 'session', outside: true });
    expect(credentialUses(sim.log)).toBe(1);
    expect(sim.log.of('write')).toEqual([]);
    expect(sim.eventLog.length - before).toBe(1);
    expect(JSON.stringify(r)).not.toContain(cred.password);
  });

  it('a wrong password: one failed attempt in the event list and nothing after', async () => {
    const sim = track(await startFritzSim(cred));
    const before = sim.eventLog.length;
    const r = await runFritzboxCheck({ baseUrl: sim.url }, { username: 'maria', password: 'typo' });
    expect(r.error).toContain('did not accept');
    expect(sim.log.of('auth').map((e) => e.credential)).toEqual(['invalid']);
    expect(sim.log.of('read')).toEqual([]);
    expect(sim.eventLog.slice(before)).toEqual([expect.stringContaining('gescheitert')]);
  });

  it.each([
    ['slow', { slowMs: 400 }, { timeoutMs: 250 }, /in time/],
    ['huge', { hugeBytes: 300_000 }, { maxBytes: 100_000 }, /larger than/],
  ])('a %s answer ends the check without a retry', async (_n, simOpts, checkOpts, message) => {
    const sim = track(await startFritzSim({ ...cred, ...simOpts }));
    const r = await runFritzboxCheck({ baseUrl: sim.url }, cred, checkOpts);
    expect(r.error).toMatch(message);
    expect(credentialUses(sim.log)).toBeLessThanOrEqual(1);
    expect(sim.log.of('read').filter((e) => e.what === 'DeviceInfo:1#GetDeviceLog').length).toBeLessThanOrEqual(1);
  });
});

describe('single-admin routers', () => {
  it.each(['asus-router', 'tp-link-router'] as const)('%s: steps only, the router is never contacted', async (id) => {
    const sim = track(await startSingleAdminSim({ adminLoggedInFrom: '192.168.1.66' }));
    const r = await runAccountCheck(id, { baseUrl: sim.url }, undefined, { lang: 'es' });
    expect(r.error).toBeUndefined();
    expect((r.facts.steps as string[]).length).toBeGreaterThanOrEqual(4);
    expect(sim.log.entries).toEqual([]);
    expect(sim.admin()).toBe('192.168.1.66');
  });

  it('the simulation refuses a second admin and names the first one (what the checks avoid)', async () => {
    const sim = track(await startSingleAdminSim({ adminLoggedInFrom: '192.168.1.66' }));
    const res = await fetch(`${sim.url}/login.cgi`, { method: 'POST', body: 'login_authorization=x' });
    expect(await res.text()).toContain('Login user IP: 192.168.1.66');
    expect(sim.log.of('refused')).toHaveLength(1);
  });
});
