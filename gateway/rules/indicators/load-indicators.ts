/** Thin file adapter over the parsers: reads indicator files and folders from disk. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { detectIndicatorFormat, parseIndicatorText } from './parse-indicator-text.ts';
import { IndicatorFileError, type IndicatorLoadResult } from './types.ts';

// Bigger than any real list (Echap's STIX bundle is a few MiB) but small enough to refuse a wrong file quickly.
const MAX_FILE_BYTES = 64 * 1024 * 1024;

/** Reads and parses one indicator file. Throws IndicatorFileError naming the file. */
export function loadIndicatorFile(path: string): IndicatorLoadResult {
  const name = basename(path);
  let text: string;
  try {
    const st = statSync(path);
    if (!st.isFile()) throw new IndicatorFileError(name, 'unreadable', 'not a file');
    if (st.size > MAX_FILE_BYTES) throw new IndicatorFileError(name, 'unreadable', `larger than ${MAX_FILE_BYTES / 1024 / 1024} MiB`);
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if (err instanceof IndicatorFileError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    throw new IndicatorFileError(name, 'unreadable', code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : (err as Error).message);
  }
  return parseIndicatorText(text, name);
}

/** What a folder held: the files that loaded, and the ones that did not (each skipped, with its reason). */
export interface IndicatorDirResult {
  results: IndicatorLoadResult[];
  errors: IndicatorFileError[];
}

/**
 * Loads every indicator file in a folder and in its `generated/` subfolder (Echap's layout). Files of unknown
 * type (README.md, LICENSE.txt aside from host lists…) are ignored; a bad file is reported and skipped.
 */
export function loadIndicatorDir(dir: string): IndicatorDirResult {
  const out: IndicatorDirResult = { results: [], errors: [] };
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new IndicatorFileError(dir, 'unreadable', code === 'ENOENT' ? 'no such folder' : (err as Error).message);
  }
  const paths = names.map((n) => join(dir, n));
  if (names.includes('generated')) {
    try {
      paths.push(...readdirSync(join(dir, 'generated')).map((n) => join(dir, 'generated', n)));
    } catch {
      // `generated` is a file, not a folder: nothing to add.
    }
  }
  for (const p of paths.sort()) {
    const name = basename(p);
    // Temporary files of an interrupted update (see update-indicators.ts) are never read.
    if (name.startsWith('.') || !detectIndicatorFormat(name, '') || name.toLowerCase() === 'license.txt') continue;
    try {
      out.results.push(loadIndicatorFile(p));
    } catch (err) {
      if (!(err instanceof IndicatorFileError)) throw err;
      out.errors.push(err);
    }
  }
  return out;
}
