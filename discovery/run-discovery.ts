/**
 * One round of active LAN discovery: neighbour table, mDNS, SSDP (+ descriptions) and the router's UPnP port
 * mappings, for a fixed time. The single place where the discovery scanners are wired together; the CLI and
 * the gateway add the packet capture and the inventory around it.
 */
import { networkInterfaces } from 'node:os';
import type { MdnsData, Observation, SsdpData, UpnpIgdData } from '../gateway/contract.ts';
import { assertActiveDiscoveryAllowed } from './guard.ts';
import { localSubnets, type LocalSubnet } from './interface-info.ts';
import { cleanObservationText } from '../gateway/util/device-text.ts';
import { createMdnsScanner } from './mdns.ts';
import { createNeighbourScanner, type NeighbourData } from './neighbours.ts';
import { createSsdpScanner } from './ssdp.ts';
import { createUpnpIgdScanner } from './upnp-igd.ts';

/** Any observation the discovery scanners emit. */
export type DiscoveryObservation = Observation<MdnsData> | Observation<SsdpData> | Observation<UpnpIgdData> | Observation<NeighbourData>;

/** Thrown when the named interface cannot be used. */
export class DiscoveryInterfaceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DiscoveryInterfaceError';
  }
}

/** Options of {@link runDiscovery}. */
export interface RunDiscoveryOptions {
  /** Interface name, e.g. `eth0`. Required outside the lab namespace (see guard.ts). */
  interface?: string;
  seconds: number;
  /** Ends the round early (Ctrl-C). */
  signal?: AbortSignal;
  onObservation(obs: DiscoveryObservation): void;
  log?(message: string): void;
}

/** Counters of one round. */
export interface DiscoveryStats {
  subnets: LocalSubnet[];
  mdns: { queries: number; types: number; instances: number };
  ssdp: { searches: number; messages: number; descriptions: number };
  observations: number;
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal?.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });

/** Runs one discovery round. Throws DiscoveryGuardError or DiscoveryInterfaceError before sending anything. */
export async function runDiscovery(opts: RunDiscoveryOptions): Promise<DiscoveryStats> {
  assertActiveDiscoveryAllowed({ interface: opts.interface });
  const table = networkInterfaces();
  if (opts.interface !== undefined && !(opts.interface in table)) {
    throw new DiscoveryInterfaceError(`no network interface "${opts.interface}" (have: ${Object.keys(table).join(', ')})`);
  }
  const subnets = localSubnets(table, opts.interface);
  if (subnets.length === 0) {
    throw new DiscoveryInterfaceError(opts.interface ? `interface "${opts.interface}" has no IPv4 address` : 'no network interface with an IPv4 address');
  }
  const log = opts.log ?? ((m: string) => process.stderr.write(`${m}\n`));
  let count = 0;
  const emit = (obs: DiscoveryObservation) => {
    count++;
    // Names from mDNS, SSDP and UPnP descriptions come from the devices: no controls, no bidirectional overrides.
    opts.onObservation(cleanObservationText(obs));
  };

  const neighbours = createNeighbourScanner({ interface: opts.interface, onObservation: emit });
  const igd = createUpnpIgdScanner({ subnets, onObservation: emit });
  const ssdp = createSsdpScanner({ interfaceName: opts.interface, subnets, onObservation: emit, onDocument: (d) => igd.offer(d) });
  const mdns = createMdnsScanner({ interfaceAddress: opts.interface ? subnets[0].address : undefined, subnets, onObservation: emit });

  // Started in order, stopped in reverse; a scanner that fails to start is logged and the others go on.
  const parts: Array<[string, { start(): Promise<void>; stop(): Promise<void> }]> = [
    ['neighbours', neighbours],
    ['upnp-igd', igd],
    ['ssdp', ssdp],
    ['mdns', mdns],
  ];
  const started: typeof parts = [];
  for (const part of parts) {
    try {
      await part[1].start();
      started.push(part);
    } catch (err) {
      log(`[${part[0]}] not started: ${(err as Error).message}`);
    }
  }
  await sleep(opts.seconds * 1000, opts.signal);
  for (const [name, p] of started.reverse()) {
    try {
      await p.stop();
    } catch (err) {
      log(`[${name}] stop failed: ${(err as Error).message}`);
    }
  }
  return { subnets, mdns: mdns.stats(), ssdp: ssdp.stats(), observations: count };
}
