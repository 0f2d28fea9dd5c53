/** Builds the capture source `--capture-from` names (SSH or FRITZ!Box) from what the owner gave. */
import { join } from 'node:path';
import { CaptureSourceError } from '../tcpdump-source.ts';
import { parseCaptureFrom, type CaptureFromOptions, type CaptureSource } from './capture-from.ts';
import { createFritzboxSource } from './fritzbox-source.ts';
import { createSshSource } from './ssh-source.ts';

/** HomeSweep's own known_hosts file: host keys the owner confirmed, kept in the data folder. */
export function ownKnownHosts(dataDir: string): string {
  return join(dataDir, 'known_hosts');
}

/** Throws CaptureSourceError BAD_ARGUMENT when the URL or an option does not fit the router kind. */
export function createCaptureFromSource(o: CaptureFromOptions, env: { dataDir: string; log(m: string): void }): CaptureSource {
  const target = parseCaptureFrom(o.url);
  if (target.kind === 'ssh') {
    if (o.password !== undefined && o.sshKey) throw new CaptureSourceError('BAD_ARGUMENT', `${o.url}: give a key file or a password, not both`);
    return createSshSource({
      target,
      ...(o.sshKey ? { keyFile: o.sshKey } : {}),
      ...(o.password !== undefined ? { password: o.password } : {}),
      ...(o.remoteInterface ? { remoteInterface: o.remoteInterface } : {}),
      ...(o.knownHosts ? { knownHosts: [o.knownHosts] } : {}),
      ownKnownHosts: ownKnownHosts(env.dataDir),
      ...(o.acceptHostKey ? { acceptHostKey: o.acceptHostKey } : {}),
      log: env.log,
    });
  }
  if (o.password === undefined) throw new CaptureSourceError('BAD_ARGUMENT', `${o.url}: the FRITZ!Box needs its password (--password-file FILE, or typed when asked)`);
  if (o.sshKey || o.acceptHostKey) throw new CaptureSourceError('BAD_ARGUMENT', `${o.url}: --ssh-key and --accept-host-key are for ssh:// routers`);
  return createFritzboxSource({ target, password: o.password, ...(o.remoteInterface ? { iface: o.remoteInterface } : {}), log: env.log });
}
