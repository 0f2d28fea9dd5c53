/**
 * For the router-capture lab tests: a "laptop" namespace plugged into the home bridge beside the router (so it sees
 * what a laptop on a switched LAN sees), and a real OpenSSH server in the router namespace (hl-gw) with its own host
 * key, configuration and authorised client key in a scratch folder, listening only on the lab address. labDown()
 * removes the laptop namespaces and kills sshd with the rest; `stop()` ends sshd earlier by its pid.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { LAB } from './lab-plan.ts';
import { ip, ipBatch, namespacePids, nsExec } from './netns.ts';

const execFileP = promisify(execFile);

/** Adds namespace `ns` on the home bridge at `addr` (10.77.0.x) with MAC `mac`, default route via the router. */
export async function addLaptop(ns: string, addr: string, mac: string, port: string): Promise<void> {
  await ip(['netns', 'add', ns]);
  await nsExec(ns, ['sysctl', '-qw', 'net.ipv6.conf.all.disable_ipv6=1', 'net.ipv6.conf.default.disable_ipv6=1']);
  await ip(['-n', LAB.bridgeNs, 'link', 'add', port, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', ns]);
  await ip(['-n', LAB.bridgeNs, 'link', 'set', port, 'master', 'br0', 'up']);
  await ipBatch(ns, ['link set lo up', `link set eth0 address ${mac}`, `addr add ${addr}/24 dev eth0`, 'link set eth0 up', `route add default via ${LAB.gatewayLanIp}`, 'route add 224.0.0.0/4 dev eth0']);
}

/** A running sshd in hl-gw and the files a client needs. */
export interface LabSshd {
  port: number;
  /** The client key sshd accepts for root. */
  clientKey: string;
  /** A key sshd does not accept. */
  strangerKey: string;
  /** The SHA256 fingerprint of sshd's host key. */
  fingerprint: string;
  /** A known_hosts line with another key for the same address (a "changed" host key). */
  wrongKnownHosts: string;
  /** sshd's log so far. */
  log(): string;
  stop(): Promise<void>;
}

async function keygen(file: string): Promise<void> {
  await execFileP('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'homesweep-lab', '-f', file]);
}

/**
 * Starts `sshd -D -e` in hl-gw (or `ns`) on the router's LAN address (or `address`) and `port`. With `pathDir`, the sessions' PATH is only that folder (for a router
 * without tcpdump: the folder holds sh, cat and ip but no tcpdump).
 */
export async function startLabSshd(dir: string, port: number, opts: { pathDir?: string; ns?: string; address?: string; rootPassword?: string } = {}): Promise<LabSshd> {
  const address = opts.address ?? LAB.gatewayLanIp;
  mkdirSync(dir, { recursive: true });
  // sshd's privilege separation needs this empty root-owned folder (Debian creates it from its service unit).
  mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  const host = join(dir, 'host_ed25519');
  const client = join(dir, 'client_ed25519');
  const stranger = join(dir, 'stranger_ed25519');
  const other = join(dir, 'other_host_ed25519');
  for (const f of [host, client, stranger, other]) await keygen(f);
  writeFileSync(join(dir, 'authorized_keys'), readFileSync(`${client}.pub`));
  const config = join(dir, 'sshd_config');
  writeFileSync(
    config,
    [
      `ListenAddress ${address}:${port}`,
      `HostKey ${host}`,
      `PidFile ${join(dir, 'sshd.pid')}`,
      `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
      `PermitRootLogin ${opts.rootPassword ? 'yes' : 'prohibit-password'}`,
      `PasswordAuthentication ${opts.rootPassword ? 'yes' : 'no'}`,
      'KbdInteractiveAuthentication no',
      'UsePAM no',
      'StrictModes no',
      'LogLevel VERBOSE',
      ...(opts.pathDir ? [`SetEnv PATH=${opts.pathDir}`] : []),
      '',
    ].join('\n'),
  );
  const { stdout: fp } = await execFileP('ssh-keygen', ['-l', '-E', 'sha256', '-f', `${host}.pub`], { encoding: 'utf8' });
  const fingerprint = /SHA256:\S+/.exec(fp)![0];
  const otherKey = readFileSync(`${other}.pub`, 'utf8').split(' ').slice(0, 2).join(' ');
  const wrongKnownHosts = join(dir, 'wrong_known_hosts');
  writeFileSync(wrongKnownHosts, `${port === 22 ? address : `[${address}]:${port}`} ${otherKey}\n`);
  let log = '';
  const sshdArgv = ['ip', 'netns', 'exec', opts.ns ?? LAB.gatewayNs, '/usr/sbin/sshd', '-D', '-e', '-f', config];
  let argv = sshdArgv;
  if (opts.rootPassword) {
    // A root password for this sshd only: a copy of /etc/shadow with root's hash replaced, bind-mounted over the real
    // one in a private mount namespace (unshare -m keeps the mount from the rest of the machine).
    const { stdout: hash } = await execFileP('openssl', ['passwd', '-6', opts.rootPassword], { encoding: 'utf8' });
    const shadow = join(dir, 'shadow');
    writeFileSync(shadow, readFileSync('/etc/shadow', 'utf8').replace(/^root:[^:]*:/m, `root:${hash.trim()}:`), { mode: 0o600 });
    argv = ['unshare', '-m', 'sh', '-c', `mount --bind '${shadow}' /etc/shadow && exec "$@"`, 'sh', ...sshdArgv];
  }
  const child: ChildProcess = spawn(argv[0]!, argv.slice(1), { stdio: ['ignore', 'ignore', 'pipe'] });
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (log += d));
  const exited = new Promise<void>((r) => child.once('close', () => r()));
  await new Promise<void>((resolve, reject) => {
    const t = setInterval(() => {
      if (/Server listening/.test(log)) {
        clearInterval(t);
        resolve();
      }
    }, 50);
    void exited.then(() => {
      clearInterval(t);
      reject(new Error(`sshd did not start: ${log}`));
    });
  });
  return {
    port, clientKey: client, strangerKey: stranger, fingerprint, wrongKnownHosts,
    log: () => log,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** A folder of symlinks to the given programs, for a PATH that lacks everything else. */
export function pathWith(dir: string, programs: Record<string, string>): string {
  mkdirSync(dir, { recursive: true });
  for (const [name, target] of Object.entries(programs)) symlinkSync(target, join(dir, name));
  return dir;
}

/** The tcpdump processes running in namespace `ns` (their pids). */
export async function tcpdumpsIn(ns: string): Promise<number[]> {
  const pids = await namespacePids(ns);
  return pids.filter((pid) => {
    try {
      return readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'tcpdump';
    } catch {
      return false;
    }
  });
}

