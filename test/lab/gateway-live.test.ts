/**
 * The gateway as a user runs it, in the lab home: `homesweep start --interface eth0` inside hl-gw (the router's
 * namespace), the lab's devices start, and the API the page reads (through curl inside hl-gw, with the passcode,
 * session cookie and CSRF token the page uses) must show the lab's devices and the planted P2P camera's findings
 * within a minute; then the real page, in Chromium run inside hl-gw, shows that camera's findings on its device
 * page. Then the audit is stopped through the API and the gateway exits cleanly on SIGTERM.
 * Prints the seconds each finding took to show up; no timing assertion beyond the minute the issue names.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditSummary, AuditView } from '../../gateway/contract.ts';
import { labGateway, type LabGateway } from './lab-gateway.ts';
import { acquireLabLock } from './lab-lock.ts';
import { LAB } from './lab-plan.ts';
import { labDown, labUp } from './lab.ts';
import { loadScenario } from './scenario-load.ts';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const dir = mkdtempSync(join(tmpdir(), 'hs-live-'));
let release: () => void = () => undefined;
let gateway: LabGateway | undefined;
let url = '';
let exitCode: number | null = null;
const seenAfter: Record<string, number> = {};
let final: AuditView | undefined;
let summary: AuditSummary | undefined;
let pageText = '';
let pageTitle = '';

beforeAll(async () => {
  release = await acquireLabLock();
  const lab = await labUp(loadScenario('home-12'), { seconds: 90, deferDevices: true });
  const ui = join(REPO_ROOT, 'ui/dist');
  if (!existsSync(join(ui, 'index.html'))) spawnSync('npm', ['run', '--silent', 'build:ui'], { cwd: REPO_ROOT, stdio: 'inherit' });
  gateway = labGateway({ dir, uiDir: ui });
  const api = gateway.api;
  url = await gateway.start();
  await gateway.setup('lab passcode');
  const t0 = Date.now();
  await lab.startDevices();
  const [audit] = (await api<AuditSummary[]>('GET', '/api/audits')).json;
  // Poll the way the page refreshes, for at most a minute after the devices started.
  while (Date.now() - t0 < 60_000) {
    final = (await api<AuditView>('GET', `/api/audits/${audit!.id}`)).json;
    for (const f of final.findings) seenAfter[`${f.rule} ${f.device}`] ??= Math.round((Date.now() - t0) / 1000);
    if (['HS-HIDE-0001', 'HS-REMOTE-0005'].every((r) => final!.findings.some((f) => f.rule === r)) && final.devices.length >= 12) break;
    await new Promise((r) => setTimeout(r, 3000));
  }
  // The page itself, in Chromium inside hl-gw (the only place the gateway's loopback address can be reached).
  const wrapper = join(dir, 'chromium');
  writeFileSync(wrapper, `#!/bin/sh\nexec ip netns exec ${LAB.gatewayNs} /usr/bin/chromium "$@"\n`);
  chmodSync(wrapper, 0o755);
  const browser = await chromium.launch({ executablePath: wrapper, headless: true, args: ['--no-sandbox'] });
  try {
    const page = await browser.newPage({ baseURL: url });
    await page.goto('/');
    await page.getByLabel('Passcode').fill('lab passcode');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Start a check' }).waitFor({ timeout: 30_000 });
    const cam = final!.devices.find((d) => d.profile?.id === 'macro-video.v380-camera');
    await page.goto(`/audits/${encodeURIComponent(audit!.id)}/devices/${encodeURIComponent(cam?.id ?? 'none')}`);
    await page.getByText('Uses its own DNS server').first().waitFor({ timeout: 30_000 });
    // The page is lit elements (shadow DOM): read the texts through locators, which pierce it.
    pageText = [
      await page.getByText('Uses its own DNS server').first().textContent(),
      await page.getByRole('heading', { name: /IPCAM/ }).first().textContent(),
    ].join('\n');
    pageTitle = await page.title();
  } finally {
    await browser.close();
  }
  summary = (await api<AuditSummary>('POST', `/api/audits/${audit!.id}/stop`, {})).json;
  exitCode = await gateway.stop();
  for (const [k, s] of Object.entries(seenAfter)) console.log(`finding ${k} shown after ${s} s`);
}, 150_000);

afterAll(async () => {
  gateway?.kill();
  await labDown();
  release();
  rmSync(dir, { recursive: true, force: true });
});

describe('homesweep start in the lab home', () => {
  it('lists the lab devices, identified, during the live audit', () => {
    expect(final!.audit.mode).toBe('live');
    expect(final!.audit.interface).toBe('eth0');
    expect(final!.devices.length).toBeGreaterThanOrEqual(12);
    const v380 = final!.devices.find((d) => d.profile?.id === 'macro-video.v380-camera');
    expect(v380, 'the V380 P2P camera is identified').toBeDefined();
    // On the router, the live audit sees the devices' own traffic and says so (the progress pushes the same).
    expect(final!.audit.visibility).toMatchObject({ placement: 'in-path', reason: 'saw-traffic' });
    expect(final!.audit.visibility!.devicesWithTraffic).toBeGreaterThanOrEqual(10);
    expect(final!.progress.visibility).toEqual(final!.audit.visibility);
  });

  it('shows the P2P camera’s own DNS server and P2P traffic within a minute, naming the device', () => {
    const cam = final!.devices.find((d) => d.profile?.id === 'macro-video.v380-camera')!;
    for (const rule of ['HS-HIDE-0001', 'HS-REMOTE-0005']) {
      const f = final!.findings.find((x) => x.rule === rule);
      expect(f, `${rule} shown`).toBeDefined();
      expect(f!.device).toBe(cam.id);
      expect(f!.evidence.length).toBeGreaterThan(0);
    }
    expect(final!.checklist.some((i) => i.id.startsWith('finding@'))).toBe(true);
    // Its router port mappings show in "who can reach it from outside".
    expect(cam.access?.filter((a) => a.kind === 'port-mapping' && a.outside).length).toBeGreaterThanOrEqual(1);
  });

  it('shows those findings on the camera’s page in the browser, under a neutral title', () => {
    expect(pageText).toContain('Uses its own DNS server');
    expect(pageText).toMatch(/IPCAM/);
    expect(pageTitle).not.toMatch(/HomeSweep/i);
  });

  it('stops the audit through the API and exits cleanly on SIGTERM', () => {
    expect(summary!.status).toBe('done');
    expect(summary!.devices).toBeGreaterThanOrEqual(12);
    expect(exitCode).toBe(0);
    expect(gateway!.stderr()).toMatch(/stopped; everything is saved/);
  });
});
