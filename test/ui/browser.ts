/**
 * Debian's Chromium through playwright-core for the browser tests, with guards every test wants: no request
 * leaves the gateway's origin, no CSP violation, no JavaScript dialog. Screenshots go to test-output/screenshots.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

const SHOTS = fileURLToPath(new URL('../../test-output/screenshots/', import.meta.url));

/** Things the page did that it must never do. */
export interface Guards {
  foreignRequests: string[];
  cspViolations: string[];
  dialogs: string[];
  pageErrors: string[];
}

/** Launches headless Chromium (`executablePath` for a wrapper, e.g. one that enters a network namespace). */
export function launchBrowser(executablePath = '/usr/bin/chromium'): Promise<Browser> {
  return chromium.launch({ executablePath, headless: true, args: ['--no-sandbox'] });
}

/** A fresh context (own cookies) and page on `baseUrl`, with the guards recorded. */
export async function openPage(browser: Browser, baseUrl: string, viewport = { width: 1024, height: 800 }): Promise<{ context: BrowserContext; page: Page; guards: Guards }> {
  const context = await browser.newContext({ viewport, locale: 'en-GB', baseURL: baseUrl });
  const page = await context.newPage();
  const origin = new URL(baseUrl).origin;
  const guards: Guards = { foreignRequests: [], cspViolations: [], dialogs: [], pageErrors: [] };
  page.on('request', (r) => {
    const u = r.url();
    if (!u.startsWith(origin) && !u.startsWith('data:') && !u.startsWith('about:')) guards.foreignRequests.push(u);
  });
  page.on('console', (m) => {
    if (/Content.Security.Policy/i.test(m.text())) guards.cspViolations.push(m.text());
  });
  page.on('pageerror', (e) => guards.pageErrors.push(String(e)));
  page.on('dialog', (d) => {
    guards.dialogs.push(`${d.type()}: ${d.message()}`);
    void d.dismiss();
  });
  return { context, page, guards };
}

/** Saves a full-page screenshot as test-output/screenshots/<name>.png (not committed). */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

/** True when the page is no wider than its viewport (nothing to scroll sideways on a phone). */
export async function fitsWidth(page: Page): Promise<boolean> {
  return page.evaluate('document.documentElement.scrollWidth <= window.innerWidth') as Promise<boolean>;
}

/**
 * The text of the app's main area, read through every shadow root (innerText stops at them), with runs of
 * white space made one space.
 */
export async function mainText(page: Page): Promise<string> {
  return page.evaluate(`(function text(n) {
    if (n.nodeType === 3) return n.textContent;
    if (n.nodeName === 'STYLE' || n.nodeName === 'SCRIPT') return '';
    let s = n.shadowRoot ? text(n.shadowRoot) : '';
    for (const c of n.childNodes) s += ' ' + text(c);
    return s;
  })(document.querySelector('hs-app').shadowRoot.querySelector('main')).replace(/\\s+/g, ' ')`) as Promise<string>;
}
