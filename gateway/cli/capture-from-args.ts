/**
 * The options `start` and `discover` share for capturing on the home's router (`--capture-from` and friends), and
 * the password typed once at the terminal for a FRITZ!Box (never echoed, never stored).
 */
import { readFileSync } from 'node:fs';
import type { CaptureFromOptions } from '../capture/sources/capture-from.ts';
import { parseCaptureFrom } from '../capture/sources/capture-from.ts';
import { UserError } from './errors.ts';
import type { CliIo } from './io.ts';

/** parseArgs option specs. */
export const CAPTURE_FROM_OPTIONS = {
  'capture-from': { type: 'string' }, 'ssh-key': { type: 'string' }, 'remote-interface': { type: 'string' },
  'known-hosts': { type: 'string' }, 'accept-host-key': { type: 'string' }, 'password-file': { type: 'string' },
} as const;

/** Help lines for the options above. */
export const CAPTURE_FROM_USAGE = `  --capture-from URL    also capture on the home's router: ssh://user@router[:port] (its tcpdump over SSH)
                        or fritzbox://[user@]router (the FRITZ!Box's own capture)
  --ssh-key FILE        the SSH private key for the router (without it, the password is asked once)
  --remote-interface IF the router's interface (default: the one holding its LAN address; FRITZ!Box: 1-lan)
  --known-hosts FILE    check the router's SSH key against this file (default ~/.ssh/known_hosts)
  --accept-host-key SHA256:…  trust this router key, after checking it on the router (kept in the data folder)
  --password-file FILE  the router's password (FRITZ!Box, or SSH without a key; else asked once at the terminal)`;

/** Options for a router capture from the parsed flags, or undefined without --capture-from. */
export async function captureFromArgs(values: Partial<Record<keyof typeof CAPTURE_FROM_OPTIONS, string>>, io: CliIo): Promise<CaptureFromOptions | undefined> {
  const url = values['capture-from'];
  if (url === undefined) {
    const stray = Object.keys(CAPTURE_FROM_OPTIONS).find((k) => values[k as keyof typeof CAPTURE_FROM_OPTIONS] !== undefined);
    if (stray) throw new UserError(`--${stray} needs --capture-from`);
    return undefined;
  }
  let kind: 'ssh' | 'fritzbox';
  try {
    kind = parseCaptureFrom(url).kind;
  } catch (err) {
    throw new UserError((err as Error).message);
  }
  const read = (flag: string, file: string) => {
    try {
      return readFileSync(file, 'utf8');
    } catch (err) {
      throw new UserError(`--${flag} ${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
    }
  };
  if (values['ssh-key'] !== undefined) read('ssh-key', values['ssh-key']);
  let password: string | undefined;
  // A FRITZ!Box always needs its password; an SSH router needs one when no key is given.
  if (kind === 'fritzbox' || values['ssh-key'] === undefined) {
    if (values['password-file'] !== undefined) password = read('password-file', values['password-file']).replace(/\r?\n$/, '');
    else password = await askPassword(io, `Password for ${url}: `);
    if (!password) throw new UserError(`${url}: no password given`);
  }
  return {
    url,
    ...(values['ssh-key'] ? { sshKey: values['ssh-key'] } : {}),
    ...(values['remote-interface'] ? { remoteInterface: values['remote-interface'] } : {}),
    ...(values['known-hosts'] ? { knownHosts: values['known-hosts'] } : {}),
    ...(values['accept-host-key'] ? { acceptHostKey: values['accept-host-key'] } : {}),
    ...(password !== undefined ? { password } : {}),
  };
}

/** Reads one line from the terminal without echo; refuses when stdin is not a terminal. */
export function askPassword(io: CliIo, prompt: string): Promise<string> {
  const input = io.stdin;
  if (!input?.isTTY || typeof input.setRawMode !== 'function') {
    return Promise.reject(new UserError('the password must be typed at a terminal, or given with --password-file FILE'));
  }
  io.stderr.write(prompt);
  input.setRawMode(true);
  input.setEncoding('utf8');
  return new Promise((resolve, reject) => {
    let typed = '';
    const done = (err?: Error) => {
      input.setRawMode!(false);
      input.pause();
      input.off('data', onData);
      io.stderr.write('\n');
      if (err) reject(err);
      else resolve(typed);
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') return done();
        if (ch === '\u0003') return done(new UserError('cancelled'));
        if (ch === '\u007f' || ch === '\b') typed = typed.slice(0, -1);
        else typed += ch;
      }
    };
    input.on('data', onData);
    input.resume();
  });
}
