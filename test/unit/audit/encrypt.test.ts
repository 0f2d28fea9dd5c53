import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { armor, Encrypter, generateIdentity, identityToRecipient } from 'age-encryption';
import { decryptWithPassphrase, detectAgeFile, encryptWithPassphrase } from '../../../gateway/audit/encrypt.ts';
import { AuditImportError } from '../../../gateway/audit/import-error.ts';

// A low scrypt work factor keeps the tests quick; the format is the same as with age's default of 18.
const FAST = { workFactor: 10 };
const WORK_FACTOR_19 = new URL('../../fixtures/age/work-factor-19.age', import.meta.url);

async function refusal(p: Promise<unknown>): Promise<AuditImportError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof AuditImportError) return err;
    throw err;
  }
  throw new Error('accepted');
}

describe('age passphrase encryption', () => {
  it.each([false, true])('round-trips (armor %s) and is detected by its header', async (armor) => {
    const sealed = await encryptWithPassphrase('{"a":1}', 'correct horse battery', { ...FAST, armor });
    expect(detectAgeFile(sealed)).toBe(armor ? 'armored' : 'binary');
    expect(Buffer.from(sealed).toString('latin1')).not.toContain('"a"');
    expect(Buffer.from(await decryptWithPassphrase(sealed, 'correct horse battery')).toString()).toBe('{"a":1}');
  });

  it('finds armor after leading white space, and nothing in JSON', () => {
    expect(detectAgeFile(new TextEncoder().encode('\n  -----BEGIN AGE ENCRYPTED FILE-----\n'))).toBe('armored');
    expect(detectAgeFile(new TextEncoder().encode('{"format":"homesweep.audit"}'))).toBeNull();
  });

  it('refuses a wrong passphrase', async () => {
    const sealed = await encryptWithPassphrase('secret', 'right one', FAST);
    expect((await refusal(decryptWithPassphrase(sealed, 'wrong one'))).code).toBe('wrong-passphrase');
  });

  it('refuses a damaged file', async () => {
    const sealed = await encryptWithPassphrase('x'.repeat(1000), 'pass', FAST);
    sealed[sealed.length - 10]! ^= 0xff;
    const err = await refusal(decryptWithPassphrase(sealed, 'pass'));
    expect(err.code).toBe('malformed');
  });

  it('says so when the file is encrypted for a key, not a passphrase', async () => {
    const e = new Encrypter();
    e.addRecipient(await identityToRecipient(await generateIdentity()));
    const sealed = await e.encrypt('hello');
    const err = await refusal(decryptWithPassphrase(sealed, 'pass'));
    expect(err.code).toBe('unknown-format');
    expect(err.message).toMatch(/key, not with a passphrase/);
  });

  it('refuses a file that asks for more scrypt work than age\'s default, before running scrypt', async () => {
    // Made by age-encryption with work factor 19 (512 MB of scrypt memory); its passphrase is "orange piano 7".
    const sealed = new Uint8Array(readFileSync(WORK_FACTOR_19));
    const err = await refusal(decryptWithPassphrase(sealed, 'orange piano 7'));
    expect(err.code).toBe('too-costly');
    expect(err.message).toBe("The encrypted file's scrypt work factor is 19, more than the 18 HomeSweep accepts (age's own default is 18).");
    const armored = new TextEncoder().encode(armor.encode(sealed));
    expect((await refusal(decryptWithPassphrase(armored, 'orange piano 7'))).code).toBe('too-costly');
  });

  it('opens at most two files at once; a third is told to try again in a moment', async () => {
    const sealed = await encryptWithPassphrase('{"a":1}', 'pass', { workFactor: 14 });
    const all = await Promise.allSettled([1, 2, 3].map(() => decryptWithPassphrase(sealed, 'pass')));
    expect(all.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected']);
    expect(((all[2] as PromiseRejectedResult).reason as AuditImportError).code).toBe('busy');
    // Once they are done, the next one opens.
    expect(Buffer.from(await decryptWithPassphrase(sealed, 'pass')).toString()).toBe('{"a":1}');
  });
});
