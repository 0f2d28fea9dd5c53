/**
 * The report page's extras in Chromium against the real gateway: the self-contained file report opens from its
 * link in the same tab (its own CSP, nothing fetched from anywhere), and "what changed since another check"
 * between the demo home and an upload of the demo's own capture file says in plain words that nothing changed.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, mainText, openPage, screenshot, type Guards } from './browser.ts';
import { chooseFirstPasscode, openDemo } from './first-run.ts';
import { startGateway, type GatewayProcess } from './gateway-process.ts';

let gw: GatewayProcess;
let browser: Browser;
let page: Page;
let guards: Guards;
let first = '';
let second = '';

describe('report file and compare view (Chromium, real gateway)', () => {
  beforeAll(async () => {
    gw = await startGateway();
    browser = await launchBrowser();
    ({ page, guards } = await openPage(browser, gw.url));
    await chooseFirstPasscode(page, 'report-diff-passcode');
    first = await openDemo(page);
    // "Open the demo home" reopens the one demo: the second check of the same home is its capture, uploaded.
    await page.getByRole('link', { name: 'Start', exact: true }).click();
    await page.getByLabel('Capture file', { exact: true }).setInputFiles(fileURLToPath(new URL('../../demo/demo-home.pcap', import.meta.url)));
    await page.getByRole('button', { name: 'Open the file' }).click();
    await page.getByRole('heading', { name: 'Devices in this home' }).waitFor({ timeout: 90_000 });
    second = decodeURIComponent(/\/audits\/([^/]+)\/devices$/.exec(new URL(page.url()).pathname)![1]!);
    expect(second).not.toBe(first);
  });

  afterAll(async () => {
    await browser?.close();
    await gw?.stop();
  });

  it('links the self-contained report in the reader language, and it opens in the same tab with its own CSP', async () => {
    await page.getByRole('link', { name: 'Report' }).click();
    const link = page.getByRole('link', { name: 'Open the report as one page' });
    await link.waitFor();
    expect(await link.getAttribute('href')).toBe(`/api/audits/${encodeURIComponent(second)}/report?lang=en`);
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    const [response] = await Promise.all([page.waitForEvent('response', (r) => r.url().includes('/report?lang=')), link.click()]);
    await page.waitForLoadState('load');
    expect(response.status()).toBe(200);
    expect(response.headers()['content-security-policy']).toContain("default-src 'none'");
    expect(new URL(page.url()).pathname).toBe(`/api/audits/${encodeURIComponent(second)}/report`);
    // A whole report, not an error: it names the devices the audit found.
    const body = (await page.textContent('body')) ?? '';
    expect(body.length).toBeGreaterThan(500);
    expect(body).toMatch(/LAPTOP-7QK2M1B/);
    // The report loads nothing else: one document, no further request of any kind.
    expect(requests.filter((u) => !u.includes('/report?lang='))).toEqual([]);
    await screenshot(page, 'report-file');
  });

  it('compares two checks of the same home: no change, said in plain words', async () => {
    await page.goto(`/audits/${encodeURIComponent(second)}/report`);
    const panel = page.locator('hs-compare-panel');
    await panel.getByRole('heading', { name: 'What changed since another check' }).waitFor();
    // The list offers the other audit, not this one.
    const options = await panel.locator('option').evaluateAll((els) => els.map((e) => (e as HTMLOptionElement).value));
    expect(options).toEqual([first]);
    await panel.getByLabel('Earlier check').selectOption(first);
    await panel.getByRole('button', { name: 'Compare' }).click();
    for (const line of ['No new devices.', 'No device has gone.', 'Nothing new to look at.', 'Everything seen before is still seen.', 'No device changed.']) {
      await panel.getByText(line, { exact: true }).waitFor();
    }
    expect(await mainText(page)).toContain('Since “');
    await screenshot(page, 'report-compare');
  });

  it('made no third-party request, broke no CSP rule, opened no dialog, threw no error', () => {
    expect(guards).toEqual({ foreignRequests: [], cspViolations: [], dialogs: [], pageErrors: [] });
  });
});
