import { describe, expect, it } from 'vitest';
import { AuditImportError } from '../../../gateway/audit/import-error.ts';
import { readAuditBytes, serializeAudit } from '../../../gateway/audit/load-audit.ts';
import { smallAudit } from './small-audit.ts';

async function code(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    if (err instanceof AuditImportError) return err.code;
    throw err;
  }
  return 'accepted';
}

describe('readAuditBytes / serializeAudit', () => {
  it('reads back a plain and an encrypted export', async () => {
    const doc = smallAudit();
    expect(await readAuditBytes(await serializeAudit(doc))).toEqual({ doc, encrypted: false });
    const sealed = await serializeAudit(doc, { passphrase: 'pw for test', workFactor: 10, armor: true });
    expect(await readAuditBytes(sealed, { passphrase: 'pw for test' })).toEqual({ doc, encrypted: true });
  });

  it('asks for a passphrase, refuses a wrong one, and checks the decrypted document too', async () => {
    const sealed = await serializeAudit(smallAudit(), { passphrase: 'pw', workFactor: 10 });
    expect(await code(readAuditBytes(sealed))).toBe('wrong-passphrase');
    expect(await code(readAuditBytes(sealed, { passphrase: 'nope' }))).toBe('wrong-passphrase');
    const { encryptWithPassphrase } = await import('../../../gateway/audit/encrypt.ts');
    const notAudit = await encryptWithPassphrase('{"format":"x"}', 'pw', { workFactor: 10 });
    expect(await code(readAuditBytes(notAudit, { passphrase: 'pw' }))).toBe('unknown-format');
  });
});
