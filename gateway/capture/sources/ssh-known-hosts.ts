/**
 * Host keys for the SSH capture source: the SHA256 fingerprint of a key as OpenSSH prints it, the fingerprint ssh
 * reports while connecting (`-v`: "Server host key: ssh-ed25519 SHA256:…"), and the known_hosts line HomeSweep
 * writes once the owner has confirmed a key. Pure apart from `acceptHostKey`, which runs ssh-keyscan once.
 */
import { createHash } from 'node:crypto';
import { execFile } from 'node:child_process';
import { appendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { promisify } from 'node:util';
import { CaptureSourceError } from '../tcpdump-source.ts';

const execFileP = promisify(execFile);

/** `SHA256:` + unpadded base64 of the SHA-256 of the key blob, as `ssh-keygen -l` prints it. */
export function keyFingerprint(base64Blob: string): string {
  return `SHA256:${createHash('sha256').update(Buffer.from(base64Blob, 'base64')).digest('base64').replace(/=+$/, '')}`;
}

/** The host key ssh was shown, from its `-v` output. */
export function serverHostKey(stderr: string): { type: string; fingerprint: string } | undefined {
  const m = /Server host key: (\S+) (SHA256:[A-Za-z0-9+/]+)/.exec(stderr);
  return m ? { type: m[1]!, fingerprint: m[2]! } : undefined;
}

/** The name a known_hosts line uses for host and port (`[host]:port` unless 22). */
export function knownHostsName(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

/** The key lines of ssh-keyscan's output whose fingerprint is `fingerprint`. */
export function matchingKeys(keyscan: string, fingerprint: string): { type: string; blob: string }[] {
  const out: { type: string; blob: string }[] = [];
  for (const line of keyscan.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const [, type, blob] = line.trim().split(/\s+/);
    if (type && blob && keyFingerprint(blob) === fingerprint) out.push({ type, blob });
  }
  return out;
}

/**
 * The owner confirmed `fingerprint` for the router: fetch its keys once (ssh-keyscan), keep the one with that
 * fingerprint in HomeSweep's own known_hosts file. Throws when the router now shows another key.
 */
export async function acceptHostKey(opts: { host: string; port: number; fingerprint: string; file: string; keyscanPath?: string }): Promise<void> {
  if (!/^SHA256:[A-Za-z0-9+/]{43}$/.test(opts.fingerprint)) {
    throw new CaptureSourceError('BAD_ARGUMENT', `--accept-host-key: "${opts.fingerprint}" is not a SHA256 key fingerprint (SHA256: and 43 characters)`);
  }
  let scanned: string;
  try {
    ({ stdout: scanned } = await execFileP(opts.keyscanPath ?? 'ssh-keyscan', ['-T', '10', '-p', String(opts.port), '--', opts.host], { encoding: 'utf8' }));
  } catch (err) {
    throw new CaptureSourceError('UNREACHABLE', `cannot read the SSH host key of ${opts.host}: ${(err as Error).message.split('\n')[0]}`);
  }
  const keys = matchingKeys(scanned, opts.fingerprint);
  if (!keys.length) {
    throw new CaptureSourceError('HOST_KEY_CHANGED', `${opts.host} does not show the host key ${opts.fingerprint} you confirmed; nothing was trusted`, opts.fingerprint);
  }
  await mkdir(dirname(opts.file), { recursive: true, mode: 0o700 });
  await appendFile(opts.file, keys.map((k) => `${knownHostsName(opts.host, opts.port)} ${k.type} ${k.blob}\n`).join(''), { mode: 0o600 });
}
