/**
 * The pages as a newcomer meets them (issue 15), in Chromium against the real gateway, at 1280×800 and 360×740:
 * the demo home opens once, a file that is not a capture is refused in the page's language, device pages and the
 * one-page report speak plain words in local time, checklist steps say what to do, the report's tables keep
 * words whole on a phone, its badges are readable, and it leaves the way the app does (Esc, session ended,
 * history replaced), the Hue account check says in one place what it leaves. Also: no favicon 404, the JavaScript served compressed with caching headers.
 */
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { AuditSummary, AuditView, SessionInfo } from '../../gateway/contract.ts';
import { fitsWidth, launchBrowser, mainText, openPage, screenshot, type Guards } from './browser.ts';
import { chooseFirstPasscode, openDemo } from './first-run.ts';
import { startGateway, type GatewayProcess } from './gateway-process.ts';
import { hostileCapture } from './hostile-capture.ts';

const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 360, height: 740 };
/** Raw text that must not reach a reader: matcher keys, evidence kinds, byte units, ISO times, rule ids. */
const RAW = [
  /\b(?:dhcpHostname|dhcpVendorClass|mdnsType|mdnsTxt|homekitCategory|domains|oui|ports):/,
  /\bupload-(?:rate|peer)\b/,
  /\bidentification\b/,
  /\d byte\b/,
  /\d B\b/,
  /\bUTC\b/,
  /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/,
  /\bHS-[A-Z]+-\d{4}\b/,
  /\bMEDIUM\b|\bHIGH\b/,
];

/** Echap's lists, read in place and served on loopback: the test never reaches the network. */
const INDICATORS = '/work/shared/data/stalkerware-indicators';
let lists: Server;
const listRequests: string[] = [];
let gw: GatewayProcess;
let browser: Browser;
let page: Page;
let guards: Guards;
let auditId = '';

function api<T>(path: string): Promise<T> {
  return page.evaluate(async (p) => (await fetch(p, { credentials: 'same-origin' })).json(), path) as Promise<T>;
}

function expectPlain(text: string, where: string): void {
  for (const re of RAW) expect(re.exec(text)?.[0] ?? '', `${where}: ${re}`).toBe('');
}

/** Heading levels in document order, read through every shadow root. */
function headingLevels(p: Page): Promise<number[]> {
  return p.evaluate(`(function walk(n, out) {
    if (n.nodeType === 1 && /^H[1-6]$/.test(n.nodeName) && n.getClientRects().length) out.push(Number(n.nodeName[1]));
    if (n.shadowRoot) walk(n.shadowRoot, out);
    for (const c of n.childNodes) walk(c, out);
    return out;
  })(document.body, [])`) as Promise<number[]>;
}

/** Cells (th, td) of the in-app report's tables whose text breaks inside a word. */
function brokenWords(p: Page): Promise<string[]> {
  return p.evaluate(`(() => {
    const broken = [];
    const report = document.querySelector('hs-app').shadowRoot.querySelector('hs-page-report').shadowRoot;
    for (const cell of report.querySelectorAll('th, td')) {
      const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
      for (let t = walker.nextNode(); t; t = walker.nextNode()) {
        // A break after a hyphen ("e-" / "mail") is an ordinary line break; inside a run of letters it is not.
        for (const m of t.textContent.matchAll(/[^\\s\\-\u2010]+/g)) {
          const r = document.createRange();
          r.setStart(t, m.index);
          r.setEnd(t, m.index + m[0].length);
          const tops = new Set([...r.getClientRects()].map((q) => Math.round(q.top)));
          if (tops.size > 1) broken.push(m[0]);
        }
      }
    }
    return broken;
  })()`) as Promise<string[]>;
}

async function toStart(): Promise<void> {
  await page.getByRole('link', { name: /^(Start|Inicio|Início)$/ }).click();
  await page.locator('hs-page-start h1').waitFor();
}

