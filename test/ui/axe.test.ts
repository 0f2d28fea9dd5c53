/**
 * axe-core on every app page (start, devices, a device, the checklist, the report view, the one-page report, and
 * review mode on a second gateway holding the demo's helper copy) in Chromium at desktop (1280×800) and phone
 * (360×740) sizes, in English, Spanish and Brazilian Portuguese: no `serious` or `critical` violation (issue 15).
 * axe is injected into the page, so the contexts bypass the pages' own Content-Security-Policy for it.
 */
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { AuditView, SessionInfo } from '../../gateway/contract.ts';
import { launchBrowser } from './browser.ts';
import { chooseFirstPasscode } from './first-run.ts';
import { startGateway, type GatewayProcess } from './gateway-process.ts';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const SIZES = { desktop: { width: 1280, height: 800 }, phone: { width: 360, height: 740 } } as const;

interface Side {
  gw: GatewayProcess;
  context: BrowserContext;
  page: Page;
}
let browser: Browser;
let home: Side;
let helper: Side;
/** The pages to check, on their side. */
const targets: { name: string; side: () => Side; path: string; app: boolean }[] = [];

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[]; failureSummary?: string }[];
}

async function side(passcode: string): Promise<Side> {
  const gw = await startGateway();
  const context = await browser.newContext({ viewport: SIZES.desktop, locale: 'en-GB', baseURL: gw.url, bypassCSP: true });
  const page = await context.newPage();
  await chooseFirstPasscode(page, passcode);
  return { gw, context, page };
}

async function csrf(s: Side): Promise<Record<string, string>> {
  const res = await s.context.request.get('/api/session');
  return { 'X-HomeSweep-CSRF': ((await res.json()) as SessionInfo).csrf ?? '' };
}

/** Opens `path` in `lang` and waits until the page has been drawn and its text stops changing. */
async function open(page: Page, path: string, lang: string, app: boolean): Promise<void> {
  await page.evaluate((l) => localStorage.setItem('hs-lang', l), lang);
  await page.goto(app ? path : `${path}?lang=${encodeURIComponent(lang)}`);
  await page.waitForFunction(`document.documentElement.lang === ${JSON.stringify(lang)}`);
  if (!app) return;
  await page.locator('h1').first().waitFor();
  let before = '';
  for (let i = 0; i < 50; i++) {
    const now = (await page.evaluate(`(function t(n) { let s = n.textContent ?? ''; if (n.shadowRoot) s += t(n.shadowRoot); for (const c of n.children ?? []) s += t(c); return s; })(document.body)`)) as string;
    if (now === before && now.length > 100) return;
    before = now;
    await page.waitForTimeout(100);
  }
}

/** axe's serious and critical violations on the page as it is now, and how many elements its contrast rule read. */
async function axeRun(page: Page): Promise<{ serious: AxeViolation[]; contrastNodes: number }> {
  if (!(await page.evaluate('typeof window.axe === "object"'))) await page.addScriptTag({ path: AXE });
  const r = (await page.evaluate(`axe.run(document).then((r) => ({
    violations: r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })) })),
    contrastNodes: [...r.violations, ...r.passes, ...r.incomplete].filter((x) => x.id === 'color-contrast').reduce((n, x) => n + x.nodes.length, 0),
  }))`)) as { violations: AxeViolation[]; contrastNodes: number };
  return { serious: r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical'), contrastNodes: r.contrastNodes };
}

async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  return (await axeRun(page)).serious;
}

function describeViolation(page: string, v: AxeViolation): string {
  const nodes = v.nodes.slice(0, 4).map((n) => `${JSON.stringify(n.target)}${n.failureSummary ? ` (${n.failureSummary.replace(/\s+/g, ' ').slice(0, 160)})` : ''}`);
  return `${page}: ${v.impact} ${v.id} — ${v.help}; ${v.nodes.length} node(s): ${nodes.join('; ')}`;
}

