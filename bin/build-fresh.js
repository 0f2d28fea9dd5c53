// Whether the compiled JavaScript written by `npm run build` (bin/build.js) may be used: the build stamp lists every
// TypeScript source the build compiled, and none may be newer than the stamp or gone. Plain JavaScript: it runs
// before anything is compiled. Costs one stat per source (about 250; a few milliseconds).
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** Written last by the build: `{ sources: [paths relative to ROOT] }`; its modification time is the build's. */
export const STAMP = join(ROOT, '.build', 'stamp.json');

/** True when the build exists and every source it compiled is unchanged since (`root`: another tree, for tests). */
export function buildIsFresh(root = ROOT) {
  try {
    const stamp = join(root, '.build', 'stamp.json');
    const built = statSync(stamp).mtimeMs;
    const { sources } = JSON.parse(readFileSync(stamp, 'utf8'));
    // Plain concatenation: path.join costs ~15 µs a call cold, a few milliseconds over every source.
    const base = root.endsWith('/') ? root : `${root}/`;
    return Array.isArray(sources) && sources.length > 0 && sources.every((s) => statSync(base + s).mtimeMs <= built);
  } catch {
    return false;
  }
}
