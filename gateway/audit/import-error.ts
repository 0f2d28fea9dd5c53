/** The typed error of reading an audit export: one code per reason, and one plain sentence for the user. */

/** Why an audit export was refused. */
export type AuditImportErrorCode =
  | 'too-large'
  | 'malformed'
  | 'unknown-format'
  | 'unknown-version'
  | 'digest-mismatch'
  | 'wrong-passphrase'
  | 'too-costly'
  | 'busy'
  | 'invalid';

/** Thrown by the export readers; `message` is one plain sentence that names the field or the problem. */
export class AuditImportError extends Error {
  readonly code: AuditImportErrorCode;
  constructor(code: AuditImportErrorCode, message: string) {
    super(message);
    this.name = 'AuditImportError';
    this.code = code;
  }
}
