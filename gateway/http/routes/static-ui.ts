/**
 * The built web page (ui/dist): files by path, and index.html for any other non-API path so the page can be
 * reloaded on any of its routes. Paths are resolved inside the folder only.
 */
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { Context } from 'hono';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

export function serveUi(uiDir: string) {
  const root = resolve(uiDir);
  return async (c: Context) => {
    const rel = normalize(decodeURIComponent(c.req.path)).replace(/^([/\\])+/, '');
    let file = join(root, rel);
    if (!file.startsWith(root + sep) && file !== root) return c.text('Not found', 404);
    let st = await stat(file).catch(() => null);
    if (!st?.isFile()) {
      // Asset-like paths that do not exist are 404s; page routes get the page.
      if (extname(rel) && extname(rel) !== '.html') return c.text('Not found', 404);
      file = join(root, 'index.html');
      st = await stat(file).catch(() => null);
      if (!st?.isFile()) return c.text('The web page is not built: run npm run build:ui', 503);
    }
    const body = await readFile(file);
    const type = TYPES[extname(file)] ?? 'application/octet-stream';
    // Hashed assets can be cached; the page itself always comes fresh.
    const cache = /\/assets\//.test(file) ? 'public, max-age=31536000, immutable' : 'no-cache';
    return c.body(body, 200, { 'Content-Type': type, 'Cache-Control': cache });
  };
}
