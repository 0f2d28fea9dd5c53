/**
 * The router's own tables as a sensor, for HomeSweep installed on the router: its DHCP server's lease file (every
 * device's DHCP name at once) and its connection-tracking table (devices' flows, fed only while no packet capture
 * runs, so nothing is counted twice). Read now and then every `everyMs`; a file that cannot be read is logged once.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import type { Observation } from '../contract.ts';
import { createConntrackFlows, parseConntrack } from '../capture/router-tables/conntrack.ts';
import { leaseObservations, parseLeaseFile } from '../capture/router-tables/leases.ts';

const execFileP = promisify(execFile);

/**
 * Where DHCP servers keep their leases on the usual router systems: OpenWrt's dnsmasq and odhcpd, Debian's dnsmasq,
 * Pi-hole, ISC dhcpd (Debian and Red Hat layouts; pfSense/OPNsense under /var/dhcpd).
 */
export const LEASE_FILES = [
  '/tmp/dhcp.leases', '/var/lib/misc/dnsmasq.leases', '/var/lib/dnsmasq/dnsmasq.leases', '/etc/pihole/dhcp.leases',
  '/tmp/hosts/odhcpd', '/var/lib/dhcp/dhcpd.leases', '/var/lib/dhcpd/dhcpd.leases', '/var/dhcpd/var/db/dhcpd.leases',
];

export interface RouterTablesOptions {
  /** A lease file, or 'auto' to use the first of LEASE_FILES that exists. */
  leases?: string;
  conntrack?: boolean;
  everyMs?: number;
  observe(obs: Observation): void;
  /** True while a packet capture sees the same flows (then conntrack flows are not fed). */
  captureRunning(): boolean;
  log(m: string): void;
}

/** Finds the lease file `auto` stands for (undefined when none exists). */
export function findLeaseFile(candidates: readonly string[] = LEASE_FILES): string | undefined {
  return candidates.find((f) => existsSync(f));
}

export function createRouterTables(opts: RouterTablesOptions) {
  let timer: NodeJS.Timeout | undefined;
  const flows = createConntrackFlows();
  const complained = new Set<string>();
  const leaseFile = opts.leases === 'auto' ? findLeaseFile() : opts.leases;
  const complain = (what: string, err: Error) => {
    if (complained.has(what)) return;
    complained.add(what);
    opts.log(`router tables: ${what}: ${err.message.split('\n')[0]}`);
  };

  async function conntrackText(): Promise<string> {
    try {
      return await readFile('/proc/net/nf_conntrack', 'utf8');
    } catch {
      // Kernels without the /proc file answer through netlink.
      return (await execFileP('conntrack', ['-L', '-o', 'extended'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })).stdout;
    }
  }

  async function read(): Promise<void> {
    const at = new Date().toISOString();
    if (leaseFile) {
      try {
        for (const o of leaseObservations(parseLeaseFile(await readFile(leaseFile, 'utf8')), at)) opts.observe(o);
      } catch (err) {
        complain(leaseFile, err as Error);
      }
    }
    if (opts.conntrack) {
      try {
        const batch = flows(parseConntrack(await conntrackText()).entries, at);
        if (!opts.captureRunning()) for (const o of batch) opts.observe(o);
      } catch (err) {
        complain('connection tracking table', err as Error);
      }
    }
  }

  let reading: Promise<void> = Promise.resolve();
  return {
    /** The lease file in use (after `auto`), if any. */
    leaseFile,
    start(): void {
      if (opts.leases === 'auto' && !leaseFile) opts.log('router tables: no DHCP lease file found on this computer');
      if (!leaseFile && !opts.conntrack) return;
      reading = read();
      timer = setInterval(() => {
        reading = reading.then(read);
      }, opts.everyMs ?? 30_000);
    },
    async stop(): Promise<void> {
      if (timer) clearInterval(timer);
      await reading;
    },
  };
}
