/**
 * A router that allows one administrator at a time, like ASUS and TP-Link web UIs (asuswrt-merlin.ng #128:
 * "You cannot Login unless logout another user first. Login user IP: …"; home-assistant-tplink-router #63: an API
 * login logs the admin out). While someone else is logged in, a login is refused and the refusal names their
 * address; in `kick` mode the new login succeeds and the other session is ended. The account checks must never
 * contact it; the log proves that.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readBody, replyJson } from './json-http.ts';
import { SimLog, type SimFailureModes } from './sim-log.ts';

export interface SingleAdminSimOptions extends SimFailureModes {
  /** Address of the administrator logged in now (none: nobody is). */
  adminLoggedInFrom?: string;
  /** refuse (ASUS) or kick the current admin out (TP-Link). */
  policy?: 'refuse' | 'kick';
  host?: string;
}

export interface SingleAdminSim {
  url: string;
  log: SimLog;
  /** Who is logged in now. */
  admin(): string | undefined;
  close(): Promise<void>;
}

/** Starts the simulation on an ephemeral port. */
export async function startSingleAdminSim(opts: SingleAdminSimOptions = {}): Promise<SingleAdminSim> {
  const log = new SimLog();
  let admin = opts.adminLoggedInFrom;
  const server = createServer((req, res) => void (async () => {
    const from = req.socket.remoteAddress ?? '?';
    await readBody(req);
    if (req.method === 'POST' && (req.url === '/login.cgi' || req.url === '/cgi-bin/luci/;stok=/login')) {
      if (admin && admin !== from && (opts.policy ?? 'refuse') === 'refuse') {
        log.add(from, 'refused', `login refused: another admin is logged in from ${admin}`);
        return replyJson(res, 200, { error_status: 9, message: `You cannot Login unless logout another user first. Login user IP: ${admin}` }, opts.slowMs);
      }
      if (admin && admin !== from) log.add(from, 'notification', `session of ${admin} ended by a new login`);
      admin = from;
      log.add(from, 'auth', 'login', 'valid');
      return replyJson(res, 200, { asus_token: 'x' }, opts.slowMs);
    }
    log.add(from, 'connect', `${req.method} ${req.url}`);
    return replyJson(res, 404, {}, opts.slowMs);
  })());
  await new Promise<void>((r) => server.listen(0, opts.host ?? '127.0.0.1', r));
  const { address, port } = server.address() as AddressInfo;
  return {
    url: `http://${address}:${port}`,
    log,
    admin: () => admin,
    close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}
