/**
 * Raw capture uploads hold household traffic and live only while they are analysed. One cut short by a crash or
 * a `kill -9` is removed at the next start, as the store removes its left-over `.tmp` files.
 */
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';

/** Removes every `*.upload` file in `dir` (absent folder: nothing to do); returns how many went. */
export async function removeLeftoverUploads(dir: string): Promise<number> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw err;
  }
  const leftovers = names.filter((n) => n.endsWith('.upload'));
  for (const n of leftovers) await rm(join(dir, n), { force: true });
  return leftovers.length;
}
