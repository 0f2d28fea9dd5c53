/**
 * Capture on the home router over SSH with the system OpenSSH client: one connection, key authentication, the
 * host key checked strictly, and on the router a small POSIX sh script that finds the LAN interface (the one that
 * holds the address we connected to), checks for tcpdump, and runs `tcpdump -U -w -` with this SSH session's own
 * packets filtered out. The script also watches the channel's stdin: closing it (the audit stops) or losing the
 * connection kills the router's tcpdump, so nothing is left running there.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { CaptureSourceError } from '../tcpdump-source.ts';
import { describeTarget, type CaptureSource } from './capture-from.ts';
import { acceptHostKey, serverHostKey } from './ssh-known-hosts.ts';
import { createAskpass } from './ssh-askpass.ts';

const IFNAME_RE = /^[A-Za-z0-9_.:@][A-Za-z0-9_.:@-]{0,14}$/;

/** Options of {@link createSshSource}. */
export interface SshSourceOptions {
  target: { user: string; host: string; port: number };
  keyFile?: string;
  /** A password instead of a key: given to ssh once through SSH_ASKPASS (ssh-askpass.ts), never stored. */
  password?: string;
  remoteInterface?: string;
  /** known_hosts files to trust (default ~/.ssh/known_hosts); HomeSweep's own file is always added. */
  knownHosts?: string[];
  /** HomeSweep's own known_hosts file (in its data folder), where confirmed keys go. */
  ownKnownHosts: string;
  /** A fingerprint the owner confirmed; the key is fetched once and kept in `ownKnownHosts`. */
  acceptHostKey?: string;
  sshPath?: string;
  keyscanPath?: string;
  /** How long to wait for the router's tcpdump to say it listens (default 20 s). */
  readyTimeoutMs?: number;
  log(m: string): void;
}

/**
 * The script run on the router (exported for tests). `$SSH_CONNECTION` is "client port server port" of this very
 * session, so the filter drops exactly its packets. tcpdump runs in the background because the shell must keep
 * reading stdin: a background job's stdin is /dev/null (POSIX), so fd 3 carries the channel's stdin to `cat`.
 */
export function remoteScript(iface?: string): string {
  if (iface !== undefined && !IFNAME_RE.test(iface)) throw new CaptureSourceError('BAD_ARGUMENT', `--remote-interface: "${iface}" is not a valid interface name`);
  return [
    `IF='${iface ?? ''}'`,
    'set -- $SSH_CONNECTION',
    'C=$1; CP=$2; S=$3; SP=$4',
    'if [ -z "$IF" ]; then',
    '  IF=$(ip -o addr show 2>/dev/null | while read -r n i f a r; do case "$a" in "$S"/*) echo "${i%@*}"; break;; esac; done)',
    '  [ -n "$IF" ] || { echo "homesweep: no interface of the router holds $S" >&2; exit 3; }',
    'fi',
    'command -v tcpdump >/dev/null 2>&1 || { echo "homesweep: no tcpdump on the router" >&2; exit 4; }',
    'echo "homesweep: capturing on $IF" >&2',
    'exec 3<&0',
    'tcpdump -i "$IF" -U -w - -n -s 0 -- "not (tcp and host $C and host $S and port $CP and port $SP)" &',
    'P=$!',
    '(cat <&3 >/dev/null 2>&1; kill $P 2>/dev/null) </dev/null >/dev/null 2>&1 &',
    'exec 3<&-',
    'wait $P',
  ].join('\n');
}

