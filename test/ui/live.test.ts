/**
 * A live audit in Chromium against the real gateway: live progress pushed by server-sent events, the motion
 * test, and stop. Gateway and browser run inside a network namespace this test creates, whose only interfaces
 * are its loopback and a veth pair with both ends inside, so the live audit's quiet discovery never reaches a real network.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, openPage, screenshot, type Guards } from './browser.ts';
import { startGateway, type GatewayProcess } from './gateway-process.ts';

const NS = `hs-ui-${process.pid}`;
const IFACE = 'hsui0';
const PASSCODE = 'green-window-8';
let gw: GatewayProcess;
let browser: Browser;
let page: Page;
let guards: Guards;
let wrapDir = '';

const ip = (...args: string[]): void => void execFileSync('ip', args, { stdio: 'ignore' });

describe('live audit page (Chromium, real gateway, private network namespace)', () => {
  beforeAll(async () => {
    ip('netns', 'add', NS);
    ip('-n', NS, 'link', 'set', 'lo', 'up');
    // A veth pair with both ends inside the namespace: a wire from the namespace to itself.
    ip('-n', NS, 'link', 'add', IFACE, 'type', 'veth', 'peer', 'name', `${IFACE}p`);
    ip('-n', NS, 'link', 'set', `${IFACE}p`, 'up');
    ip('-n', NS, 'addr', 'add', '10.213.0.1/24', 'dev', IFACE);
    ip('-n', NS, 'link', 'set', IFACE, 'up');
    wrapDir = mkdtempSync(join(tmpdir(), 'hs-ui-chromium-'));
    const wrapper = join(wrapDir, 'chromium');
    // Playwright talks to Chromium over a pipe, which works across namespaces; the page then sees the
    // gateway on the namespace's own loopback.
    writeFileSync(wrapper, `#!/bin/sh\nexec ip netns exec ${NS} /usr/bin/chromium "$@"\n`);
    chmodSync(wrapper, 0o755);
    gw = await startGateway({ netns: NS });
    browser = await launchBrowser(wrapper);
    ({ page, guards } = await openPage(browser, gw.url, { width: 360, height: 740 }));
  });

  afterAll(async () => {
    await browser?.close();
    await gw?.stop();
    if (wrapDir) rmSync(wrapDir, { recursive: true, force: true });
    try {
      ip('netns', 'del', NS);
    } catch {
      // Already gone (beforeAll failed before creating it): nothing to leave behind.
    }
  });

  it('starts listening on the chosen interface and shows progress pushed by the gateway', async () => {
    await page.goto('/');
    await page.getByLabel('New passcode').fill(PASSCODE);
    await page.getByLabel('Type it again').fill(PASSCODE);
    await page.getByRole('button', { name: 'Save passcode' }).click();
    await page.getByRole('radio', { name: new RegExp(`^${IFACE}( |$)`) }).check();
    await page.getByRole('button', { name: 'Start listening' }).click();
    await page.getByRole('heading', { name: 'Listening to the network' }).waitFor();
    const status = page.locator('#summary');
    expect(await status.getAttribute('aria-live')).toBe('polite');
    expect(await status.innerText()).toContain('Listening');
    // A pushed event changes the "last update" line.
    const updated = page.getByText(/^Last update:/);
    const first = await updated.innerText();
    await expect.poll(() => updated.innerText(), { timeout: 30_000 }).not.toBe(first);
    // Never silent about what it can see: this gateway runs without packet capture, and the page says the
    // devices' traffic is not checked.
    await page.getByRole('heading', { name: 'What HomeSweep can see' }).waitFor({ timeout: 30_000 });
    await page.getByText('No packets are being captured, so the devices\' traffic').waitFor();
    await screenshot(page, '09-live-progress-phone');
  });

  it('marks a motion test moment and lists it', async () => {
    await page.getByRole('button', { name: 'Mark now' }).click();
    await page.getByRole('heading', { name: /^Mark at / }).waitFor();
  });

  it('stops listening and offers the devices', async () => {
    await page.getByRole('button', { name: 'Stop listening' }).click();
    await page.getByRole('heading', { name: 'Listening finished' }).waitFor({ timeout: 60_000 });
    await page.getByRole('button', { name: 'See the devices' }).click();
    await page.getByRole('heading', { name: 'Devices in this home' }).waitFor();
    expect(guards.foreignRequests).toEqual([]);
    expect(guards.cspViolations).toEqual([]);
    expect(guards.pageErrors).toEqual([]);
  });
});
