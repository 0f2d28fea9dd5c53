/**
 * Capture from a FRITZ!Box: one login with the owner's password (fritzbox-login.ts), then the box's own packet
 * capture (`/cgi-bin/capture_notimeout?ifaceorminor=…&snaplen=…&capture=Start&sid=…`), which streams a pcap for as
 * long as the request stays open. Stopping closes the request, asks the box to stop that capture, and logs out.
 * Plain HTTP on the home network, as the box's own page uses; one attempt, nothing retried.
 */
import { request, type IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import { CaptureSourceError } from '../tcpdump-source.ts';
import { describeTarget, type CaptureSource } from './capture-from.ts';
import { loginResponse, NO_SESSION, parseSessionInfo, type SessionInfo } from './fritzbox-login.ts';

/** Options of {@link createFritzboxSource}. */
export interface FritzboxSourceOptions {
  target: { host: string; port: number; user?: string };
  password: string;
  /** The box's capture interface (`1-lan`: the LAN bridge, in AVM's capture page). */
  iface?: string;
  snaplen?: number;
  timeoutMs?: number;
  log(m: string): void;
}

const IFACE_RE = /^[A-Za-z0-9_.:-]{1,32}$/;

function get(host: string, port: number, path: string, timeoutMs: number, body?: string): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host, port, path, method: body === undefined ? 'GET' : 'POST', timeout: timeoutMs,
        headers: body === undefined ? {} : { 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': Buffer.byteLength(body) },
      },
      resolve,
    );
    req.once('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs / 1000} s`)));
    req.once('error', reject);
    req.end(body);
  });
}

async function text(res: IncomingMessage): Promise<string> {
  let s = '';
  for await (const chunk of res) {
    s += String(chunk);
    if (s.length > 64 * 1024) break;
  }
  return s;
}

/** A capture source reading a FRITZ!Box's capture stream. */
export function createFritzboxSource(opts: FritzboxSourceOptions): CaptureSource {
  const { host, port } = opts.target;
  const label = describeTarget({ kind: 'fritzbox', ...opts.target });
  const iface = opts.iface ?? '1-lan';
  const timeoutMs = opts.timeoutMs ?? 10_000;
  let sid: string | undefined;
  let stream: IncomingMessage | undefined;
  let stopping = false;
  let failure: string | undefined;
  let closed: Promise<void> = Promise.resolve();

  async function session(path: string, body?: string): Promise<SessionInfo> {
    let res: IncomingMessage;
    try {
      res = await get(host, port, path, timeoutMs, body);
    } catch (err) {
      throw new CaptureSourceError('UNREACHABLE', `${label}: cannot connect (${(err as Error).message})`);
    }
    const info = res.statusCode === 200 ? parseSessionInfo(await text(res)) : (res.resume(), undefined);
    if (!info) throw new CaptureSourceError('REMOTE_FAILED', `${label}: ${path.split('?')[0]} did not answer like a FRITZ!Box login (HTTP ${res.statusCode})`);
    return info;
  }

  return {
    label,
    async start(): Promise<Readable> {
      if (!IFACE_RE.test(iface)) throw new CaptureSourceError('BAD_ARGUMENT', `--remote-interface: "${iface}" is not a FRITZ!Box capture interface name`);
      const first = await session('/login_sid.lua?version=2');
      if (first.blockTime > 0) {
        // The box makes a login wait after wrong passwords; HomeSweep does not wait and try, the owner decides.
        throw new CaptureSourceError('WRONG_PASSWORD', `${label}: the box blocks logins for ${first.blockTime} s after a wrong password; try again later`);
      }
      const user = opts.target.user ?? first.lastUser ?? '';
      const form = new URLSearchParams({ username: user, response: loginResponse(first.challenge, opts.password) }).toString();
      const answer = await session('/login_sid.lua?version=2', form);
      if (answer.sid === NO_SESSION) throw new CaptureSourceError('WRONG_PASSWORD', `${label}: the box refused the password${user ? ` for user ${user}` : ''}`);
      sid = answer.sid;
      const path = `/cgi-bin/capture_notimeout?ifaceorminor=${encodeURIComponent(iface)}&snaplen=${opts.snaplen ?? 1600}&capture=Start&sid=${sid}`;
      let res: IncomingMessage;
      try {
        res = await new Promise<IncomingMessage>((resolve, reject) => {
          const req = request({ host, port, path, timeout: timeoutMs }, resolve);
          req.once('timeout', () => req.destroy(new Error(`no capture data within ${timeoutMs / 1000} s`)));
          req.once('error', reject);
          req.end();
        });
      } catch (err) {
        throw new CaptureSourceError('UNREACHABLE', `${label}: the capture did not start (${(err as Error).message})`);
      }
      if (res.statusCode !== 200) {
        res.resume();
        throw new CaptureSourceError('REMOTE_FAILED', `${label}: the box refused the capture (HTTP ${res.statusCode}; does this user have the "FRITZ!Box settings" right?)`);
      }
      // The capture runs for hours: no idle timeout once it streams (a quiet LAN sends nothing for a while).
      res.socket.setTimeout(0);
      stream = res;
      let complete = false;
      res.once('end', () => (complete = true));
      closed = new Promise((r) =>
        res.once('close', () => {
          if (!stopping) {
            failure = `the capture stream from ${label} ${complete ? 'ended' : 'was cut'} before the audit stopped; what came before is kept`;
            opts.log(`fritzbox: ${failure}`);
          }
          r();
        }),
      );
      opts.log(`fritzbox: capturing on ${iface} of ${host}`);
      return res;
    },
    async stop(): Promise<void> {
      if (!sid) return;
      stopping = true;
      const s = sid;
      sid = undefined;
      stream?.destroy();
      await closed;
      // Best effort, once each: ask the box to end the capture and the session (no retry when it does not answer).
      for (const path of [`/cgi-bin/capture_notimeout?ifaceorminor=${encodeURIComponent(iface)}&capture=Stop&sid=${s}`, `/login_sid.lua?version=2&logout=1&sid=${s}`]) {
        await get(host, port, path, 3000).then((r) => r.resume(), (err: Error) => opts.log(`fritzbox: ${path.split('?')[0]}: ${err.message}`));
      }
    },
    failure: () => failure,
    settled: () => closed,
  };
}
