/**
 * Parsed-YAML caches: parsing the profile and knowledge YAML costs more at start than everything else, so
 * `generate/knowledge-cache.ts` stores them parsed, as JSON, with the SHA-256 of the texts they came from. A loader
 * uses a cache only while that hash still matches the files on disk; otherwise it parses the YAML (slower, never wrong).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** SHA-256 over file names and texts, in the order given. */
export function hashTexts(texts: Iterable<readonly [string, string]>): string {
  const h = createHash('sha256');
  for (const [name, text] of texts) h.update(`${name}\0${text}\0`);
  return h.digest('hex');
}

/** The parsed files of a cache whose hash matches `texts`, or null (no cache, unreadable, or out of date). */
export function readCache(path: string, texts: Iterable<readonly [string, string]>): Map<string, unknown> | null {
  let cache: { hash?: unknown; files?: unknown };
  try {
    cache = JSON.parse(readFileSync(path, 'utf8')) as typeof cache;
  } catch {
    return null; // no cache: the YAML is the source anyway
  }
  if (cache.hash !== hashTexts(texts) || !cache.files || typeof cache.files !== 'object') return null;
  return new Map(Object.entries(cache.files));
}

/** The text of a cache for `parsed` (file → value) made from `texts`. */
export function renderCache(texts: Iterable<readonly [string, string]>, parsed: ReadonlyMap<string, unknown>): string {
  return `${JSON.stringify({ hash: hashTexts(texts), files: Object.fromEntries(parsed) })}\n`;
}

/** Reads each file of `files` under `dir` as text; null when one cannot be read (then the caller reads them one by one). */
export function readTextsOrNull(dir: string, files: readonly string[]): Map<string, string> | null {
  try {
    return new Map(files.map((f) => [f, readFileSync(join(dir, f), 'utf8')] as const));
  } catch {
    return null;
  }
}
