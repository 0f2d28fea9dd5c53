/**
 * The report in the real browser: Chromium (playwright-core, Debian's /usr/bin/chromium) renders the HTML with
 * every request intercepted, and prints the PDF.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditExport } from '../../gateway/contract.ts';
import { buildAuditExport } from '../../gateway/audit/export.ts';
import { redactAudit } from '../../gateway/audit/redact.ts';
import { renderReportHtml } from '../../gateway/audit/report-html.ts';
import { renderReportPdf } from '../../gateway/audit/report-pdf.ts';
import { analyzeLabCapture, withHousehold } from '../unit/audit/fixture-audit.ts';

const HOSTILE = '<img src=x onerror=alert(1)>';
const dir = mkdtempSync(join(tmpdir(), 'hs-report-'));
let browser: Browser;
let doc: AuditExport;
let html: string;

beforeAll(async () => {
  const base = withHousehold(analyzeLabCapture());
  base.devices[0]!.names = [HOSTILE];
  doc = buildAuditExport(base);
  html = renderReportHtml(doc);
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
});

afterAll(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('report in Chromium', () => {
  it('renders with no request leaving the page, and shows the hostile name as text', async () => {
    const page = await browser.newPage();
    const requests: string[] = [];
    const dialogs: string[] = [];
    await page.route('**/*', (route) => {
      requests.push(route.request().url());
      return route.abort();
    });
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.setContent(html, { waitUntil: 'load' });
    expect(requests).toEqual([]);
    expect(dialogs).toEqual([]);
    expect(await page.locator('img, script, link, iframe, object').count()).toBe(0);
    const heading = page.locator('article.device h3', { hasText: HOSTILE });
    expect(await heading.count()).toBe(1);
    expect(await page.locator('h2').allTextContents()).toEqual(
      expect.arrayContaining(['Before you change anything', 'Devices, most important first', 'Checklist', 'Comments', 'What this check cannot see']),
    );
    // Ranked by risk: the live-view camera (medium) comes first.
    const first = await page.locator('article.device').first().getAttribute('class');
    expect(first).toContain('sev-medium');
    await page.close();
  });

  it('prints a PDF through Chromium with at least one page, for the full and the helper copy', async () => {
    for (const [name, d] of [['full', doc], ['helper', redactAudit(doc, 'helper')]] as const) {
      const out = join(dir, `${name}.pdf`);
      await renderReportPdf(renderReportHtml(d, { lang: name === 'helper' ? 'es' : 'en' }), out);
      const pdf = readFileSync(out);
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      const pages = pdf.toString('latin1').match(/\/Type\s*\/Page(?![s\w])/g) ?? [];
      expect(pages.length).toBeGreaterThanOrEqual(1);
    }
  });
});
