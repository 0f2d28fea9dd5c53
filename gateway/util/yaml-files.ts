/** Lists the YAML data files of a knowledge folder (device profiles, rules), for their loaders. */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

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
  // `rel`: the folder relative to `dir`, built along the walk (path.relative per file costs milliseconds cold).
  const walk = (d: string, rel: string, depth: number): void => {
    let entries;
    try {
      entries = readdirSync(d, { withFileTypes: true });
    } catch (err) {
      onProblem(rel || '.', `cannot read folder: ${(err as Error).message}`);
      return;
    }
    for (const e of entries) {
      const name = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) {
        if (depth === 0 && opts.skipTopFolders?.has(e.name)) continue;
        walk(join(d, e.name), name, depth + 1);
      } else if (depth >= minDepth && /\.ya?ml$/.test(e.name)) out.push(name);
    }
  };
  walk(dir, '', 0);
  return out.sort();
}
