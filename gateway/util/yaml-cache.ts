/**
 * Reads the project's YAML knowledge files (device profiles, rules, checklists) through the parse cache that
 * `npm run build` writes to `.build/yaml-cache.json`: parsing YAML is most of the start-up cost (about 250 ms for the
 * profiles alone, JSON.parse of the same data about 1 ms). An entry is used only while its file has the size and
 * modification time it had when the cache was written; any other file, or an edited one, is parsed as YAML here.
 * Validation is unchanged: callers still check what they get against their schema.
 */
import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root; cache keys are paths relative to it. */
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** Where `bin/build.js` writes the cache. */
export const YAML_CACHE_FILE = fileURLToPath(new URL('../../.build/yaml-cache.json', import.meta.url));

/** One cached parse: the file's size and mtime when parsed, and the parsed value. */
export interface YamlCacheEntry {
  size: number;
  mtimeMs: number;
  data: unknown;
}

let entries: Record<string, YamlCacheEntry> | null = null;

function cache(): Record<string, YamlCacheEntry> {
  if (entries) return entries;
  try {
    const doc = JSON.parse(readFileSync(YAML_CACHE_FILE, 'utf8')) as { version?: number; files?: Record<string, YamlCacheEntry> };
    entries = doc.version === 1 && doc.files ? doc.files : {};
  } catch {
    entries = {}; // no build yet: every file is parsed
  }
  return entries;
}

/** The cache key of a file: its path relative to the repository root, `/`-separated. */
export function yamlCacheKey(path: string): string {
  return relative(ROOT, path).split(sep).join('/');
}

// The yaml package is loaded only when a file has to be parsed (it costs ~40 ms to import).
let yamlParse: ((text: string, opts: { prettyErrors: boolean }) => unknown) | null = null;

/** Parses YAML text as the loaders always have (pretty errors on). */
export function parseYamlText(text: string): unknown {
  yamlParse ??= (createRequire(import.meta.url)('yaml') as { parse: typeof yamlParse }).parse;
  return yamlParse!(text, { prettyErrors: true });
}

/** Reads and parses one YAML file, from the build's cache when the file is unchanged. Throws as `yaml` does. */
export function readYamlFile(path: string): unknown {
  const hit = cache()[yamlCacheKey(path)];
  if (hit) {
    const st = statSync(path);
    if (st.size === hit.size && st.mtimeMs === hit.mtimeMs) return hit.data;
  }
  return parseYamlText(readFileSync(path, 'utf8'));
}
