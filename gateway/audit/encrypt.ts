/**
 * Passphrase encryption of audit exports in the age format (age-encryption.org/v1, scrypt recipient), binary or
 * ASCII-armored, so a survivor can send an export that the helper opens with HomeSweep or with the `age` tool.
 */
import type { armor as Armor } from 'age-encryption';
import { AgeFailure, runAgeJob } from './age-off-thread.ts';
import { AuditImportError } from './import-error.ts';

/**
 * The most scrypt work an encrypted file may ask for: age's own default, 2^18 (about 5 s and 256 MB). A file
 * asking for more is refused before any scrypt runs (a hostile file could ask for 2^20: 16 s and 1.4 GB).
 */
export const MAX_SCRYPT_WORK_FACTOR = 18;

const BINARY_HEADER = 'age-encryption.org/v1\n';
const ARMOR_HEADER = '-----BEGIN AGE ENCRYPTED FILE-----';

export interface EncryptOptions {
  /** ASCII armor (PEM-like text) instead of binary. */
  armor?: boolean;
  /** log2 of the scrypt work factor; age's own default is 18. Lower only in tests. */
  workFactor?: number;
}

/** What kind of age file `bytes` is, by its header (armor may follow leading whitespace, as age allows). */
export function detectAgeFile(bytes: Uint8Array): 'binary' | 'armored' | null {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 256)).toString('latin1');
  if (head.startsWith(BINARY_HEADER)) return 'binary';
  if (head.trimStart().startsWith(ARMOR_HEADER)) return 'armored';
  return null;
}

/** True when `bytes` starts like an age file (binary or armored). */
export function isAgeFile(bytes: Uint8Array): boolean {
  return detectAgeFile(bytes) !== null;
}

/** The armor codec; the package (and its cryptography, ~17 MB resident) is loaded at the first use, not at start. */
async function armorCodec(): Promise<typeof Armor> {
  return (await import('age-encryption')).armor;
}

/** Encrypts `plain` with a passphrase; returns the age file (armored text as UTF-8 bytes when `armor`). */
export async function encryptWithPassphrase(plain: Uint8Array | string, passphrase: string, opts: EncryptOptions = {}): Promise<Uint8Array> {
  if (passphrase.length === 0) throw new Error('encryptWithPassphrase: the passphrase is empty');
  const data = typeof plain === 'string' ? new TextEncoder().encode(plain) : plain;
  const sealed = await runAgeJob({ op: 'encrypt', data, passphrase, ...(opts.workFactor !== undefined ? { workFactor: opts.workFactor } : {}) });
  return opts.armor ? new TextEncoder().encode((await armorCodec()).encode(sealed)) : sealed;
}

/**
 * Decrypts an age file made with a passphrase, off the main thread. Throws `AuditImportError`: `wrong-passphrase`
 * when the passphrase does not open it, `unknown-format` when it is not a passphrase-encrypted age file,
 * `too-costly` when it asks for more scrypt work than `MAX_SCRYPT_WORK_FACTOR`, `busy` when other files are being
 * opened, `malformed` when damaged.
 */
export async function decryptWithPassphrase(bytes: Uint8Array, passphrase: string): Promise<Uint8Array> {
  const kind = detectAgeFile(bytes);
  if (!kind) throw new AuditImportError('unknown-format', 'The file is not an age-encrypted file.');
  let sealed: Uint8Array;
  if (kind === 'armored') {
    const armor = await armorCodec();
    try {
      sealed = armor.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1'));
    } catch (err) {
      throw new AuditImportError('malformed', `The age file's text armor is damaged (${(err as Error).message}).`);
    }
  } else sealed = bytes;
  const stanza = scryptStanza(sealed);
  if (!stanza) {
    throw new AuditImportError('unknown-format', 'The age file is encrypted for a key, not with a passphrase, so HomeSweep cannot open it.');
  }
  const workFactor = Number(/^\S+ (\d{1,9})$/.exec(stanza)?.[1]);
  if (workFactor > MAX_SCRYPT_WORK_FACTOR) {
    throw new AuditImportError('too-costly', `The encrypted file's scrypt work factor is ${workFactor}, more than the ${MAX_SCRYPT_WORK_FACTOR} HomeSweep accepts (age's own default is 18).`);
  }
  try {
    return await runAgeJob({ op: 'decrypt', data: sealed, passphrase });
  } catch (err) {
    if (!(err instanceof AgeFailure)) throw err;
    const msg = err.message;
    if (/no identity matched/.test(msg)) throw new AuditImportError('wrong-passphrase', 'The passphrase does not open this encrypted file.');
    throw new AuditImportError('malformed', `The encrypted file is damaged or was changed (${msg}).`);
  }
}

/** The arguments of the header's `-> scrypt` stanza (salt and work factor) when the file was made with a passphrase. */
function scryptStanza(sealed: Uint8Array): string | null {
  const head = Buffer.from(sealed.buffer, sealed.byteOffset, Math.min(sealed.byteLength, 4096)).toString('latin1');
  const end = head.indexOf('\n---');
  return /\n-> scrypt ([^\n]*)/.exec(end < 0 ? head : head.slice(0, end))?.[1] ?? null;
}
