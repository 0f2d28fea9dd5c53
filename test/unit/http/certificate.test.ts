/** The kept TLS certificate (real openssl): made once, reused, made again when damaged or close to expiry. */
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensureCertificate } from '../../../gateway/http/certificate.ts';

describe('ensureCertificate', () => {
  it('makes one for the names and addresses given, then reuses it', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'hs-cert-')), 'tls');
    const first = await ensureCertificate(dir, { names: ['localhost', '127.0.0.1', 'kitchen-pc', '::1'] });
    expect(first.created).toBe(true);
    const x = new X509Certificate(first.cert);
    expect(x.subjectAltName).toBe('DNS:localhost, IP Address:127.0.0.1, DNS:kitchen-pc, IP Address:0:0:0:0:0:0:0:1');
    expect(x.subject).toBe('CN=Home notes');
    expect(x.checkPrivateKey((await import('node:crypto')).createPrivateKey(first.key))).toBe(true);
    expect(statSync(join(dir, 'key.pem')).mode & 0o777).toBe(0o600);
    expect(statSync(dir).mode & 0o077).toBe(0);
    const again = await ensureCertificate(dir, { names: ['localhost', 'another-name'] });
    expect(again).toMatchObject({ created: false, fingerprint: first.fingerprint });
  });

  it('makes a new one when the kept one is damaged or within 30 days of expiry', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'hs-cert-')), 'tls');
    const first = await ensureCertificate(dir, { names: ['localhost'] });
    const expires = Date.parse(new X509Certificate(first.cert).validTo);
    const late = await ensureCertificate(dir, { names: ['localhost'], now: expires - 10 * 86_400_000 });
    expect(late.created).toBe(true);
    expect(late.fingerprint).not.toBe(first.fingerprint);
    writeFileSync(join(dir, 'cert.pem'), '-----BEGIN CERTIFICATE-----\nbroken\n-----END CERTIFICATE-----\n');
    const mended = await ensureCertificate(dir, { names: ['localhost'] });
    expect(mended.created).toBe(true);
    expect(new X509Certificate(mended.cert).fingerprint256).toBe(mended.fingerprint);
  });
});