async function upload(name: string, buffer: Buffer, button: string): Promise<void> {
  await page.locator('hs-page-start #file').setInputFiles({ name, mimeType: 'application/octet-stream', buffer });
  await page.getByRole('button', { name: button, exact: true }).click();
}

describe('a newcomer walks the pages (Chromium, real gateway, desktop and phone)', () => {
  beforeAll(async () => {
    lists = createServer((req, res) => {
      listRequests.push(req.url ?? '');
      const rel = (req.url ?? '').replace(/^\/lists\//, '');
      if (!['ioc.yaml', 'generated/network.csv'].includes(rel)) return void res.writeHead(404).end();
      readFile(join(INDICATORS, rel)).then((b) => res.writeHead(200).end(b), () => res.writeHead(500).end());
    });
    await new Promise<void>((r) => lists.listen(0, '127.0.0.1', r));
    const source = `http://127.0.0.1:${(lists.address() as AddressInfo).port}/lists/`;
    gw = await startGateway({ env: { HOMESWEEP_INDICATORS_SOURCE: source } });
    browser = await launchBrowser();
    ({ page, guards } = await openPage(browser, gw.url, DESKTOP));
    await chooseFirstPasscode(page, 'newcomer-passcode-5');
  });

  afterAll(async () => {
    await browser?.close();
    await gw?.stop();
    await new Promise((r) => lists?.close(r));
  });

  it('first run: the missing stalkerware lists are said plainly, with what fetching them contacts, and one click fetches them', async () => {
    const offer = page.locator('hs-indicators-offer');
    await offer.getByRole('heading', { name: 'The stalkerware lists are not here yet' }).waitFor();
    const host = `127.0.0.1:${(lists.address() as AddressInfo).port}`;
    expect(await offer.locator('section').innerText()).toContain(`contacts ${host} once`);
    let text = await mainText(page);
    expect(text).toContain('Servers known to be used by stalkerware apps: the lists that name them are not on this gateway yet.');
    expect(text).not.toContain('could not be loaded');
    expect(listRequests).toEqual([]); // Nothing is fetched until she asks.
    await offer.getByRole('button', { name: 'Download the lists now' }).click();
    await offer.getByText(/The stalkerware lists are ready: [\d,.]+ entries/).waitFor({ timeout: 60_000 });
    expect(listRequests.sort()).toEqual(['/lists/generated/network.csv', '/lists/ioc.yaml']);
    text = await mainText(page);
    expect(text).not.toContain('the lists that name them are not on this gateway yet');
    const health = await api<{ indicators: { loaded: number } }>('/api/health');
    expect(health.indicators.loaded).toBeGreaterThan(100);
  });

  it('"Open the demo home" twice reopens the same demo instead of adding another', async () => {
    auditId = await openDemo(page);
    await toStart();
    expect(await openDemo(page)).toBe(auditId);
    const audits = await api<AuditSummary[]>('/api/audits');
    expect(audits.filter((a) => a.mode === 'demo').map((a) => a.id)).toEqual([auditId]);
  });

  it('a file that is not a capture is refused in the page language; two uploads of one file can be told apart', async () => {
    await toStart();
    const notes = Buffer.from('# shopping list\nmilk, bread, lentils\n');
    await upload('notes.pcap', notes, 'Open the file');
    await page.getByText('This file is not a network capture (pcap or pcapng).').waitFor();
    expect(await mainText(page)).not.toMatch(/magic|0x[0-9a-f]{4}/i);
    await page.getByLabel('Language').selectOption('es');
    await upload('notes.pcap', notes, 'Abrir el archivo');
    await page.getByText('Este archivo no es una captura de red (pcap o pcapng).').waitFor();
    await page.getByLabel('Idioma').selectOption('en');
    for (let i = 0; i < 2; i++) {
      await upload('home.pcap', hostileCapture(), 'Open the file');
      await page.getByRole('heading', { name: 'Devices in this home' }).waitFor({ timeout: 60_000 });
      await toStart();
    }
    const titles = (await api<AuditSummary[]>('/api/audits')).filter((a) => a.mode === 'capture').map((a) => a.title);
    expect(titles).toHaveLength(2);
    expect(new Set(titles).size).toBe(2);
    for (const t of titles) expect(t).toContain('home.pcap');
  });

  it('device pages speak plain words, name the iPhone by its name, and keep heading levels', async () => {
    const view = await api<AuditView>(`/api/audits/${auditId}?lang=en`);
    const iphone = view.devices.find((d) => d.hostnames.includes('Janes-iPhone'))!;
    expect(iphone.displayName).toBe('Janes-iPhone');
    for (const [i, d] of view.devices.entries()) {
      await page.setViewportSize(i % 2 ? PHONE : DESKTOP);
      await page.goto(`/audits/${encodeURIComponent(auditId)}/devices/${encodeURIComponent(d.id)}`);
      await page.getByRole('heading', { level: 1, name: d.displayName }).waitFor();
      const text = await mainText(page);
      expectPlain(text, d.displayName);
      expect(text, d.displayName).not.toContain('@fe80');
      const levels = await headingLevels(page);
      for (let k = 1; k < levels.length; k++) expect(levels[k]! - levels[k - 1]!, `${d.displayName}: h${levels[k - 1]} → h${levels[k]}`).toBeLessThanOrEqual(1);
      if (i % 2) expect(await fitsWidth(page)).toBe(true);
    }
    // Spanish on a phone: the same plain words.
    await page.setViewportSize(PHONE);
    await page.getByLabel('Language').selectOption('es');
    for (const d of [iphone, view.devices[0]!]) {
      await page.goto(`/audits/${encodeURIComponent(auditId)}/devices/${encodeURIComponent(d.id)}`);
      await page.getByRole('heading', { level: 1, name: d.displayName }).waitFor();
      const text = await mainText(page);
      expectPlain(text, `es: ${d.displayName}`);
      expect(text).toContain('Reconocido por');
      expect(await fitsWidth(page)).toBe(true);
    }
    await page.getByLabel('Idioma').selectOption('en');
    await page.setViewportSize(DESKTOP);
  });

  it('the Hue account check says in one place what it leaves behind, under no "it only reads" promise', async () => {
    const view = await api<AuditView>(`/api/audits/${auditId}?lang=en`);
    const hue = view.devices.find((d) => d.profile?.id === 'philips.hue-bridge')!;
    await page.goto(`/audits/${encodeURIComponent(auditId)}/devices/${encodeURIComponent(hue.id)}`);
    const checks = page.locator('hs-account-checks');
    await checks.getByLabel('Which check?').selectOption('hue-bridge');
    const text = await checks.locator('section').innerText();
    expect(text).not.toMatch(/only reads|nothing is changed/i);
    expect(text).toContain('What it leaves behind');
    const leaves = checks.locator('dt', { hasText: /^What it leaves behind$/ });
    expect(await leaves.count()).toBe(1);
    const dd = await leaves.locator('xpath=following-sibling::dd[1]').innerText();
    expect(dd).toContain('adds a new app called "home check"');
    expect(dd).toContain('stays until it is removed');
    expect(text).not.toContain('What stays behind');
  });

  it('checklist steps made from findings say what to do', async () => {
    const view = await api<AuditView>(`/api/audits/${auditId}?lang=en`);
    await page.goto(`/audits/${encodeURIComponent(auditId)}/checklist`);
    await page.getByRole('heading', { name: 'Checklist', level: 1 }).waitFor();
    const fromFindings = view.checklist.filter((c) => c.id.startsWith('finding@'));
    expect(fromFindings.length).toBeGreaterThan(0);
    for (const c of fromFindings) {
      const advice = view.findings.find((f) => `finding@${f.id}` === c.id)!.advice;
      const item = page.locator('hs-checklist-item').filter({ has: page.locator(`article[data-item="${c.id}"]`) });
      expect(await item.locator('article').innerText()).toContain(advice.trim().split('\n')[0]!.slice(0, 60));
    }
    expectPlain(await mainText(page), 'checklist');
  });

  it('the in-app report keeps words whole in its tables, on a phone and on a desktop', async () => {
    await page.goto(`/audits/${encodeURIComponent(auditId)}/report`);
    await page.getByRole('heading', { name: 'Report', level: 1 }).waitFor();
    expect(await mainText(page)).not.toContain('no quick exit');
    await page.setViewportSize(PHONE);
    expect(await brokenWords(page)).toEqual([]);
    expect(await fitsWidth(page)).toBe(true);
    await screenshot(page, 'report-app-phone');
    await page.setViewportSize(DESKTOP);
    expect(await brokenWords(page)).toEqual([]);
  });

  it('the one-page report: the app\'s words in local time, a main landmark, the iPhone by name', async () => {
    await page.setViewportSize(PHONE);
    await page.getByRole('link', { name: 'Open the report as one page' }).click();
    await page.waitForURL((u) => u.pathname.endsWith('/report'));
    expect(await page.locator('main').count()).toBe(1);
    const text = await page.locator('body').innerText();
    expectPlain(text, 'report');
    expect(text).toContain('Worth a look');
    expect(text).toContain('How it was made: Demo home');
    expect(text).toContain('Janes-iPhone');
    expect(text).not.toContain('@fe80');
    // Contrast (the badges included) is axe's color-contrast rule in test/ui/axe.test.ts, this page at phone size too.
    expect(await fitsWidth(page)).toBe(true);
    await screenshot(page, 'report-phone');
    const es = await page.evaluate(async (p) => (await fetch(p, { credentials: 'same-origin' })).text(), `/api/audits/${auditId}/report?lang=es`);
    expect(es).toContain('<html lang="es">');
    expect(es).toContain('Vale la pena mirarlo');
  });

  it('serves a favicon and the JavaScript compressed, hashed files cached for good and the page always fresh', async () => {
    const icon = await page.request.get('/favicon.ico');
    expect(icon.status()).not.toBe(404);
    const index = await page.request.get('/', { headers: { 'Accept-Encoding': 'gzip, br' } });
    expect(index.headers()['cache-control']).toBe('no-cache');
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(await index.text())![1]!;
    for (const enc of ['br', 'gzip']) {
      const js = await page.request.get(script, { headers: { 'Accept-Encoding': enc } });
      expect(js.headers()['content-encoding']).toBe(enc);
      expect(js.headers()['cache-control']).toContain('immutable');
      expect(js.headers()['vary']).toContain('Accept-Encoding');
      expect((await js.text()).length).toBeGreaterThan(1000); // Decoded by the client: the real script.
    }
  });

  it('Esc on the one-page report leaves for the neutral page, ends the session, and Back does not show the report', async () => {
    await page.keyboard.press('Escape');
    await page.waitForURL((u) => u.pathname === '/neutral.html');
    await expect.poll(async () => (await api<SessionInfo>('/api/session')).authenticated, { timeout: 10_000 }).toBe(false);
    await page.goBack().catch(() => null);
    await page.waitForLoadState();
    expect(new URL(page.url()).pathname).not.toMatch(/^\/api\//);
    // Back may reach the app's own page again: it must be locked.
    if (page.url().startsWith(gw.url) && new URL(page.url()).pathname !== '/neutral.html') await page.getByRole('heading', { name: 'Enter your passcode' }).waitFor();
  });

  it('made no third-party request, broke no CSP rule, opened no dialog, threw no error', () => {
    expect(guards).toEqual({ foreignRequests: [], cspViolations: [], dialogs: [], pageErrors: [] });
  });
});
