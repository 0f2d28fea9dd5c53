/**
 * Reading and writing audit export files: plain JSON or age-encrypted with a passphrase. Reading checks the size
 * before anything else, decrypts when the header says age, then validates everything (schema and digest).
 */
import type { AuditExport } from '../contract.ts';
import { decryptWithPassphrase, detectAgeFile, encryptWithPassphrase } from './encrypt.ts';
import { AuditImportError } from './import-error.ts';
import { MAX_AUDIT_BYTES, parseAuditDocument } from './schema.ts';

export interface ReadAuditOptions {
  /** Needed when the file is age-encrypted. */
  passphrase?: string;
}

/** The export file's bytes → a checked document. Throws `AuditImportError` with the reason. */
export async function readAuditBytes(bytes: Uint8Array, opts: ReadAuditOptions = {}): Promise<{ doc: AuditExport; encrypted: boolean }> {
  if (bytes.byteLength > MAX_AUDIT_BYTES) {
    throw new AuditImportError('too-large', `The file is ${Math.ceil(bytes.byteLength / 1024 / 1024)} MB, more than the ${MAX_AUDIT_BYTES / 1024 / 1024} MB an audit export may have.`);
  }
  if (!detectAgeFile(bytes)) return { doc: parseAuditDocument(bytes), encrypted: false };
  if (opts.passphrase === undefined || opts.passphrase === '') {
    throw new AuditImportError('wrong-passphrase', 'The file is encrypted, and no passphrase was given to open it.');
  }
  const plain = await decryptWithPassphrase(bytes, opts.passphrase);
  return { doc: parseAuditDocument(plain), encrypted: true };
}

export interface WriteAuditOptions {
  /** Encrypt with this passphrase (age format). */
  passphrase?: string;
  armor?: boolean;
  /** Only for tests: a cheaper scrypt work factor. */
  workFactor?: number;
}

/** A document → the bytes of its export file (pretty JSON, or age when a passphrase is given). */
export async function serializeAudit(doc: AuditExport, opts: WriteAuditOptions = {}): Promise<Uint8Array> {
  const json = new TextEncoder().encode(JSON.stringify(doc, null, 2) + '\n');
  if (!opts.passphrase) return json;
  return encryptWithPassphrase(json, opts.passphrase, { armor: opts.armor, workFactor: opts.workFactor });
}
