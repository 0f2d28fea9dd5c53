/**
 * The survivor's journey in Chromium against the real gateway: first-run passcode, the demo home, devices by
 * risk, a device page, answering the checklist and reloading, the print view, and the quick exit.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import type { AuditView, SessionInfo } from '../../gateway/contract.ts';
import { fitsWidth, launchBrowser, mainText, openPage, screenshot, type Guards } from './browser.ts';
import { startGateway, type GatewayProcess } from './gateway-process.ts';

const PASSCODE = 'quiet-garden-42';
let gw: GatewayProcess;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let guards: Guards;
let auditId = '';

/** GET an API path with the page's own session cookie. */
function api<T>(path: string): Promise<T> {
  return page.evaluate(async (p) => (await fetch(p, { credentials: 'same-origin' })).json(), path) as Promise<T>;
}

function item(n: number): Locator {
  return page.locator('hs-checklist-item').nth(n);
}

describe('checklist UI journey (Chromium, real gateway)', () => {
  beforeAll(async () => {
    gw = await startGateway();
    browser = await launchBrowser();
    ({ context, page, guards } = await openPage(browser, gw.url));
  });

  afterAll(async () => {
    await browser?.close();
    await gw?.stop();
  });

  it('asks for a new passcode on first run, with a neutral title and the quick exit', async () => {
    await page.goto('/');
    await page.getByRole('heading', { name: 'Choose a passcode' }).waitFor();
    expect(await page.title()).toBe('Home notes');
    expect(await page.getByRole('button', { name: /Quick exit/ }).isVisible()).toBe(true);
    // Keyboard: the quick exit is the first stop, before any content.
    await page.keyboard.press('Tab');
    const focused = `(() => { let a = document.activeElement; while (a && a.shadowRoot && a.shadowRoot.activeElement) a = a.shadowRoot.activeElement; return a ? a.textContent.trim() : ''; })()`;
    expect(await page.evaluate(focused)).toMatch(/^Quick exit/);
    await screenshot(page, '01-passcode-setup');
    await page.getByLabel('New passcode').fill(PASSCODE);
    await page.getByLabel('Type it again').fill('something-else');
    await page.getByRole('button', { name: 'Save passcode' }).click();
    await page.getByText('The two passcodes are not the same.').waitFor();
    await page.getByLabel('Type it again').fill(PASSCODE);
    await page.getByRole('button', { name: 'Save passcode' }).click();
    await page.getByRole('heading', { name: 'Start a check' }).waitFor();
    expect(await mainText(page)).toContain('What this check cannot see');
    expect(await mainText(page)).toContain('Where this computer is matters');
    await screenshot(page, '02-start');
  });

  it('opens the demo home from its button and lands on the devices', async () => {
    await page.getByRole('button', { name: 'Open the demo home' }).click();
    await page.getByRole('heading', { name: 'Devices in this home' }).waitFor({ timeout: 90_000 });
    auditId = /\/audits\/([^/]+)\/devices$/.exec(new URL(page.url()).pathname)?.[1] ?? '';
    expect(auditId).not.toBe('');
    // The demo home was recorded on the router: the page says whose traffic it saw, with the audit's own figures.
    const v = (await api<AuditView>(`/api/audits/${auditId}?lang=en`)).audit.visibility!;
    expect(v.placement).toBe('in-path');
    await page.getByText(`I can see the internet traffic of ${v.devicesWithTraffic} of ${v.devicesTotal} devices.`).first().waitFor();
    await screenshot(page, '03-devices');
  });

  it('ranks devices by risk within room-friendly groups', async () => {
    const view = await api<AuditView>(`/api/audits/${auditId}?lang=en`);
    expect(view.devices.length).toBeGreaterThan(3);
    const score = new Map(view.devices.map((d) => [d.id, d.risk.score]));
    const apiOrder = view.devices.map((d) => d.id);
    const sections = page.locator('hs-page-devices section');
    const groups: string[][] = [];
    for (let i = 0; i < (await sections.count()); i++) {
      groups.push(await sections.nth(i).locator('a[data-device]').evaluateAll((els) => els.map((e) => e.getAttribute('data-device') ?? '')));
    }
    const shown = groups.flat();
    expect(shown.sort()).toEqual([...apiOrder].sort());
    // The top device comes first, each group keeps the API's ranking, and groups go from highest risk down.
    expect(groups[0]![0]).toBe(apiOrder[0]);
    for (const g of groups) expect(g).toEqual(apiOrder.filter((id) => g.includes(id)));
    const tops = groups.map((g) => Math.max(...g.map((id) => score.get(id) ?? 0)));
    expect(tops).toEqual([...tops].sort((a, b) => b - a));
    // Each card says its level in words.
    const first = view.devices[0]!;
    const firstCard = page.locator('hs-device-card').filter({ has: page.locator(`a[data-device="${first.id}"]`) });
    const levels = { high: 'Look at this first', medium: 'Worth a look', low: 'Low', none: 'Nothing notable' } as const;
    expect(await firstCard.locator('hs-risk-badge span').innerText()).toBe(levels[first.risk.level]);
  });

  it('shows a device: evidence, who can reach it, safe steps with notice risk, the reset warning', async () => {
    const view = await api<AuditView>(`/api/audits/${auditId}?lang=en`);
    const top = view.devices[0]!;
    await page.locator(`a[data-device="${top.id}"]`).click();
    await page.getByRole('heading', { level: 1, name: top.displayName }).waitFor();
    const text = await mainText(page);
    expect(text).toContain('What it is and how we know');
    expect(text).toContain('Who can reach it from outside');
    expect(text).toContain('Safe next steps');
    expect(text).toContain('Record now, change later');
    expect(text).toContain('can erase its history and logs');
    for (const r of top.remoteAccess) expect(text).toContain(r.whereToCheck);
    if (top.checklistIds.length > 0) expect(text).toContain('May the other person notice?');
    await screenshot(page, '04-device');
    await page.setViewportSize({ width: 360, height: 740 });
    expect(await fitsWidth(page)).toBe(true);
    await screenshot(page, '05-device-phone');
    await page.setViewportSize({ width: 1024, height: 800 });
  });

  it('saves checklist answers as you go and keeps them after a reload', async () => {
    await page.getByRole('navigation', { name: 'Pages of this check' }).getByRole('link', { name: 'Checklist' }).click();
    await page.getByRole('heading', { name: 'Checklist', level: 1 }).waitFor();
    expect(await page.locator('hs-checklist-item').count()).toBeGreaterThan(1);
    const [id0, id1] = [await item(0).locator('article').getAttribute('data-item'), await item(1).locator('article').getAttribute('data-item')];

    await item(0).getByLabel('Answer').fill('The account is in my name');
    await item(0).getByLabel('Answer').press('Tab');
    await item(0).getByRole('radio', { name: 'Done' }).check();
    await item(1).getByRole('radio', { name: 'Does not apply' }).check();
    await item(1).getByLabel('Note').fill('Asked on Monday; he set it up');
    await item(1).getByLabel('Note').press('Tab');

    const saved = async (): Promise<string> => {
      const v = await api<AuditView>(`/api/audits/${auditId}`);
      const a = v.checklist.find((c) => c.id === id0);
      const b = v.checklist.find((c) => c.id === id1);
      return [a?.status, a?.answer, b?.status, b?.note].join('|');
    };
    await expect.poll(saved, { timeout: 20_000 }).toBe('done|The account is in my name|not-applicable|Asked on Monday; he set it up');
    await item(1).locator('[data-save-state="saved"]').waitFor();
    expect(await item(1).locator('[data-save-state]').innerText()).toContain('Saved');
    await screenshot(page, '06-checklist');

    await page.reload();
    await page.getByRole('heading', { name: 'Checklist', level: 1 }).waitFor();
    expect(await item(0).getByRole('radio', { name: 'Done' }).isChecked()).toBe(true);
    expect(await item(0).getByLabel('Answer').inputValue()).toBe('The account is in my name');
    expect(await item(1).getByRole('radio', { name: 'Does not apply' }).isChecked()).toBe(true);
    expect(await item(1).getByLabel('Note').inputValue()).toBe('Asked on Monday; he set it up');
  });

  it('prints the report without the page chrome, with the answers and what it cannot see', async () => {
    await page.getByRole('navigation', { name: 'Pages of this check' }).getByRole('link', { name: 'Report' }).click();
    await page.getByRole('heading', { name: 'Report', level: 1 }).waitFor();
    expect(await page.getByRole('button', { name: 'Print or save as PDF' }).isVisible()).toBe(true);
    await page.emulateMedia({ media: 'print' });
    try {
      expect(await page.getByRole('button', { name: /Quick exit/ }).isVisible()).toBe(false);
      expect(await page.getByRole('button', { name: 'Print or save as PDF' }).isVisible()).toBe(false);
      expect(await page.getByRole('navigation', { name: 'Pages of this check' }).isVisible()).toBe(false);
      expect(await page.getByRole('heading', { name: 'Report', level: 1 }).isVisible()).toBe(true);
      expect(await page.getByRole('cell', { name: 'The account is in my name' }).first().isVisible()).toBe(true);
      expect(await mainText(page)).toContain('What this check cannot see');
      expect(await mainText(page)).toContain('What HomeSweep can see');
      await screenshot(page, '07-report-print');
    } finally {
      await page.emulateMedia({ media: 'screen' });
    }
  });

  it('switches language, remembers it over a reload, and asks the API for texts in that language', async () => {
    await page.getByRole('navigation', { name: 'Pages of this check' }).getByRole('link', { name: 'Devices' }).click();
    await page.getByRole('heading', { name: 'Devices in this home' }).waitFor();
    await page.getByLabel('Language').selectOption('es');
    await page.getByRole('heading', { name: 'Dispositivos de esta casa' }).waitFor();
    await page.reload();
    await page.getByRole('heading', { name: 'Dispositivos de esta casa' }).waitFor();
    expect(await page.title()).toBe('Notas de casa');
    expect(await page.evaluate('document.documentElement.lang')).toBe('es');
    const es = await api<AuditView>(`/api/audits/${auditId}?lang=es`);
    const reasons = es.devices.flatMap((d) => d.risk.reasons);
    const text = await mainText(page);
    for (const r of reasons.slice(0, 5)) expect(text).toContain(r);
    await screenshot(page, '08-devices-es');
    await page.getByLabel('Idioma').selectOption('en');
    await page.getByRole('heading', { name: 'Devices in this home' }).waitFor();
  });

  it('quick exit (Esc) goes to a neutral local page, ends the session, and Back does not show the audit', async () => {
    await page.keyboard.press('Escape');
    await page.waitForURL((u) => u.pathname === '/neutral.html');
    expect(await page.title()).toBe('Easy recipes');
    await expect.poll(async () => (await api<SessionInfo>('/api/session')).authenticated, { timeout: 10_000 }).toBe(false);
    await page.goBack().catch(() => null);
    await page.waitForLoadState();
    const url = page.url();
    const showsAudit = (await page.locator('hs-page-devices, hs-page-device, hs-page-checklist, hs-page-report').count()) > 0;
    expect(showsAudit, `Back went to ${url}`).toBe(false);
    if (url.startsWith(gw.url)) {
      // Back reached the app again: it must be locked.
      await page.getByRole('heading', { name: 'Enter your passcode' }).waitFor();
    }
  });

  it('made no third-party request, broke no CSP rule, opened no dialog, threw no error', () => {
    expect(guards.foreignRequests).toEqual([]);
    expect(guards.cspViolations).toEqual([]);
    expect(guards.dialogs).toEqual([]);
    expect(guards.pageErrors).toEqual([]);
    void context;
  });
});
