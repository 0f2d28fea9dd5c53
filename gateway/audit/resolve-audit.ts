/**
 * What an AUDIT argument of the CLI names. For now only a file path (an audit JSON or age file); the service
 * extends this to audit ids in the store under `dataDir`.
 */
import { statSync } from 'node:fs';
import { resolve } from 'node:path';

export interface ResolvedAudit {
  kind: 'file';
  path: string;
}

/** A path that names an existing file resolves to it; anything else resolves to null. */
export function resolveAuditArg(arg: string, _opts: { dataDir?: string } = {}): ResolvedAudit | null {
  if (!arg) return null;
  const st = statSync(arg, { throwIfNoEntry: false });
  return st?.isFile() ? { kind: 'file', path: resolve(arg) } : null;
}
