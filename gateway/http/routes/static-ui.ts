/**
 * The built web page (ui/dist): files by path, and index.html for any other non-API path so the page can be
 * reloaded on any of its routes. Paths are resolved inside the folder only. Text files go out compressed (brotli
 * or gzip, as the browser accepts; compressed once per file and kept), hashed assets cached for good, the page
 * itself revalidated every time.
 */
import { readFile, stat } from 'node:fs/promises';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
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

const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.json', '.svg', '.txt']);

/** Compressed copies by file, made on first request and kept while the file is unchanged. */
type Packed = { mtimeMs: number; br: Buffer; gzip: Buffer };

/** Picks the encoding the browser accepts (brotli first), or none. */
function pickEncoding(accept: string | undefined): 'br' | 'gzip' | undefined {
  const listed = (accept ?? '').split(',').map((p) => p.trim().split(';'));
  const ok = (name: string) => listed.some(([n, ...params]) => n === name && !params.some((q) => /^\s*q=0(?:\.0*)?\s*$/.test(q)));
  return ok('br') ? 'br' : ok('gzip') ? 'gzip' : undefined;
}

export function serveUi(uiDir: string) {
  const root = resolve(uiDir);
  const packed = new Map<string, Packed>();
  return async (c: Context) => {
    // No icon, on purpose (a neutral tab); answering "nothing" spares the page a 404 on every load.
    if (c.req.path === '/favicon.ico') return c.body(null, 204, { 'Cache-Control': 'public, max-age=86400' });
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
    const headers: Record<string, string> = { 'Content-Type': type, 'Cache-Control': cache };
    if (!COMPRESSIBLE.has(extname(file))) return c.body(body, 200, headers);
    headers['Vary'] = 'Accept-Encoding';
    const encoding = pickEncoding(c.req.header('Accept-Encoding'));
    if (!encoding) return c.body(body, 200, headers);
    let p = packed.get(file);
    if (!p || p.mtimeMs !== st.mtimeMs) {
      p = { mtimeMs: st.mtimeMs, br: brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 10 } }), gzip: gzipSync(body, { level: 9 }) };
      packed.set(file, p);
    }
    return c.body(new Uint8Array(p[encoding]), 200, { ...headers, 'Content-Encoding': encoding });
  };
}
