/**
 * `homesweep discover [--interface IF] [--seconds N] [--json] [--no-capture]`: one round of active LAN
 * discovery (neighbour table, mDNS, SSDP, router port mappings) with a live tcpdump capture alongside, merged
 * into the device inventory.
 */
import { networkInterfaces } from 'node:os';
import type { Device, Observation, UpnpIgdData } from '../contract.ts';
import { createPacketEngine } from '../capture/engine.ts';
import { describeDevice } from './device-text.ts';
import { describeHint } from '../audit/hint-text.ts';
import { readCaptureStream } from '../capture/reader.ts';
import { CaptureSourceError, createTcpdumpSource, tcpdumpArgs } from '../capture/tcpdump-source.ts';
import { loadIdentifier } from '../identify-loader.ts';
import { createInventory } from '../inventory/inventory.ts';
import { isRandomizedMac, lookupVendor } from '../../discovery/oui.ts';
import { assertActiveDiscoveryAllowed, DiscoveryGuardError } from '../../discovery/guard.ts';
import { DiscoveryInterfaceError, runDiscovery, type DiscoveryObservation, type DiscoveryStats } from '../../discovery/run-discovery.ts';
import { parseCommandArgs } from './args.ts';
import { UserError } from './errors.ts';
import type { CliCommand, CliIo } from './io.ts';

const USAGE = `Usage: homesweep discover [--interface IF] [--seconds N] [--json] [--progress-json] [--no-capture]

Looks for the devices on the local network for N seconds, the ordinary way phones and TVs do: it asks for
mDNS and SSDP services, reads this computer's neighbour table and asks the router (UPnP) which ports it has
opened to the internet. It sends no pings, scans no ports and announces nothing. While it runs it also
listens with tcpdump on IF, when tcpdump is available.

Options:
  --interface IF   network interface to use (required outside the HomeSweep lab)
  --seconds N      how long to listen (default 5, at most 3600)
  --json           print the devices and the raw observations (grouped by IP) as JSON
  --progress-json  print one JSON line every 250 ms with the devices known so far, then the result as one
                   JSON line (for benchmarks and scripts)
  --no-capture     do not run tcpdump alongside
  --help           show this help
`;

/** Everything one discover round produced. */
export interface DiscoverResult {
  startedAt: string;
  endedAt: string;
  interface?: string;
  devices: Device[];
  /** Discovery observations (not the capture's), by IP. */
  observations: Record<string, DiscoveryObservation[]>;
  stats: DiscoveryStats;
  capture?: { packets: number; malformed: number } | { error: string };
}

/** One device as a progress report shows it: enough to tell found from identified. */
export interface ProgressDevice {
  id: string;
  mac?: string;
  ips: string[];
  category: Device['category'];
  profile?: string;
  confidence?: number;
}

/** The inventory part-way through a round; `elapsedMs` counts from the call to discover(). */
export interface DiscoverProgress {
  elapsedMs: number;
  devices: ProgressDevice[];
}

/** Options of {@link discover}. */
export interface DiscoverOptions {
  interface?: string;
  seconds: number;
  capture: boolean;
  signal?: AbortSignal;
  log(m: string): void;
  /** Called every `progressMs` (default 250) while the round runs, with the inventory so far. */
  onProgress?(progress: DiscoverProgress): void;
  progressMs?: number;
}

function progressDevices(devices: Device[]): ProgressDevice[] {
  return devices.map((d) => ({
    id: d.id,
    ...(d.mac ? { mac: d.mac } : {}),
    ips: d.ips,
    category: d.category,
    ...(d.profile ? { profile: d.profile.id, confidence: d.profile.confidence } : {}),
  }));
}

