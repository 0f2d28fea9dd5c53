/**
 * What an AUDIT argument of the CLI names: a file (an audit JSON or age file), else an audit id (or the start of
 * one, as the page shows it) in the gateway's data folder.
 */
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

export interface ResolvedAudit {
  kind: 'file' | 'store';
  path: string;
}

/** The default data folder of `homesweep start`. */
export const DEFAULT_DATA_DIR = './homesweep-data';

/** A path that names an existing file resolves to it; else a unique id or id prefix in `dataDir`; else null. */
export function resolveAuditArg(arg: string, opts: { dataDir?: string } = {}): ResolvedAudit | null {
  if (!arg) return null;
  const st = statSync(arg, { throwIfNoEntry: false });
  if (st?.isFile()) return { kind: 'file', path: resolve(arg) };
  if (!/^[A-Za-z0-9_-]{4,80}$/.test(arg)) return null;
  const dir = join(opts.dataDir ?? DEFAULT_DATA_DIR, 'audits');
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return null;
  }
  const hits = names.filter((n) => n.endsWith('.json') && !n.startsWith('.') && n.startsWith(arg));
  return hits.length === 1 ? { kind: 'store', path: resolve(dir, hits[0]!) } : null;
}
