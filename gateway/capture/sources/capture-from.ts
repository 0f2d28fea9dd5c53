/**
 * Where a live audit's packets come from, beside this computer's own interface: the home router's tcpdump over
 * SSH, or a FRITZ!Box's capture stream. `--capture-from URL` names the router; this module parses it (pure) and
 * defines what every capture source offers the live audit.
 */
import type { Readable } from 'node:stream';
import { CaptureSourceError } from '../tcpdump-source.ts';

/** A packet source: a pcap byte stream into the same reader and engine as tcpdump's. */
export interface CaptureSource {
  /** Plain words for logs and titles, e.g. "root@192.168.1.1 over SSH". */
  readonly label: string;
  /** Connects (one attempt) and resolves with the pcap stream once the capture runs; rejects with CaptureSourceError. */
  start(): Promise<Readable>;
  /** Ends the capture and everything it started on the router; resolves once it is gone. */
  stop(): Promise<void>;
  /** Why the stream ended before `stop()` (a cut connection, the router's tcpdump killed), once it has. */
  failure(): string | undefined;
  /** Resolves once the source's connection has closed (then `failure()` is final). */
  settled(): Promise<void>;
}

/** A router named by `--capture-from`. */
export type CaptureTarget =
  | { kind: 'ssh'; user: string; host: string; port: number }
  | { kind: 'fritzbox'; user?: string; host: string; port: number };

/** What the owner gave for a router capture (CLI flags or the page's form). Nothing here is saved. */
export interface CaptureFromOptions {
  url: string;
  /** SSH private key file (on this computer). */
  sshKey?: string;
  /** The router's capture interface (default: the one holding its LAN address; FRITZ!Box: 1-lan). */
  remoteInterface?: string;
  /** A known_hosts file to check the router's key against (default ~/.ssh/known_hosts). */
  knownHosts?: string;
  /** The router's key fingerprint the owner confirmed ("SHA256:…"): it is added to HomeSweep's known_hosts. */
  acceptHostKey?: string;
  /** FRITZ!Box password (typed once or read from a file; kept in memory only). */
  password?: string;
}

const HOST_RE = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*|\[[0-9A-Fa-f:.]+\])$/;
const USER_RE = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,31}$/;

/** Parses `ssh://user@host[:port]` or `fritzbox://[user@]host[:port]`; throws CaptureSourceError BAD_ARGUMENT. */
export function parseCaptureFrom(text: string): CaptureTarget {
  const bad = (why: string) => new CaptureSourceError('BAD_ARGUMENT', `--capture-from ${text}: ${why}`);
  const m = /^(ssh|fritzbox):\/\/(?:([^@/]*)@)?([^/:[\]]+|\[[^\]]+\])(?::(\d{1,5}))?\/?$/.exec(text.trim());
  if (!m) throw bad('expected ssh://user@router or fritzbox://router');
  const [, scheme, user, rawHost, portText] = m as unknown as [string, 'ssh' | 'fritzbox', string | undefined, string, string | undefined];
  if (!HOST_RE.test(rawHost)) throw bad(`"${rawHost}" is not a host name or address`);
  const host = rawHost.startsWith('[') ? rawHost.slice(1, -1) : rawHost;
  if (user !== undefined && !USER_RE.test(user)) throw bad(`"${user}" is not a user name`);
  const port = portText === undefined ? (scheme === 'ssh' ? 22 : 80) : Number(portText);
  if (port < 1 || port > 65535) throw bad(`port ${portText} is out of range`);
  if (scheme === 'ssh') {
    if (!user) throw bad('name the user, e.g. ssh://root@192.168.1.1');
    return { kind: 'ssh', user, host, port };
  }
  return { kind: 'fritzbox', host, port, ...(user ? { user } : {}) };
}

/** "root@192.168.1.1 over SSH", "the FRITZ!Box at 192.168.178.1". */
export function describeTarget(t: CaptureTarget): string {
  const port = t.kind === 'ssh' ? (t.port === 22 ? '' : `:${t.port}`) : t.port === 80 ? '' : `:${t.port}`;
  return t.kind === 'ssh' ? `${t.user}@${t.host}${port} over SSH` : `the FRITZ!Box at ${t.host}${port}`;
}
