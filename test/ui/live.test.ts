/**
 * A live audit in Chromium against the real gateway: live progress pushed by server-sent events, the motion
 * test, and stop. Gateway and browser run inside a network namespace this test creates, whose only interfaces
 * are its loopback and a veth pair with both ends inside, so the live audit's quiet discovery never reaches a real network.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { screenshot, type Guards } from './browser.ts';
import { setUpLiveNamespace, startListening, type LiveNamespace } from './live-namespace.ts';

const NS = `hs-ui-${process.pid}`;
const IFACE = 'hsui0';
const PASSCODE = 'green-window-8';
let live: LiveNamespace;
let page: Page;
let guards: Guards;

describe('live audit page (Chromium, real gateway, private network namespace)', () => {
  beforeAll(async () => {
    live = await setUpLiveNamespace(NS, IFACE, '10.213.0.1/24');
    ({ page, guards } = live);
  });

  afterAll(async () => {
    await live?.close();
  });

  it('starts listening on the chosen interface and shows progress pushed by the gateway', async () => {
    await startListening(page, IFACE, PASSCODE);
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
