/** `homesweep start`: the gateway service and the web checklist, until Ctrl-C / SIGTERM. */
import { ConfigError, DEFAULT_PORT, loadConfig } from '../config.ts';
import { createGateway, ListenRefused } from '../controller.ts';
import { CertificateError } from '../http/certificate.ts';
import { isLoopback } from '../http/host-guard.ts';
import { StoreError } from '../store/store.ts';
import { parseCommandArgs } from './args.ts';
import { UserError } from './errors.ts';
import { releaseYoungGeneration } from '../util/small-run.ts';
import { AuditError } from '../service/audits.ts';
import { CAPTURE_FROM_OPTIONS, CAPTURE_FROM_USAGE, captureFromArgs } from './capture-from-args.ts';
import type { CliCommand, CliIo } from './io.ts';

const USAGE = `Usage: homesweep start [--port N] [--listen ADDR] [--data DIR] [--interface IF] [--capture-from URL] [--config FILE]

Runs HomeSweep and its web page. Open the address it prints in a browser on this computer and set a
passcode. Then, with --listen, other devices of your home can open it too: over HTTPS with a certificate
made for this computer, whose fingerprint it prints. Nothing is announced on the network.

Options:
  --port N          port of the web page (default ${DEFAULT_PORT}; 0 picks a free one)
  --listen ADDR     address to listen on (default 127.0.0.1, this computer only; e.g. 0.0.0.0 for the LAN,
                    once the passcode is set)
  --host-name NAME  a name the page is opened by, besides the listen address (repeat for more); other
                    names are refused (protection against DNS rebinding)
  --tls             HTTPS on loopback too (beyond loopback it is the default)
  --insecure-http   beyond loopback, serve plain HTTP instead of HTTPS
  --data DIR        where audits are kept (default ./homesweep-data)
  --interface IF    start listening on this network interface at once
  --no-capture      live audits use discovery only, no tcpdump
${CAPTURE_FROM_USAGE}
  --leases FILE|auto    on the router: read its DHCP server's leases (dnsmasq, odhcpd, ISC dhcpd, Pi-hole)
  --conntrack           on the router: read its connection-tracking table while no capture runs
  --indicators PATH stalkerware indicator file or folder
  --ui-dir DIR      the built web page (default ui/dist)
  --config FILE     settings file (YAML or JSON; the same names as these options, uiDir for --ui-dir,
                    hostNames (a list) for --host-name, insecureHttp for --insecure-http)
Environment: HOMESWEEP_PORT, HOMESWEEP_LISTEN, HOMESWEEP_DATA, HOMESWEEP_INTERFACE, HOMESWEEP_UI_DIR,
HOMESWEEP_INDICATORS, HOMESWEEP_HOST_NAMES (comma-separated).
`;

export const command: CliCommand = {
  summary: 'run the gateway and its web checklist',
  usage: USAGE,
  async run(io: CliIo): Promise<number> {
    const { values, positionals } = parseCommandArgs(
      io.argv,
      {
        port: { type: 'string' }, listen: { type: 'string' }, data: { type: 'string' }, interface: { type: 'string' },
        'no-capture': { type: 'boolean' }, indicators: { type: 'string' }, 'ui-dir': { type: 'string' }, config: { type: 'string' },
        'host-name': { type: 'string', multiple: true }, tls: { type: 'boolean' }, 'insecure-http': { type: 'boolean' },
        ...CAPTURE_FROM_OPTIONS, leases: { type: 'string' }, conntrack: { type: 'boolean' },
      },
      false,
    );
    if (positionals.length) throw new UserError(`unexpected argument "${positionals[0]}" (see homesweep start --help)`);
    if (values.port !== undefined && !/^\d{1,5}$/.test(values.port)) throw new UserError(`--port must be a number from 0 to 65535, not "${values.port}"`);
    let config;
    try {
      config = loadConfig({
        file: values.config,
        env: io.env,
        flags: {
          port: values.port, listen: values.listen, data: values.data, interface: values.interface,
          indicators: values.indicators, uiDir: values['ui-dir'], ...(values['no-capture'] ? { capture: false } : {}),
          hostNames: values['host-name'], ...(values.tls ? { tls: true } : {}), ...(values['insecure-http'] ? { insecureHttp: true } : {}),
          leases: values.leases, ...(values.conntrack ? { conntrack: true } : {}),
        },
      });
    } catch (err) {
      if (err instanceof ConfigError) throw new UserError(err.message);
      throw err;
    }
    const captureFrom = await captureFromArgs(
      {
        'capture-from': values['capture-from'] ?? config.captureFrom, 'ssh-key': values['ssh-key'] ?? config.sshKey,
        'remote-interface': values['remote-interface'] ?? config.remoteInterface, 'known-hosts': values['known-hosts'] ?? config.knownHosts,
        'accept-host-key': values['accept-host-key'] ?? config.acceptHostKey, 'password-file': values['password-file'] ?? config.passwordFile,
      },
      io,
    );
    const log = (m: string) => io.stderr.write(`${new Date().toISOString()} ${m}\n`);
    const gateway = createGateway(config, { log, ...(captureFrom ? { captureFrom } : {}) });
    let url: string;
    let fingerprint: string | undefined;
    try {
      ({ url, fingerprint } = await gateway.start());
      // Started: audits and live capture may need a larger young generation; the idle gateway has not grown one.
      releaseYoungGeneration();
    } catch (err) {
      if (err instanceof ListenRefused || err instanceof CertificateError) throw new UserError(err.message);
      const e = err as NodeJS.ErrnoException;
      if (e.code === 'EADDRINUSE') throw new UserError(`port ${config.port} on ${config.listen} is already in use (choose another with --port)`);
      if (e.code === 'EADDRNOTAVAIL') throw new UserError(`--listen ${config.listen}: this computer has no such address`);
      if (e.code === 'EACCES' && e.syscall === 'listen') throw new UserError(`port ${config.port} needs administrator rights; choose one above 1024`);
      // A router capture that could not start (unknown host key, refused login…): one line, nothing retried.
      if (err instanceof AuditError) throw new UserError(err.message);
      if (err instanceof StoreError || e.code === 'EACCES' || e.code === 'ENOTDIR') throw new UserError(`--data ${config.data}: ${e.message}`);
      throw err;
    }
    io.stdout.write(`HomeSweep is running at ${url}\n`);
    if (fingerprint) {
      io.stdout.write(
        `Certificate fingerprint (SHA-256): ${fingerprint}\n` +
          'The browser will warn that it does not know this certificate: before going on, check that it shows this fingerprint.\n',
      );
    }
    if (!isLoopback(config.listen)) {
      log(`the page can be opened from other devices on this network (${config.listen}); it still needs the passcode`);
    }
    await new Promise<void>((r) => (io.stopSignal.aborted ? r() : io.stopSignal.addEventListener('abort', () => r(), { once: true })));
    log('stopping…');
    await gateway.stop();
    log('stopped; everything is saved');
    return 0;
  },
};