/** The ssh argument list (exported for tests). */
export function sshArgs(o: Pick<SshSourceOptions, 'target' | 'keyFile' | 'knownHosts' | 'ownKnownHosts' | 'remoteInterface'> & { password?: unknown }): string[] {
  const files = [...(o.knownHosts ?? [join(homedir(), '.ssh/known_hosts')]), o.ownKnownHosts].map((f) => `"${f.replace(/"/g, '')}"`);
  return [
    '-F', 'none', '-v', '-T',
    // With a password, ssh must ask (through SSH_ASKPASS) exactly once; with a key, it must never ask.
    ...(o.password !== undefined
      ? ['-o', 'BatchMode=no', '-o', 'PreferredAuthentications=password,keyboard-interactive', '-o', 'PubkeyAuthentication=no', '-o', 'NumberOfPasswordPrompts=1']
      : ['-o', 'BatchMode=yes', '-o', 'PasswordAuthentication=no', '-o', 'KbdInteractiveAuthentication=no']),
    '-o', 'StrictHostKeyChecking=yes',
    '-o', `UserKnownHostsFile=${files.join(' ')}`,
    '-o', 'GlobalKnownHostsFile=/dev/null',
    '-o', 'UpdateHostKeys=no',
    '-o', 'ConnectTimeout=10',
    '-o', 'ConnectionAttempts=1',
    '-o', 'ServerAliveInterval=10',
    '-o', 'ServerAliveCountMax=3',
    ...(o.keyFile ? ['-o', 'IdentitiesOnly=yes', '-i', o.keyFile] : []),
    '-p', String(o.target.port),
    '-l', o.target.user,
    '--', o.target.host,
    remoteScript(o.remoteInterface),
  ];
}

/** The meaningful lines of ssh's stderr (its -v debug lines left out). */
function plainLines(stderr: string): string[] {
  return stderr.split('\n').map((l) => l.trim()).filter((l) => l && !/^debug\d:/.test(l) && !/^OpenSSH_/.test(l));
}