/** The composition: capture → engine → inventory, plus the discovery round. Kept in one function to rewire easily. */
export async function discover(opts: DiscoverOptions): Promise<DiscoverResult> {
  const t0 = performance.now();
  // Refuse before anything starts, tcpdump included (runDiscovery checks again; the check is cheap).
  assertActiveDiscoveryAllowed({ interface: opts.interface });
  if (opts.interface !== undefined && !(opts.interface in networkInterfaces())) {
    throw new DiscoveryInterfaceError(`no network interface "${opts.interface}" (have: ${Object.keys(networkInterfaces()).join(', ')})`);
  }
  const startedAt = new Date().toISOString();
  const { identify, problems } = loadIdentifier();
  for (const p of problems) opts.log(`warning: device profile ${p.file}: ${p.reason}`);
  const inventory = createInventory({ vendorOf: lookupVendor, isRandomizedMac, identify });
  // The contract's Observation defaults its payload to Record<string, unknown>, which interface-typed payloads
  // do not satisfy; the shapes are the contract's own, so this widening is safe.
  const observe = (obs: DiscoveryObservation | Observation) => inventory.observe(obs as Observation);
  const engine = createPacketEngine({ onObservation: observe });

  let captureIface = opts.interface;
  if (opts.capture && !captureIface) {
    // Inside the lab, without --interface: capture on the only external interface when there is exactly one.
    const ext = Object.entries(networkInterfaces()).filter(([, a]) => a?.some((x) => !x.internal));
    if (ext.length === 1) captureIface = ext[0][0];
    else opts.log('capture: no --interface given and several interfaces exist; capture skipped');
  }
  const source = opts.capture && captureIface ? createTcpdumpSource({ interface: captureIface, log: (m) => opts.log(`[tcpdump] ${m}`) }) : undefined;
  let reading: Promise<unknown> | undefined;
  let captureError: string | undefined;
  if (source) {
    try {
      const stream = await source.start();
      reading = readCaptureStream(stream, engine).catch((err: Error) => {
        captureError = err.message;
      });
    } catch (err) {
      if (!(err instanceof CaptureSourceError)) throw err;
      captureError = err.message;
      opts.log(`capture: ${err.message}; continuing without it`);
    }
  }

  const observations: Record<string, DiscoveryObservation[]> = {};
  let stats: DiscoveryStats;
  const onProgress = opts.onProgress;
  // Progress is a snapshot of the inventory on a timer; the round itself does not wait for it.
  const ticker = onProgress
    ? setInterval(() => {
        // Connections still open (a camera's stream, a P2P hello) count as evidence before they end.
        engine.reportOpenFlows();
        onProgress({ elapsedMs: Math.round(performance.now() - t0), devices: progressDevices(inventory.devices()) });
      }, opts.progressMs ?? 250)
    : undefined;
  try {
    stats = await runDiscovery({
      interface: opts.interface,
      seconds: opts.seconds,
      signal: opts.signal,
      log: opts.log,
      onObservation: (obs) => {
        (observations[obs.ip ?? '?'] ??= []).push(obs);
        observe(obs);
      },
    });
  } finally {
    if (ticker) clearInterval(ticker);
    if (source) await source.stop();
    await reading;
  }
  const eng = engine.finish();
  const gw = engine.gatewayMac();
  if (gw) inventory.setGateway({ mac: gw });
  return {
    startedAt,
    endedAt: new Date().toISOString(),
    ...(opts.interface ? { interface: opts.interface } : {}),
    devices: inventory.devices(),
    observations,
    stats,
    ...(source ? { capture: captureError ? { error: captureError } : { packets: eng.packets, malformed: eng.malformed } } : {}),
  };
}

function summarise(r: DiscoverResult): string {
  const out = [`${r.devices.length} device(s) found in ${Math.round((Date.parse(r.endedAt) - Date.parse(r.startedAt)) / 1000)} s` +
    (r.capture ? ('error' in r.capture ? ' (no capture)' : `, ${r.capture.packets} packets captured`) : '') + ':'];
  const { clues } = loadIdentifier();
  const hintText = clues ? (h: NonNullable<(typeof r.devices)[number]['hint']>) => describeHint(h, clues) : undefined;
  for (const d of r.devices) out.push(...describeDevice(d, { services: true, hintText }));
  for (const list of Object.values(r.observations)) {
    for (const o of list) {
      if (o.source !== 'upnp-igd') continue;
      const { router, mappings } = o.data as UpnpIgdData;
      out.push('', `Router ${router} has ${mappings.length} port mapping(s) open to the internet${mappings.length ? ':' : '.'}`);
      for (const m of mappings) out.push(`    ${m.protocol} ${m.externalPort} → ${m.internalClient}:${m.internalPort}${m.description ? `  (${m.description})` : ''}`);
    }
  }
  return out.join('\n') + '\n';
}

/** The `discover` subcommand (registered in gateway/main.ts). */
export const command: CliCommand = {
  summary: 'one round of quiet LAN discovery (mDNS, SSDP, neighbours, router port mappings)',
  usage: USAGE,
  async run(io: CliIo): Promise<number> {
    const { values, positionals } = parseCommandArgs(
      io.argv,
      { interface: { type: 'string' }, seconds: { type: 'string' }, json: { type: 'boolean' }, 'progress-json': { type: 'boolean' }, 'no-capture': { type: 'boolean' } },
      false,
    );
    if (positionals.length) throw new UserError(`unexpected argument "${positionals[0]}" (see homesweep discover --help)`);
    const secondsText = values.seconds ?? '5';
    if (!/^\d{1,4}$/.test(secondsText) || Number(secondsText) < 1 || Number(secondsText) > 3600) {
      throw new UserError(`--seconds must be a whole number from 1 to 3600, not "${secondsText}"`);
    }
    if (values.interface !== undefined) {
      try {
        tcpdumpArgs(values.interface);
      } catch (err) {
        throw new UserError(`--interface: ${(err as Error).message}`);
      }
    }
    let result: DiscoverResult;
    try {
      result = await discover({
        interface: values.interface,
        seconds: Number(secondsText),
        capture: !values['no-capture'],
        signal: io.stopSignal,
        log: (m) => io.stderr.write(`${m}\n`),
        ...(values['progress-json'] ? { onProgress: (p: DiscoverProgress) => io.stdout.write(`${JSON.stringify({ type: 'progress', ...p })}\n`) } : {}),
      });
    } catch (err) {
      if (err instanceof DiscoveryGuardError || err instanceof DiscoveryInterfaceError) throw new UserError(err.message);
      throw err;
    }
    if (values['progress-json']) io.stdout.write(`${JSON.stringify({ type: 'result', ...result })}\n`);
    else io.stdout.write(values.json ? JSON.stringify(result, null, 2) + '\n' : summarise(result));
    return 0;
  },
};
