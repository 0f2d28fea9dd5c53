/**
 * Reads the project's YAML knowledge files (device profiles, rules, checklists) through the parse cache that
 * `npm run build` writes to `.build/yaml-cache.json`: parsing YAML is most of the start-up cost (about 250 ms for the
 * profiles alone, JSON.parse of the same data about 1 ms). An entry is used only while its file has the size and
 * modification time it had when the cache was written; any other file, or an edited one, is parsed as YAML here.
 * Validation is unchanged: callers still check what they get against their schema, except through
 * `checkKnowledgeFile`: the build also stores what the schema returned for each built-in knowledge file (in
 * `.build/knowledge-checked.json`, apart from the parsed YAML, so a command whose knowledge was all checked reads only
 * that half: 0.46 of the 0.9 MB), and the compiled build (only ever run while it is newer than every source, schemas
 * included) uses that instead of running the schema again. Sources run through tsx or the tests always validate.
 */
import { readFileSync, statSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { createRequire } from 'node:module';
import { relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { z } from 'zod';

/** The repository root; cache keys are paths relative to it. */
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** Where `bin/build.js` writes the cache: the parsed YAML, and what the schemas returned. */
export const YAML_CACHE_FILE = fileURLToPath(new URL('../../.build/yaml-cache.json', import.meta.url));
export const CHECKED_CACHE_FILE = fileURLToPath(new URL('../../.build/knowledge-checked.json', import.meta.url));

/**
 * One cached file: its size and mtime when read, the parsed YAML (`data`, YAML files only) and, by kind of check
 * (e.g. "profile", "rule"), what that schema returned for it (`checked`).
 */
export interface YamlCacheEntry {
  size: number;
  mtimeMs: number;
  data?: unknown;
  checked?: Record<string, unknown>;
}

/** Version of the cache files' layout; another version is ignored. */
export const YAML_CACHE_VERSION = 3;

let entries: Record<string, YamlCacheEntry> | null = null;
let checkedEntries: Record<string, YamlCacheEntry> | null = null;

function readCacheFile(file: string): Record<string, YamlCacheEntry> {
  try {
    const doc = JSON.parse(readFileSync(file, 'utf8')) as { version?: number; files?: Record<string, YamlCacheEntry> };
    return doc.version === YAML_CACHE_VERSION && doc.files ? doc.files : {};
  } catch {
    return {}; // no build yet: every file is parsed (and validated)
  }
}

/** The parsed YAML by cache key (`data`). */
function cache(): Record<string, YamlCacheEntry> {
  return (entries ??= readCacheFile(YAML_CACHE_FILE));
}

/** What the schemas returned by cache key (`checked`). */
function checkedCache(): Record<string, YamlCacheEntry> {
  return (checkedEntries ??= readCacheFile(CHECKED_CACHE_FILE));
}

/** The cache key of a file: its path relative to the repository root, `/`-separated. */
export function yamlCacheKey(path: string): string {
  // A path under the root (as the loaders join them) is keyed by slicing: path.relative costs ~30 µs a call cold,
  // several milliseconds over the ~170 knowledge files. Any other path (or an unnormalised one, which then misses the
  // cache and is read as if there were none) goes through path.relative.
  if (sep === '/' && path.startsWith(ROOT)) return path.slice(ROOT.length);
  return relative(ROOT, path).split(sep).join('/');
}

// The yaml package is loaded only when a file has to be parsed (it costs ~40 ms to import).
let yamlParse: ((text: string, opts: { prettyErrors: boolean }) => unknown) | null = null;

/** Parses YAML text as the loaders always have (pretty errors on). */
export function parseYamlText(text: string): unknown {
  yamlParse ??= (createRequire(import.meta.url)('yaml') as { parse: typeof yamlParse }).parse;
  return yamlParse!(text, { prettyErrors: true });
}

function unchanged(path: string, hit: YamlCacheEntry): boolean {
  const st = statSync(path, { throwIfNoEntry: false });
  return st !== undefined && st.size === hit.size && st.mtimeMs === hit.mtimeMs;
}

/**
 * Reads and parses one YAML file, from the build's cache when the file is unchanged. Throws as `yaml` does. A `.json`
 * knowledge file (JSON is YAML too; e.g. generated data) is parsed with JSON.parse, without loading the YAML parser.
 */
export function readYamlFile(path: string): unknown {
  const hit = cache()[yamlCacheKey(path)];
  if (hit && hit.data !== undefined && unchanged(path, hit)) return hit.data;
  const text = readFileSync(path, 'utf8');
  return path.endsWith('.json') ? JSON.parse(text) : parseYamlText(text);
}

/** What a check gives: the value to use, or zod's issues. */
export type KnowledgeCheck<T> = { success: true; data: T } | { success: false; error: z.ZodError };

/** The part of a zod schema `checkKnowledgeFile` uses. */
export interface KnowledgeSchema<T> {
  safeParse(raw: unknown): KnowledgeCheck<T>;
}

/**
 * Only the compiled build uses the checked results: bin/homesweep.js runs it only while no source (a schema
 * included) is newer than the build that checked them. The TypeScript sources, run by tsx or the tests, validate.
 */
const COMPILED = import.meta.url.endsWith('.js');

/** While the build records (`recordCheckedKnowledge`), the entries of every file checked successfully. */
let recording: Record<string, YamlCacheEntry> | null = null;

/**
 * Validates one built-in knowledge file (`read` reads and parses it; it may throw) with `schema`. `kind` names the
 * check (one file could be read by two schemas). The compiled build takes the result the build stored while the file
 * has the size and mtime it had then; otherwise the file is read and validated here.
 */
export function checkKnowledgeFile<T>(path: string, kind: string, read: () => unknown, schema: KnowledgeSchema<T>, useChecked = COMPILED): KnowledgeCheck<T> {
  const key = yamlCacheKey(path);
  if (useChecked && !recording) {
    const hit = checkedCache()[key];
    if (hit?.checked && Object.hasOwn(hit.checked, kind) && unchanged(path, hit)) return { success: true, data: hit.checked[kind] as T };
  }
  const st = recording ? statSync(path) : undefined;
  const result = schema.safeParse(read());
  // Kept only when JSON gives back exactly what the schema returned (no Map, RegExp, undefined field or the like).
  if (st && result.success && isDeepStrictEqual(JSON.parse(JSON.stringify(result.data)), result.data)) {
    const entry = (recording![key] ??= { size: st.size, mtimeMs: st.mtimeMs, checked: {} });
    entry.checked![kind] = result.data;
  }
  return result;
}

/**
 * For the build: runs `load` (which loads the built-in knowledge) with every schema actually run, and returns the
 * checked results by cache key, to be merged into the cache file.
 */
export function recordCheckedKnowledge(load: () => void): Record<string, YamlCacheEntry> {
  recording = {};
  try {
    load();
    return recording;
  } finally {
    recording = null;
  }
}

/**
 * Forgets the caches read from disk, so the next read loads them again; or, for tests, uses `files` (parsed YAML and
 * checked results alike) instead.
 */
export function resetYamlCache(files?: Record<string, YamlCacheEntry>): void {
  entries = files ?? null;
  checkedEntries = files ?? null;
}
