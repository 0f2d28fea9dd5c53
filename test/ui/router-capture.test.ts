/**
 * The page's "How can HomeSweep see this home's traffic?" step in Chromium against the real gateway and a real
 * OpenSSH server playing the router: choose SSH, give the address and key file, see the router's unknown key with
 * its fingerprint, press the trust button, and the live audit starts on the router's tcpdump; stopping it leaves no
 * tcpdump running. Gateway, sshd and browser run inside a network namespace this test creates (loopback and a veth
 * pair with both ends inside), so nothing reaches a real network.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startLabSshd, tcpdumpsIn, type LabSshd } from '../lab/lab-router-ssh.ts';
import { launchBrowser, openPage, screenshot, type Guards } from './browser.ts';
import { startGateway, type GatewayProcess } from './gateway-process.ts';

const NS = `hs-uirc-${process.pid}`;
const IFACE = 'hsrc0';
const ROUTER_IP = '10.213.1.1';
const PASSCODE = 'blue-door-9';
let gw: GatewayProcess;
let sshd: LabSshd;
let browser: Browser;
let page: Page;
let guards: Guards;
const dir = mkdtempSync(join(tmpdir(), 'hs-ui-router-'));

const ip = (...args: string[]): void => void execFileSync('ip', args, { stdio: 'ignore' });

describe('router capture step of the start page (Chromium, real gateway, real sshd)', () => {
  beforeAll(async () => {
    ip('netns', 'add', NS);
    ip('-n', NS, 'link', 'set', 'lo', 'up');
    ip('-n', NS, 'link', 'add', IFACE, 'type', 'veth', 'peer', 'name', `${IFACE}p`);
    ip('-n', NS, 'link', 'set', `${IFACE}p`, 'up');
    ip('-n', NS, 'addr', 'add', `${ROUTER_IP}/24`, 'dev', IFACE);
    ip('-n', NS, 'link', 'set', IFACE, 'up');
    sshd = await startLabSshd(join(dir, 'sshd'), 22, { ns: NS, address: ROUTER_IP });
    const wrapper = join(dir, 'chromium');
    writeFileSync(wrapper, `#!/bin/sh\nexec ip netns exec ${NS} /usr/bin/chromium "$@"\n`);
    chmodSync(wrapper, 0o755);
    gw = await startGateway({ netns: NS });
    browser = await launchBrowser(wrapper);
    ({ page, guards } = await openPage(browser, gw.url, { width: 1024, height: 900 }));
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await gw?.stop();
    await sshd?.stop();
    try {
      ip('netns', 'del', NS);
    } catch {
      // Already gone (beforeAll failed before creating it).
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('shows the unknown router key with its fingerprint, and starts once it is trusted', async () => {
    await page.goto('/');
    await page.getByLabel('New passcode').fill(PASSCODE);
    await page.getByLabel('Type it again').fill(PASSCODE);
    await page.getByRole('button', { name: 'Save passcode' }).click();
    await page.getByRole('heading', { name: "How can HomeSweep see this home's traffic?" }).waitFor();
    await page.getByRole('radio', { name: /^The router, over SSH/ }).check();
    await page.getByLabel('Router address').fill(ROUTER_IP);
    await page.getByLabel('SSH key file on this computer').fill(sshd.clientKey);
    await page.getByRole('button', { name: 'Capture through the router' }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'has not seen this router' });
    await alert.waitFor({ timeout: 30_000 });
    expect(await alert.innerText()).toContain(sshd.fingerprint);
    await screenshot(page, '20-router-host-key');
    await page.getByRole('button', { name: 'It matches: trust this key and start' }).click();
    await page.getByRole('heading', { name: 'Listening to the network' }).waitFor({ timeout: 30_000 });
    expect(readFileSync(join(gw.dataDir, 'known_hosts'), 'utf8')).toMatch(/^10\.213\.1\.1 ssh-ed25519 /);
    expect(await tcpdumpsIn(NS)).toHaveLength(1);
  }, 90_000);

  it('stops listening, and nothing keeps running on the router', async () => {
    await page.getByRole('button', { name: 'Stop listening' }).click();
    await page.getByRole('heading', { name: 'Listening finished' }).waitFor({ timeout: 60_000 });
    expect(await tcpdumpsIn(NS)).toEqual([]);
    expect(guards.foreignRequests).toEqual([]);
    expect(guards.cspViolations).toEqual([]);
    expect(guards.pageErrors).toEqual([]);
  }, 90_000);
});
