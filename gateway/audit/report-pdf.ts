/**
 * The report as PDF through Chromium's own print (playwright-core driving the system Chromium). The page runs
 * offline: every request it would make is refused, so the PDF shows exactly the self-contained HTML.
 */
import { randomBytes } from 'node:crypto';
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { chromium } from 'playwright-core';

export interface PdfOptions {
  /** The Chromium to drive; Debian's by default. */
  executablePath?: string;
}

/** Prints `html` to a PDF file at `outPath` (A4, backgrounds kept), written through a temporary file. */
export async function renderReportPdf(html: string, outPath: string, opts: PdfOptions = {}): Promise<void> {
  // --no-sandbox: the gateway runs as root on a Pi or in CI, where Chromium refuses its sandbox.
  const browser = await chromium.launch({ executablePath: opts.executablePath ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
  try {
    const context = await browser.newContext({ offline: true, javaScriptEnabled: false });
    const page = await context.newPage();
    await page.route('**/*', (route) => route.abort());
    await page.setContent(html, { waitUntil: 'load' });
    const pdf = await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
    const tmp = join(dirname(outPath), `.${basename(outPath)}.${randomBytes(6).toString('hex')}.tmp`);
    try {
      writeFileSync(tmp, pdf, { mode: 0o600 });
      renameSync(tmp, outPath);
    } catch (err) {
      rmSync(tmp, { force: true });
      throw err;
    }
  } finally {
    await browser.close();
  }
}
