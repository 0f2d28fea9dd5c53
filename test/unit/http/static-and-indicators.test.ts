/**
 * The web page's files (compression by what the browser accepts, caching, no favicon 404) and the page's
 * "download the stalkerware lists" route (one run at a time, failures as plain errors), through app.request().
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { indicatorRoutes } from '../../../gateway/http/routes/indicators.ts';
import { serveUi } from '../../../gateway/http/routes/static-ui.ts';
import { IndicatorUpdateError } from '../../../gateway/rules/indicators/update-indicators.ts';

function uiApp() {
  const dir = mkdtempSync(join(tmpdir(), 'hs-static-'));
  mkdirSync(join(dir, 'assets'));
  const script = `export const x = ${JSON.stringify('a'.repeat(5000))};\n`;
  writeFileSync(join(dir, 'assets', 'index-abc123.js'), script);
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Home notes</title>');
  const app = new Hono();
  app.get('*', serveUi(dir));
  return { app, script };
}

describe('serveUi', () => {
  it.each([
    ['br, gzip', 'br'],
    ['gzip, deflate', 'gzip'],
    ['gzip;q=0, br', 'br'],
    ['br;q=0, gzip', 'gzip'],
  ])('Accept-Encoding %s → %s, the same script once decoded, cached for good', async (accept, enc) => {
    const { app, script } = uiApp();
    const res = await app.request('/assets/index-abc123.js', { headers: { 'Accept-Encoding': accept } });
    expect(res.headers.get('Content-Encoding')).toBe(enc);
    expect(res.headers.get('Vary')).toBe('Accept-Encoding');
    expect(res.headers.get('Cache-Control')).toBe('public, max-age=31536000, immutable');
    const body = Buffer.from(await res.arrayBuffer());
    expect(body.length).toBeLessThan(script.length / 10);
    expect((enc === 'br' ? brotliDecompressSync(body) : gunzipSync(body)).toString()).toBe(script);
  });

  it('sends plain bytes to a browser that accepts no encoding, and the page itself as no-cache', async () => {
    const { app, script } = uiApp();
    const js = await app.request('/assets/index-abc123.js');
    expect(js.headers.get('Content-Encoding')).toBeNull();
    expect(await js.text()).toBe(script);
    const page = await app.request('/audits/x/devices', { headers: { 'Accept-Encoding': 'gzip' } });
    expect(page.headers.get('Cache-Control')).toBe('no-cache');
    expect(gunzipSync(Buffer.from(await page.arrayBuffer())).toString()).toContain('Home notes');
  });

  it('answers favicon.ico with no content instead of a 404', async () => {
    const res = await uiApp().app.request('/favicon.ico');
    expect(res.status).toBe(204);
  });
});

describe('indicatorRoutes', () => {
  it('runs one update at a time: a second request while it runs gets the same result', async () => {
    let runs = 0;
    let finish!: (v: { loaded: number }) => void;
    const app = indicatorRoutes({ updateIndicators: () => (runs++, new Promise((r) => (finish = r))) });
    const a = app.request('/indicators/update', { method: 'POST' });
    const b = app.request('/indicators/update', { method: 'POST' });
    await new Promise((r) => setTimeout(r, 10));
    finish({ loaded: 4321 });
    expect(await (await a).json()).toEqual({ loaded: 4321 });
    expect(await (await b).json()).toEqual({ loaded: 4321 });
    expect(runs).toBe(1);
  });

  it('a failed download is a 502 with its sentence and code; a fixed --indicators path is a 409', async () => {
    const failing = indicatorRoutes({
      updateIndicators: () => Promise.reject(new IndicatorUpdateError('download', 'https://example.invalid/ioc.yaml: ENOTFOUND')),
    });
    const res = await failing.request('/indicators/update', { method: 'POST' });
    expect(res.status).toBe(502);
    expect(await res.json()).toEqual({ error: 'https://example.invalid/ioc.yaml: ENOTFOUND', code: 'download' });
    const fixed = await indicatorRoutes({}).request('/indicators/update', { method: 'POST' });
    expect(fixed.status).toBe(409);
  });
});
