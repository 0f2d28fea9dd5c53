/**
 * The set-up of the live-audit page tests: a network namespace of the test's own (its loopback, and a veth pair
 * with both ends inside, `iface` holding `address`), the real gateway inside it, and Chromium inside it too (through
 * a wrapper script: Playwright talks to it over a pipe, and the page reaches the gateway on the namespace's
 * loopback). `startListening` sets the passcode and starts a live audit on `iface` from the page.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, openPage, type Guards } from './browser.ts';
import { startGateway, type GatewayProcess } from './gateway-process.ts';

export interface LiveNamespace {
  gw: GatewayProcess;
  browser: Browser;
  page: Page;
  guards: Guards;
  /** Closes the browser, stops the gateway and deletes the namespace. */
  close(): Promise<void>;
}

const ip = (...args: string[]): void => void execFileSync('ip', args, { stdio: 'ignore' });

/** Creates the namespace and starts gateway and browser in it; `capture` lets live audits run tcpdump. */
export async function setUpLiveNamespace(ns: string, iface: string, address: string, opts: { capture?: boolean } = {}): Promise<LiveNamespace> {
  const state: Partial<LiveNamespace> = {};
  let wrapDir = '';
  const close = async (): Promise<void> => {
    await state.browser?.close();
    await state.gw?.stop();
    if (wrapDir) rmSync(wrapDir, { recursive: true, force: true });
    try {
      ip('netns', 'del', ns);
    } catch {
      // Already gone (set-up failed before creating it): nothing to leave behind.
    }
  };
  try {
    ip('netns', 'add', ns);
    ip('-n', ns, 'link', 'set', 'lo', 'up');
    // A veth pair with both ends inside the namespace: a wire from the namespace to itself.
    ip('-n', ns, 'link', 'add', iface, 'type', 'veth', 'peer', 'name', `${iface}p`);
    ip('-n', ns, 'link', 'set', `${iface}p`, 'up');
    ip('-n', ns, 'addr', 'add', address, 'dev', iface);
    ip('-n', ns, 'link', 'set', iface, 'up');
    wrapDir = mkdtempSync(join(tmpdir(), 'hs-ui-chromium-'));
    const wrapper = join(wrapDir, 'chromium');
    writeFileSync(wrapper, `#!/bin/sh\nexec ip netns exec ${ns} /usr/bin/chromium "$@"\n`);
    chmodSync(wrapper, 0o755);
    state.gw = await startGateway({ netns: ns, capture: opts.capture ?? false });
    state.browser = await launchBrowser(wrapper);
    const { page, guards } = await openPage(state.browser, state.gw.url, { width: 360, height: 740 });
    return { gw: state.gw, browser: state.browser, page, guards, close };
  } catch (err) {
    await close();
    throw err;
  }
}

/** From the first page: sets the passcode, chooses `iface` and starts listening; resolves on the progress page. */
export async function startListening(page: Page, iface: string, passcode: string): Promise<void> {
  await page.goto('/');
  await page.getByLabel('New passcode').fill(passcode);
  await page.getByLabel('Type it again').fill(passcode);
  await page.getByRole('button', { name: 'Save passcode' }).click();
  await page.getByRole('radio', { name: new RegExp(`^${iface}( |$)`) }).check();
  await page.getByRole('button', { name: 'Start listening' }).click();
  await page.getByRole('heading', { name: 'Listening to the network' }).waitFor();
}