/** Turns a failed connection (ssh exited before the capture ran) into one error naming what failed. */
export function classifySsh(stderr: string, code: number | null, where: string): CaptureSourceError {
  const lines = plainLines(stderr);
  const last = lines.filter((l) => !/^(Warning: Permanently added|Transferred|Connection to .* closed\.$)/.test(l)).pop() ?? `exit code ${code}`;
  const key = serverHostKey(stderr);
  if (/REMOTE HOST IDENTIFICATION HAS CHANGED/.test(stderr)) {
    const fp = /(SHA256:[A-Za-z0-9+/]+)/.exec(stderr.slice(stderr.indexOf('IDENTIFICATION HAS CHANGED')))?.[1] ?? key?.fingerprint;
    return new CaptureSourceError('HOST_KEY_CHANGED', `${where}: the router's SSH host key has CHANGED (now ${fp ?? 'unknown'}); nothing was sent. If the router was not replaced or reset, someone may be in the way`, fp);
  }
  if (/Host key verification failed|host key is known/.test(stderr)) {
    const fp = key?.fingerprint;
    return new CaptureSourceError('HOST_KEY_UNKNOWN', `${where}: the router's SSH host key is not known yet: ${fp ?? '(not shown)'}${key ? ` (${key.type})` : ''}. Check it on the router and confirm it with --accept-host-key ${fp ?? 'SHA256:…'}`, fp);
  }
  if (/Permission denied|Too many authentication failures/.test(stderr)) return new CaptureSourceError('AUTH_REFUSED', `${where}: the router refused the login (${last})`);
  if (/Identity file .* not accessible|Load key .*: /.test(stderr) && code === 255) return new CaptureSourceError('AUTH_REFUSED', `${where}: the SSH key cannot be used (${last})`);
  if (/Connection refused|No route to host|timed out|Network is unreachable|Could not resolve|Name or service not known|Connection closed by|Connection reset/.test(stderr) && code === 255) {
    return new CaptureSourceError('UNREACHABLE', `${where}: cannot connect (${last})`);
  }
  if (/homesweep: no tcpdump/.test(stderr)) return new CaptureSourceError('REMOTE_TCPDUMP_MISSING', `${where}: the router has no tcpdump (install it there, e.g. opkg install tcpdump on OpenWrt, or upload a capture instead)`);
  if (/homesweep: no interface/.test(stderr)) return new CaptureSourceError('NO_SUCH_INTERFACE', `${where}: ${last.replace(/^homesweep: /, '')}; name it with --remote-interface`);
  if (/tcpdump: .*(No such device|doesn't exist)/.test(stderr)) return new CaptureSourceError('NO_SUCH_INTERFACE', `${where}: the router has no such interface (${last})`);
  if (/tcpdump: .*(ermission|not permitted)/.test(stderr)) return new CaptureSourceError('PERMISSION', `${where}: the router's tcpdump may not capture as this user (${last})`);
  return new CaptureSourceError('REMOTE_FAILED', `${where}: the capture on the router did not start (${last})`);
}

/** A capture source reading the router's tcpdump over one SSH session. */
export function createSshSource(opts: SshSourceOptions): CaptureSource {
  const label = describeTarget({ kind: 'ssh', ...opts.target });
  let child: ChildProcessWithoutNullStreams | null = null;
  let closed: Promise<void> = Promise.resolve();
  let stopping = false;
  let failure: string | undefined;

  return {
    label,
    async start(): Promise<Readable> {
      const args = sshArgs(opts);
      if (opts.acceptHostKey) {
        await acceptHostKey({ host: opts.target.host, port: opts.target.port, fingerprint: opts.acceptHostKey, file: opts.ownKnownHosts, ...(opts.keyscanPath ? { keyscanPath: opts.keyscanPath } : {}) });
        opts.log(`ssh: trusted the host key ${opts.acceptHostKey} of ${opts.target.host} (kept in ${opts.ownKnownHosts})`);
      }
      const bin = opts.sshPath ?? 'ssh';
      const askpass = opts.password !== undefined ? await createAskpass(opts.password) : undefined;
      return new Promise<Readable>((resolve, reject) => {
        let ready = false;
        let stderr = '';
        let partial = '';
        const proc = spawn(bin, args, { stdio: ['pipe', 'pipe', 'pipe'], ...(askpass ? { env: { ...process.env, ...askpass.env } } : {}) });
        child = proc;
        closed = new Promise((r) => proc.once('close', () => r()));
        void closed.then(() => askpass?.close());
        const timer = setTimeout(() => {
          if (ready) return;
          proc.kill('SIGTERM');
          reject(new CaptureSourceError('REMOTE_FAILED', `${label}: the router's tcpdump did not start within ${(opts.readyTimeoutMs ?? 20_000) / 1000} s`));
        }, opts.readyTimeoutMs ?? 20_000);
        proc.once('error', (err: NodeJS.ErrnoException) => {
          clearTimeout(timer);
          reject(new CaptureSourceError('EXITED', err.code === 'ENOENT' ? `the ssh client is not installed (looked for "${bin}"; apt-get install openssh-client)` : `cannot run ${bin}: ${err.message}`));
        });
        proc.stdin.on('error', () => undefined);
        proc.stderr.setEncoding('utf8');
        proc.stderr.on('data', (chunk: string) => {
          if (stderr.length < 64 * 1024) stderr += chunk;
          const lines = (partial + chunk).split('\n');
          partial = lines.pop() ?? '';
          for (const line of lines) {
            const l = line.trim();
            if (l && !/^debug\d:/.test(l) && !/^OpenSSH_/.test(l)) opts.log(`ssh: ${l}`);
            if (!ready && /listening on/.test(l)) {
              ready = true;
              clearTimeout(timer);
              resolve(proc.stdout);
            }
          }
        });
        proc.once('close', (code, signal) => {
          clearTimeout(timer);
          if (!ready) {
            reject(classifySsh(stderr + partial, code, label));
            return;
          }
          if (!stopping) {
            const last = plainLines(stderr + partial).filter((l) => !/^homesweep: capturing/.test(l) && !/listening on/.test(l)).pop();
            failure = `the capture stream from ${label} was cut (${last ?? (signal ? `ssh ended by ${signal}` : `exit code ${code}`)}); what came before is kept`;
            opts.log(`ssh: ${failure}`);
          }
        });
      });
    },
    async stop(): Promise<void> {
      const proc = child;
      if (!proc) return;
      child = null;
      stopping = true;
      // EOF on the channel's stdin: the router's script kills its tcpdump, which flushes and exits; ssh follows.
      proc.stdin.end();
      const term = setTimeout(() => proc.kill('SIGTERM'), 5000);
      const kill = setTimeout(() => proc.kill('SIGKILL'), 8000);
      await closed;
      clearTimeout(term);
      clearTimeout(kill);
    },
    failure: () => failure,
    settled: () => closed,
  };
}
