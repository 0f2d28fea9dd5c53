/**
 * How the gateway may be served (issue 14, item 10). On loopback only this computer can reach it: plain HTTP is
 * fine. Beyond loopback every device of the network can, so the passcode must already be set (else the first
 * device to open the page would choose it) and the page is served over HTTPS with a self-signed certificate,
 * unless the owner asks for plain HTTP with --insecure-http.
 */
import { isLoopback } from './host-guard.ts';

export type ListenDecision = { scheme: 'http' | 'https'; warning?: string } | { refuse: string };

export function decideListen(opts: { listen: string; tls: boolean; insecureHttp: boolean; passcodeSet: boolean }): ListenDecision {
  if (opts.tls && opts.insecureHttp) return { refuse: '--tls and --insecure-http cannot be used together' };
  if (isLoopback(opts.listen)) return { scheme: opts.tls ? 'https' : 'http' };
  if (!opts.passcodeSet) {
    return {
      refuse:
        `--listen ${opts.listen}: choose the passcode first. Start HomeSweep without --listen, open the page on this ` +
        'computer and set it; then start again with --listen',
    };
  }
  if (opts.insecureHttp) {
    return { scheme: 'http', warning: 'plain HTTP beyond this computer (--insecure-http): others on the network can read the page and the passcode as it is sent' };
  }
  return { scheme: 'https' };
}
