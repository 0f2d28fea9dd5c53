/**
 * The Host header check against DNS rebinding (issue 14, item 3): a web page on another site can make its own
 * name point at this gateway, and its requests then look same-origin. They still carry that name in `Host`, so
 * only the names and addresses the gateway is served as are answered; anything else gets a 421 and a plain
 * sentence.
 */
import { isIP } from 'node:net';
import type { MiddlewareHandler } from 'hono';

export interface HostPolicyOptions {
  /** The listen address (`--listen`). */
  listen: string;
  /** Names the owner opens the page by (`--host-name`). */
  names?: readonly string[];
  /** This computer's name, accepted when the gateway listens beyond loopback. */
  machineName?: string;
  /** This computer's own addresses now, accepted when it listens on all of them (0.0.0.0 or ::). */
  localAddresses?: () => string[];
}

/** Whether an address (or name) only reaches this computer. */
export function isLoopback(listen: string): boolean {
  const a = bare(listen);
  return a === 'localhost' || a === '::1' || /^127\.\d+\.\d+\.\d+$/.test(a) || /^::ffff:127\.\d+\.\d+\.\d+$/.test(a);
}

/** Whether the listen address is every address of the computer. */
export function isWildcard(listen: string): boolean {
  const a = bare(listen);
  return a === '0.0.0.0' || a === '::' || a === '::0' || a === '0:0:0:0:0:0:0:0';
}

/** Lower case, no brackets, no trailing dot, no port. */
function bare(host: string): string {
  let h = host.trim().toLowerCase();
  if (h.startsWith('[')) h = h.slice(1, h.indexOf(']') > 0 ? h.indexOf(']') : undefined);
  else if (h.split(':').length === 2) h = h.slice(0, h.indexOf(':'));
  return h.replace(/\.$/, '');
}

/** A test of Host header values: true for the hosts the gateway is served as. */
export function createHostPolicy(opts: HostPolicyOptions): (host: string | undefined) => boolean {
  const listen = bare(opts.listen);
  const beyond = !isLoopback(listen);
  const names = new Set((opts.names ?? []).map(bare));
  if (!isWildcard(listen)) names.add(listen);
  if (beyond && opts.machineName) {
    const m = bare(opts.machineName);
    names.add(m);
    if (!m.includes('.')) names.add(`${m}.local`);
  }
  const everyAddress = beyond && isWildcard(listen) ? opts.localAddresses : undefined;
  return (host) => {
    if (!host) return false;
    const h = bare(host);
    if (isLoopback(h) || names.has(h)) return true;
    return !!everyAddress && isIP(h) !== 0 && everyAddress().some((a) => bare(a) === h);
  };
}

/** Refuses requests whose Host is not one the gateway is served as. */
export function hostGuard(allowed: (host: string | undefined) => boolean): MiddlewareHandler {
  return async (c, next) => {
    // Browsers always send Host; a direct call without one (tests through app.request) is judged by its URL.
    const host = c.req.header('Host') ?? new URL(c.req.url).host;
    if (allowed(host)) return next();
    return c.text(
      // Neutral words: whoever probes with a wrong name learns nothing about what runs here.
      'This page does not answer to that address. Open it by the address shown when it was started.\n',
      421,
    );
  };
}
