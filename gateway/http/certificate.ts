/**
 * The gateway's self-signed TLS certificate, kept in the data folder (`tls/`), made once with the openssl
 * command and reused while it is valid, so its fingerprint stays the one the owner noted.
 */
import { execFile } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { chmod, mkdir, mkdtemp, readFile, rename, rm } from 'node:fs/promises';
import { isIP } from 'node:net';
import { join } from 'node:path';

export interface Certificate {
  key: string;
  cert: string;
  /** SHA-256 of the certificate, as browsers show it (AB:CD:…). */
  fingerprint: string;
  /** True when it was made now (not found in the data folder). */
  created: boolean;
}

export class CertificateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CertificateError';
  }
}

const DAYS = 825;
/** Made again this long before it expires. */
const RENEW_MS = 30 * 86_400_000;

function run(cmd: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) =>
    execFile(cmd, args, { timeout: 60_000 }, (err, _out, stderr) => {
      if (!err) return resolve();
      const e = err as NodeJS.ErrnoException;
      if (e.code === 'ENOENT') return reject(new CertificateError('HTTPS needs the openssl command to make its certificate: install openssl, or start with --insecure-http'));
      reject(new CertificateError(`openssl could not make the certificate: ${String(stderr).trim().split('\n')[0] || e.message}`));
    }),
  );
}

/** The kept certificate, if it parses (and, given `now`, is not within 30 days of expiry). */
async function readValid(dir: string, now?: number): Promise<Omit<Certificate, 'created'> | undefined> {
  try {
    const [key, cert] = await Promise.all([readFile(join(dir, 'key.pem'), 'utf8'), readFile(join(dir, 'cert.pem'), 'utf8')]);
    const x = new X509Certificate(cert);
    if (now !== undefined && Date.parse(x.validTo) - RENEW_MS < now) return undefined;
    return { key, cert, fingerprint: x.fingerprint256 };
  } catch {
    // Missing, unreadable or damaged: a new one is made (a damaged one could not be served anyway).
    return undefined;
  }
}

/** The certificate in `dir` (made when missing, damaged or close to expiry) for these names and addresses. */
export async function ensureCertificate(dir: string, opts: { names: string[]; now?: number }): Promise<Certificate> {
  const now = opts.now ?? Date.now();
  const found = await readValid(dir, now);
  if (found) return { ...found, created: false };
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const tmp = await mkdtemp(join(dir, 'new-'));
  try {
    const alt = [...new Set(opts.names)].map((n) => (isIP(n) ? `IP:${n}` : `DNS:${n}`)).join(',');
    await run('openssl', [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-sha256',
      '-days', String(DAYS), '-subj', '/CN=Home notes', '-addext', `subjectAltName=${alt}`,
      '-keyout', join(tmp, 'key.pem'), '-out', join(tmp, 'cert.pem'),
    ]);
    await chmod(join(tmp, 'key.pem'), 0o600);
    await rename(join(tmp, 'key.pem'), join(dir, 'key.pem'));
    await rename(join(tmp, 'cert.pem'), join(dir, 'cert.pem'));
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
  const made = await readValid(dir);
  if (!made) throw new CertificateError(`${dir}: the new certificate cannot be read back`);
  return { ...made, created: true };
}