describe('axe-core: no serious or critical violation on any app page (Chromium)', () => {
  beforeAll(async () => {
    browser = await launchBrowser();
    [home, helper] = await Promise.all([side('axe-every-page-5'), side('axe-helper-side-6')]);
    const demo = await home.context.request.post('/api/audits', { data: { kind: 'demo' }, headers: await csrf(home) });
    expect(demo.status(), await demo.text()).toBe(201);
    const id = ((await demo.json()) as { id: string }).id;
    const copy = await home.context.request.post(`/api/audits/${encodeURIComponent(id)}/export`, { data: { redact: 'helper' }, headers: await csrf(home) });
    expect(copy.status(), await copy.text()).toBe(200);
    const opened = await helper.context.request.post('/api/audits/import', { data: await copy.body(), headers: { ...(await csrf(helper)), 'Content-Type': 'application/json' } });
    expect(opened.status(), await opened.text()).toBe(201);
    const reviewId = ((await opened.json()) as { audit: { id: string } }).audit.id;

    const view = (await (await home.context.request.get(`/api/audits/${encodeURIComponent(id)}?lang=en`)).json()) as AuditView;
    const base = `/audits/${encodeURIComponent(id)}`;
    const device = view.devices.find((d) => d.findingIds.length > 0) ?? view.devices[0]!;
    const reviewBase = `/audits/${encodeURIComponent(reviewId)}`;
    // The review copy's devices have ids of their own (redacted MACs): its device page is the first of its list.
    const reviewView = (await (await helper.context.request.get(`/api/audits/${encodeURIComponent(reviewId)}?lang=en`)).json()) as AuditView;
    targets.push(
      { name: 'start', side: () => home, path: '/', app: true },
      { name: 'devices', side: () => home, path: `${base}/devices`, app: true },
      { name: 'device', side: () => home, path: `${base}/devices/${encodeURIComponent(device.id)}`, app: true },
      { name: 'checklist', side: () => home, path: `${base}/checklist`, app: true },
      { name: 'report', side: () => home, path: `${base}/report`, app: true },
      { name: 'one-page report', side: () => home, path: `/api/audits/${encodeURIComponent(id)}/report`, app: false },
      { name: 'review: devices', side: () => helper, path: `${reviewBase}/devices`, app: true },
      { name: 'review: device', side: () => helper, path: `${reviewBase}/devices/${encodeURIComponent(reviewView.devices[0]!.id)}`, app: true },
      { name: 'review: report', side: () => helper, path: `${reviewBase}/report`, app: true },
    );
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await Promise.all([home?.gw.stop(), helper?.gw.stop()]);
  });

  it('finds a violation on a page made to have one (the check can fail)', async () => {
    await open(home.page, '/', 'en', true);
    await home.page.evaluate(`document.body.insertAdjacentHTML('beforeend', '<p style="color:#bbb;background:#fff">low contrast words</p><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">')`);
    const ids = (await seriousViolations(home.page)).map((v) => v.id);
    expect(ids).toEqual(expect.arrayContaining(['color-contrast', 'image-alt']));
  });

  for (const lang of ['en', 'es', 'pt-BR'] as const) {
    for (const [size, viewport] of Object.entries(SIZES)) {
      it(`has none in ${lang} at ${viewport.width}×${viewport.height} (${size})`, async () => {
        const found: string[] = [];
        for (const s of [home, helper]) await s.page.setViewportSize(viewport);
        for (const t of targets) {
          const { page } = t.side();
          await open(page, t.path, lang, t.app);
          const { serious, contrastNodes } = await axeRun(page);
          // axe read the page's text, inside the app's shadow roots too (not an empty frame).
          if (contrastNodes < 10) found.push(`${t.name}: axe read only ${contrastNodes} text element(s)`);
          for (const v of serious) found.push(describeViolation(t.name, v));
        }
        if (found.length) console.log(found.join('\n'));
        expect(found).toEqual([]);
      }, 180_000);
    }
  }
});
