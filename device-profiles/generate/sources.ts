/**
 * `generated/SOURCES.md` holds one section per generator, each between `<!-- begin NAME -->` and `<!-- end NAME -->`
 * marks, so each generator rewrites its own section and leaves the others as they are.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const SOURCES_FILE = join(fileURLToPath(new URL('.', import.meta.url)), '..', 'generated', 'SOURCES.md');
const TITLE = '# Sources of the generated data\n';

/** The file's text with `name`'s section replaced (or added at the end). */
export function withSection(current: string, name: string, body: string): string {
  const begin = `<!-- begin ${name} -->`;
  const end = `<!-- end ${name} -->`;
  const section = `${begin}\n${body.trim()}\n${end}`;
  const text = current.startsWith('# ') ? current : TITLE;
  const from = text.indexOf(begin);
  const to = text.indexOf(end);
  if (from >= 0 && to > from) return `${text.slice(0, from)}${section}${text.slice(to + end.length)}`;
  return `${text.trimEnd()}\n\n${section}\n`;
}

export function writeSourcesSection(name: string, body: string, file = SOURCES_FILE): void {
  writeFileSync(file, withSection(existsSync(file) ? readFileSync(file, 'utf8') : TITLE, name, body));
}
