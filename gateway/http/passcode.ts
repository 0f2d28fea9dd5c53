/** Passcode hashing with scrypt (node:crypto), compared in constant time. */
import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import type { PasscodeHash } from '../store/store.ts';

function scrypt(pass: string, salt: Buffer, len: number, opts: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => scryptCb(pass, salt, len, opts, (err, key) => (err ? reject(err) : resolve(key))));
}

/** Cost parameters: N=2^15 takes about 0.1 s and 32 MB, plenty against guessing with the backoff in front. */
const PARAMS = { N: 1 << 15, r: 8, p: 1 };

export async function hashPasscode(passcode: string): Promise<PasscodeHash> {
  const salt = randomBytes(16);
  const key = await scrypt(passcode.normalize('NFC'), salt, 32, { ...PARAMS, maxmem: 64 * 1024 * 1024 });
  return { algorithm: 'scrypt', salt: salt.toString('base64'), hash: key.toString('base64'), ...PARAMS };
}

export async function verifyPasscode(passcode: string, stored: PasscodeHash): Promise<boolean> {
  const want = Buffer.from(stored.hash, 'base64');
  const key = await scrypt(passcode.normalize('NFC'), Buffer.from(stored.salt, 'base64'), want.length, {
    N: stored.N, r: stored.r, p: stored.p, maxmem: 64 * 1024 * 1024,
  });
  return key.length === want.length && timingSafeEqual(key, want);
}
