/** Lists the YAML data files of a knowledge folder (device profiles, rules), for their loaders. */
import { readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

export interface YamlFileOptions {
  /** Top-level folders that hold something else (e.g. `indicators` beside the rule families). */
  skipTopFolders?: ReadonlySet<string>;
  /** Only files at least this deep (1: inside a sub-folder, not at the top). */
  minDepth?: number;
}

/**
 * `*.yaml` / `*.yml` files below `dir`, as `/`-separated paths relative to it, sorted. A folder that cannot be
 * read is reported through `onProblem` and skipped.
 */
export function listYamlFiles(dir: string, onProblem: (file: string, reason: string) => void, opts: YamlFileOptions = {}): string[] {
  const out: string[] = [];
  const minDepth = opts.minDepth ?? 0;
  const walk = (d: string, depth: number): void => {
    let entries;
    try {
      entries = readdirSync(d, { withFileTypes: true });
    } catch (err) {
      onProblem(relative(dir, d) || '.', `cannot read folder: ${(err as Error).message}`);
      return;
    }
    for (const e of entries) {
      const full = join(d, e.name);
      if (e.isDirectory()) {
        if (depth === 0 && opts.skipTopFolders?.has(e.name)) continue;
        walk(full, depth + 1);
      } else if (depth >= minDepth && /\.ya?ml$/.test(e.name)) out.push(relative(dir, full).split(sep).join('/'));
    }
  };
  walk(dir, 0);
  return out.sort();
}
