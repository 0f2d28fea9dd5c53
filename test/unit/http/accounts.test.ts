/**
 * The account-check routes through app.request(), against the Home Assistant and Hue simulations on loopback
 * (test/lab/sim-accounts/): a second HA user and a phone session from outside, a Hue app added through the cloud.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditView } from '../../../gateway/contract.ts';
import { startHomeAssistantSim, type HaSim } from '../../lab/sim-accounts/home-assistant.ts';
import { startHueSim, type HueSim } from '../../lab/sim-accounts/hue-bridge.ts';
import { client, makeHarness, type Harness } from './app-harness.ts';

const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.owner-token-for-the-test.sig';
const WRONG = 'eyJhbGciOiJIUzI1NiJ9.an-expired-token.sig';

/** Every file under `dir`, as text. */
function allText(dir: string): string {
  let out = '';
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    out += statSync(p).isDirectory() ? allText(p) : readFileSync(p, 'utf8');
  }
  return out;
}

describe('account checks through the API', () => {
  let h: Harness;
  let c: ReturnType<typeof client>;
  let ha: HaSim;
  let hue: HueSim;
  let auditId: string;
  let haDevice: string;
  let hueDevice: string;
  const view = async (lang = 'en'): Promise<AuditView> => (await c.call('GET', `/api/audits/${auditId}?lang=${lang}`)).json;

  beforeAll(async () => {
    ha = await startHomeAssistantSim({ token: TOKEN });
    hue = await startHueSim();
    h = await makeHarness();
    c = client(h);
    await c.call('POST', '/api/setup', { passcode: 'open sesame' });
    auditId = (await c.call('POST', '/api/audits', { kind: 'demo' })).json.id;
    const devices = (await view()).devices.filter((d) => d.mac && d.ips.length);
    haDevice = devices[0]!.id;
    hueDevice = devices[1]!.id;
  });
  afterAll(async () => {
    await ha?.close();
    await hue?.close();
  });

  it('lists the catalogue cards with their notice level and trace, in the asked language', async () => {
    const res = await c.call('GET', '/api/account-checks?lang=es');
    expect(res.status).toBe(200);
    const cards = res.json as { id: string; notice: string; trace: string; reads: string[] }[];
    expect(cards.map((x) => x.id)).toEqual(expect.arrayContaining(['home-assistant', 'hue-bridge', 'openwrt-ubus', 'fritzbox-tr064', 'asus-router']));
    const hueCard = cards.find((x) => x.id === 'hue-bridge')!;
    expect(hueCard.notice).toBe('N2');
    expect(hueCard.trace).toMatch(/home check/);
    expect(hueCard.reads[0]).toMatch(/aplicación/);
    const other = client(h);
    expect((await other.call('GET', '/api/account-checks')).status).toBe(401);
  });

  it('refuses without confirm: true, with a wrong credential shape, without CSRF, for unknown checks and devices; nothing is sent', async () => {
    const target = { baseUrl: ha.url, deviceId: haDevice };
    expect((await c.call('POST', `/api/audits/${auditId}/account-checks/home-assistant`, { target, credential: TOKEN })).status).toBe(400);
    expect((await c.call('POST', `/api/audits/${auditId}/account-checks/home-assistant`, { target, credential: TOKEN, confirm: 'yes' })).status).toBe(400);
    expect((await c.call('POST', `/api/audits/${auditId}/account-checks/home-assistant`, { target, credential: { password: 'x' }, confirm: true })).status).toBe(400);
    expect((await c.call('POST', `/api/audits/${auditId}/account-checks/home-assistant`, { target, credential: TOKEN, confirm: true }, { 'X-HomeSweep-CSRF': 'nope' })).status).toBe(403);
    expect((await c.call('POST', `/api/audits/${auditId}/account-checks/ssh-login`, { target, credential: TOKEN, confirm: true })).status).toBe(404);
    expect((await c.call('POST', `/api/audits/${auditId}/account-checks/home-assistant`, { target: { ...target, deviceId: 'mac-000000000000' }, credential: TOKEN, confirm: true })).status).toBe(404);
    expect((await c.call('POST', `/api/audits/no-such-audit/account-checks/home-assistant`, { target, credential: TOKEN, confirm: true })).status).toBe(404);
    expect(ha.log.entries).toEqual([]);
  });

  it('refuses on a read-only audit (409) without sending anything', async () => {
    const rec = structuredClone(h.store.get(auditId)!);
    await h.store.put({ ...rec, meta: { ...rec.meta, id: 'review-copy' }, readOnly: true });
    const res = await c.call('POST', '/api/audits/review-copy/account-checks/home-assistant', { target: { baseUrl: ha.url, deviceId: haDevice }, credential: TOKEN, confirm: true });
    expect(res.status).toBe(409);
    expect(res.json.error).toBe('This audit was imported for review; account checks run only on your own audits.');
    const es = await c.call('POST', '/api/audits/review-copy/account-checks/home-assistant?lang=es', { target: { baseUrl: ha.url, deviceId: haDevice }, credential: TOKEN, confirm: true });
    expect([es.status, es.json.error]).toEqual([409, 'Esta auditoría se importó para revisarla; las revisiones de cuentas solo se hacen en tus propias auditorías.']);
    expect(ha.log.entries).toEqual([]);
  });

  it('a wrong token is reported once and never retried', async () => {
    const res = await c.call('POST', `/api/audits/${auditId}/account-checks/home-assistant`, { target: { baseUrl: ha.url, deviceId: haDevice }, credential: WRONG, confirm: true });
    expect(res.status).toBe(200);
    expect(res.json.error).toMatch(/token/i);
    expect(res.json.entries).toEqual([]);
    // Give a retry, if there were one, time to happen.
    await new Promise((r) => setTimeout(r, 500));
    expect(ha.log.of('auth')).toHaveLength(1);
    expect(ha.log.of('notification')).toHaveLength(1);
    expect((await view()).devices.find((d) => d.id === haDevice)!.access ?? []).toEqual([]);
  });

  it('with her token: the outside user and session are kept on the device, become findings and checklist items', async () => {
    const res = await c.call('POST', `/api/audits/${auditId}/account-checks/home-assistant`, { target: { baseUrl: ha.url, deviceId: haDevice }, credential: TOKEN, confirm: true });
    expect(res.status).toBe(200);
    expect(res.json.error).toBeUndefined();
    const labels = (res.json.entries as { label: string }[]).map((e) => e.label);
    expect(labels).toEqual(expect.arrayContaining(['Logged into your account: Pixel 7', 'Home Assistant administrator Alex (alex)']));
    // One presentation of the token per call: the failed one and this one.
    expect(ha.log.of('auth').map((e) => e.credential)).toEqual(['invalid', 'valid']);
    expect(ha.log.of('write')).toEqual([]);

    const v = await view();
    const d = v.devices.find((x) => x.id === haDevice)!;
    const pixel = d.access!.find((e) => e.label === 'Logged into your account: Pixel 7')!;
    expect(pixel).toMatchObject({ kind: 'session', outside: true, source: 'home-assistant', notice: 'N2' });
    const rules = v.findings.filter((f) => f.device === haDevice).map((f) => f.rule);
    expect(rules).toEqual(expect.arrayContaining(['HS-ACCESS-0001', 'HS-ACCESS-0002', 'HS-ACCESS-0004']));
    expect(res.json.findings.length).toBeGreaterThanOrEqual(3);
    const outside = v.findings.find((f) => f.rule === 'HS-ACCESS-0001' && f.device === haDevice)!;
    expect(outside.summary).toContain('Pixel 7');
    expect(d.findingIds).toContain(outside.id);
    const item = v.checklist.find((i) => i.id === `access@${pixel.id}`)!;
    expect(item.text).toBe('Do you know this phone or browser? Logged into your account: Pixel 7');
    expect(v.checklist.find((i) => i.id.startsWith('access@') && i.text.includes('Alex'))!.text).toMatch(/^Do you know this person\?/);
    expect(v.checklist.some((i) => i.id === `finding@${outside.id}`)).toBe(true);
    const es = await view('es');
    expect(es.checklist.find((i) => i.id === `access@${pixel.id}`)!.text).toMatch(/^¿Conoces este teléfono o navegador\?/);
  });

  it('answers what the check found in the asked language (the stored entry keeps every language)', async () => {
    const res = await c.call('POST', `/api/audits/${auditId}/account-checks/home-assistant?lang=pt-BR`, { target: { baseUrl: ha.url, deviceId: haDevice }, credential: TOKEN, confirm: true });
    expect(res.status).toBe(200);
    const labels = (res.json.entries as { label: string }[]).map((e) => e.label);
    expect(labels).toContain('Com sessão aberta na sua conta: Pixel 7');
    expect(labels.some((l) => l.startsWith('Logged into'))).toBe(false);
    const d = (await view()).devices.find((x) => x.id === haDevice)!;
    expect(d.access!.some((e) => e.label === 'Logged into your account: Pixel 7')).toBe(true);
  });

  it('an answer to an access item survives the next check', async () => {
    const id = (await view()).checklist.find((i) => i.id.startsWith('access@') && i.text.includes('Alex'))!.id;
    expect((await c.call('PATCH', `/api/audits/${auditId}/checklist/${encodeURIComponent(id)}`, { answer: 'no', status: 'done' })).status).toBe(200);
    await c.call('POST', `/api/audits/${auditId}/account-checks/home-assistant`, { target: { baseUrl: ha.url, deviceId: haDevice }, credential: TOKEN, confirm: true });
    const v = await view();
    expect(v.checklist.find((i) => i.id === id)).toMatchObject({ answer: 'no', status: 'done' });
    // Findings are not doubled by running the check again.
    const ids = v.findings.map((f) => f.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('Hue: the app key is answered once with how to remove the app, the outside app is found, and nothing secret is stored', async () => {
    const res = await c.call('POST', `/api/audits/${auditId}/account-checks/hue-bridge`, { target: { baseUrl: hue.url, clipBaseUrl: hue.clipUrl, deviceId: hueDevice }, confirm: true });
    expect(res.status).toBe(200);
    expect(res.json.error).toBeUndefined();
    expect(hue.created).toHaveLength(1);
    expect(res.json.facts.createdApp.appKey).toBe(hue.created[0]);
    expect(res.json.removeLater).toMatch(/account\.meethue\.com\/apps/);
    const ifttt = (res.json.entries as { label: string; outside?: boolean }[]).find((e) => e.label.includes('IFTTT'))!;
    expect(ifttt.outside).toBe(true);
    const v = await view();
    expect(v.findings.some((f) => f.rule === 'HS-ACCESS-0001' && f.device === hueDevice && f.summary.includes('IFTTT'))).toBe(true);
    expect(v.checklist.some((i) => i.device === hueDevice && i.text.startsWith('Do you know this app? App "IFTTT#cloud"'))).toBe(true);

    const stored = allText(join(h.dir, 'data'));
    expect(stored).toContain('IFTTT#cloud');
    expect(stored).not.toContain(hue.created[0]!);
    expect(stored).not.toContain(TOKEN);
    expect(stored).not.toContain(WRONG);
    for (const key of Object.keys((await import('../../lab/sim-accounts/hue-bridge.ts')).defaultHueWhitelist())) expect(stored).not.toContain(key);
    expect(h.logs.join('\n')).not.toContain(TOKEN);
    expect(h.logs.join('\n')).not.toContain(hue.created[0]!);
  });

  it('a guidance check sends nothing and answers the steps', async () => {
    const res = await c.call('POST', `/api/audits/${auditId}/account-checks/asus-router`, { confirm: true });
    expect(res.status).toBe(200);
    expect(res.json.facts.guidance).toBe(true);
    expect(res.json.facts.steps.length).toBeGreaterThan(0);
  });
  // Refusals reachable without sending anything, in every language the page has (issue 15).
  const refusals: Array<[string, string, (dev: string) => Record<string, unknown>]> = [
    ['home-assistant', 'a token of the wrong shape', (dev) => ({ target: { baseUrl: 'http://127.0.0.1:1', deviceId: dev }, credential: 'short' })],
    ['home-assistant', 'an address outside the home', (dev) => ({ target: { baseUrl: 'http://example.com:8123', deviceId: dev }, credential: TOKEN })],
    ['home-assistant', 'an address that is not a web address', (dev) => ({ target: { baseUrl: 'not an address', deviceId: dev }, credential: TOKEN })],
    ['home-assistant', 'an ftp address', (dev) => ({ target: { baseUrl: 'ftp://192.168.1.5', deviceId: dev }, credential: TOKEN })],
    ['home-assistant', 'a password in the address', (dev) => ({ target: { baseUrl: 'http://me:pw@192.168.1.5', deviceId: dev }, credential: TOKEN })],
    ['hue-bridge', 'an app key of the wrong shape', (dev) => ({ target: { baseUrl: 'http://127.0.0.1:1', deviceId: dev }, credential: { appKey: 'not a key!' } })],
    ['openwrt-ubus', 'a user name of the wrong shape', (dev) => ({ target: { baseUrl: 'http://127.0.0.1:1', deviceId: dev }, credential: { username: 'r o o t', password: 'pw' } })],
    ['fritzbox-tr064', 'a user name of the wrong shape', (dev) => ({ target: { baseUrl: 'http://127.0.0.1:1', deviceId: dev }, credential: { username: 'a "b"', password: 'pw' } })],
    ['fritzbox-tr064', 'a missing password', (dev) => ({ target: { baseUrl: 'http://127.0.0.1:1', deviceId: dev }, credential: { username: 'admin', password: '' } })],
  ];
  it.each(refusals)('%s refuses %s in the reader\'s language, sending nothing', async (checkId, _why, body) => {
    const sent = ha.log.entries.length;
    const post = (lang: string) => c.call('POST', `/api/audits/${auditId}/account-checks/${checkId}?lang=${lang}`, { ...body(haDevice), confirm: true });
    const en = await post('en');
    const english = en.json.error as string;
    expect(english).toMatch(/^[A-Za-z]/);
    for (const lang of ['es', 'pt-BR']) {
      const res = await post(lang);
      expect(res.status).toBe(en.status);
      const error = res.json.error as string;
      expect(error, lang).toBeTruthy();
      expect(error, lang).not.toBe(english);
      expect(error, lang).not.toMatch(/\{[a-zA-Z]+\}/);
    }
    expect(ha.log.entries).toHaveLength(sent);
  });
});
