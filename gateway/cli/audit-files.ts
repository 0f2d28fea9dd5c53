/** File helpers shared by the export, import, report and diff commands: audit arguments, passphrases, output. */
import { randomBytes } from 'node:crypto';
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { AuditExport } from '../contract.ts';
import { AuditImportError } from '../audit/import-error.ts';
import { readAuditBytes } from '../audit/load-audit.ts';
import { DEFAULT_DATA_DIR, resolveAuditArg } from '../audit/resolve-audit.ts';
import { toExport, type AuditRecord } from '../audit/record.ts';
import { UserError } from './errors.ts';

function readFileOrFail(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UserError(`${path}: ${code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'is a folder' : (err as Error).message}`);
  }
}

/** The passphrase in a file: its first line (a final newline is not part of it). */
export function readPassphraseFile(path: string): string {
  const text = readFileOrFail(path).toString('utf8');
  const pass = text.split(/\r?\n/)[0] ?? '';
  if (!pass) throw new UserError(`${path}: the passphrase file is empty`);
  return pass;
}

/**
 * Loads the audit an AUDIT argument names (with its stored record, texts in every language, when it is one kept by
 * `homesweep start`); bad input becomes a one-line UserError naming the file.
 */
export async function loadAuditArg(
  arg: string,
  passphrase?: string,
  dataDir?: string,
): Promise<{ doc: AuditExport; path: string; encrypted: boolean; record?: AuditRecord }> {
  const found = resolveAuditArg(arg, { dataDir });
  if (!found) throw new UserError(`${arg}: no such audit file, nor an audit with that id in ${dataDir ?? DEFAULT_DATA_DIR}`);
  const bytes = readFileOrFail(found.path);
  if (found.kind === 'store') {
    // A stored audit is the service's record; its export document is built the same way the page exports it.
    let rec: AuditRecord;
    try {
      rec = JSON.parse(bytes.toString('utf8')) as AuditRecord;
    } catch (err) {
      throw new UserError(`${found.path}: not a readable audit (${(err as Error).message})`);
    }
    return { doc: toExport(rec), path: found.path, encrypted: false, record: rec };
  }
  try {
    const { doc, encrypted } = await readAuditBytes(bytes, { passphrase });
    return { doc, path: found.path, encrypted };
  } catch (err) {
    if (err instanceof AuditImportError) throw new UserError(`${arg}: ${lowerFirst(err.message)}`);
    throw err;
  }
}

/** Writes `data` to `path` through a temporary file in the same folder and a rename, so no half file remains. */
export function writeFileAtomic(path: string, data: Uint8Array | string): void {
  const tmp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    writeFileSync(tmp, data, { mode: 0o600 });
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    const code = (err as NodeJS.ErrnoException).code;
    throw new UserError(`${path}: cannot write (${code === 'ENOENT' ? 'no such folder' : code === 'EACCES' ? 'permission denied' : (err as Error).message})`);
  }
}

function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}
