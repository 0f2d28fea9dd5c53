/**
 * `homesweep discover [--interface IF] [--seconds N] [--json] [--no-capture]`: one round of active LAN
 * discovery (neighbour table, mDNS, SSDP, router port mappings) with a live tcpdump capture alongside, merged
 * into the device inventory.
 */
import { networkInterfaces } from 'node:os';
import type { Device, Finding, Observation, UpnpIgdData, Visibility } from '../contract.ts';
import { createPacketEngine } from '../capture/engine.ts';
import { describeDevice } from './device-text.ts';
import { describeHint } from '../audit/hint-text.ts';
import { readCaptureStream } from '../capture/reader.ts';
import { CaptureSourceError, createTcpdumpSource, tcpdumpArgs } from '../capture/tcpdump-source.ts';
import { createAuditPass } from '../audit/audit-pass.ts';
import { captureHostOf } from '../audit/visibility.ts';
import { loadKnowledge, type Knowledge } from '../knowledge.ts';
import { withUploadTicks } from '../rules/upload-ticks.ts';
import { auditFindings } from '../service/access-observations.ts';
import { passiveAccess, withAccess } from '../service/access.ts';
import { findingLines, visibilityLines } from './verdict-text.ts';
import { assertActiveDiscoveryAllowed, DiscoveryGuardError } from '../../discovery/guard.ts';
import { DiscoveryInterfaceError, runDiscovery, type DiscoveryObservation, type DiscoveryStats } from '../../discovery/run-discovery.ts';
import { parseCommandArgs } from './args.ts';
import { CAPTURE_FROM_OPTIONS, CAPTURE_FROM_USAGE, captureFromArgs } from './capture-from-args.ts';
import type { CaptureFromOptions, CaptureSource } from '../capture/sources/capture-from.ts';
import { createCaptureFromSource } from '../capture/sources/create-source.ts';
import { UserError } from './errors.ts';
import type { CliCommand, CliIo } from './io.ts';

const USAGE = `Usage: homesweep discover [--interface IF] [--seconds N] [--json] [--progress-json] [--no-capture] [--capture-from URL]

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
  --data DIR       where HomeSweep keeps router host keys you confirmed (default ./homesweep-data)
${CAPTURE_FROM_USAGE}
  --help           show this help
`;

/** Everything one discover round produced. */
export interface DiscoverResult {
  startedAt: string;
  endedAt: string;
  interface?: string;
  /** The devices, with router port mappings turned into access entries, as a live audit shows them. */
  devices: Device[];
  /** What the detection rules found in this round (the same rules and access checks as a live audit). */
  findings: Finding[];
  /** Whose traffic the round's capture showed. */
  visibility: Visibility;
  /** Discovery observations (not the capture's), by IP. */
  observations: Record<string, DiscoveryObservation[]>;
  stats: DiscoveryStats;
  /** What the capture got; `error` when it failed (a router stream cut midway keeps its packets). */
  capture?: { packets: number; malformed: number; error?: string } | { error: string };
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
  /** Capture on the home's router instead of this computer's interface. */
  captureFrom?: CaptureFromOptions;
  /** The data folder (HomeSweep's known_hosts for router keys). */
  dataDir?: string;
  /** Called every `progressMs` (default 250) while the round runs, with the inventory so far. */
  onProgress?(progress: DiscoverProgress): void;
  progressMs?: number;
  /** Profiles, rules and indicators (loaded here when not given). */
  knowledge?: Knowledge;
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

function loadKnowledgeLogged(log: (m: string) => void): Knowledge {
  const k = loadKnowledge();
  for (const p of [...k.health.profiles.problems, ...k.health.rules.problems]) log(`warning: ${p}`);
  return k;
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
  // The same knowledge and audit pass as a live audit, so a round gives the verdicts a live audit would.
  const k = opts.knowledge ?? loadKnowledgeLogged(opts.log);
  const pass = createAuditPass({ identify: k.identify, rules: k.rules, indicators: k.indicators });
  const inventory = pass.inventory;
  // The contract's Observation defaults its payload to Record<string, unknown>, which interface-typed payloads
  // do not satisfy; the shapes are the contract's own, so this widening is safe.
  const observe = (obs: DiscoveryObservation | Observation) => pass.observe(obs as Observation);
  const engine = createPacketEngine({ onObservation: observe });

  let captureIface = opts.interface;
  if (opts.capture && !captureIface) {
    // Inside the lab, without --interface: capture on the only external interface when there is exactly one.
    const ext = Object.entries(networkInterfaces()).filter(([, a]) => a?.some((x) => !x.internal));
    if (ext.length === 1) captureIface = ext[0][0];
    else opts.log('capture: no --interface given and several interfaces exist; capture skipped');
  }
  let remote: CaptureSource | undefined;
  if (opts.captureFrom) remote = createCaptureFromSource(opts.captureFrom, { dataDir: opts.dataDir ?? './homesweep-data', log: opts.log });
  const source = remote ?? (opts.capture && captureIface ? createTcpdumpSource({ interface: captureIface, log: (m) => opts.log(`[tcpdump] ${m}`) }) : undefined);
  let reading: Promise<unknown> | undefined;
  let captureError: string | undefined;
  if (source) {
    try {
      const stream = await source.start();
      reading = readCaptureStream(stream, engine)
        .catch((err: Error) => {
          captureError = err.message;
        })
        .then(async () => {
          if (!remote) return;
          await remote.settled();
          captureError ??= remote.failure();
        });
    } catch (err) {
      // The owner asked for the router's capture: its failure (unknown host key, refused login) ends the round.
      if (remote || !(err instanceof CaptureSourceError)) throw err;
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
  const endedAt = new Date().toISOString();
  const result = pass.result({ uploadSeries: engine.uploadSeries() });
  const devices = withAccess(result.devices, passiveAccess(result.devices, endedAt));
  const visibility = pass.visibility.result(devices, {
    seconds: (Date.parse(endedAt) - Date.parse(startedAt)) / 1000,
    captured: source !== undefined && reading !== undefined && captureError === undefined,
    // A router's capture was not taken on this computer: no capturing host, the unicast counts tell instead.
    ...(remote ? { unicast: engine.unicastCounts() } : captureIface ? { host: captureHostOf(networkInterfaces(), captureIface) } : {}),
  });
  return {
    startedAt,
    endedAt,
    ...(opts.interface ? { interface: opts.interface } : {}),
    devices,
    findings: auditFindings(k.rules, devices, result.findings).map((f) => f.finding),
    visibility,
    observations,
    stats,
    ...(source ? { capture: captureError && !(remote && eng.packets) ? { error: captureError } : { packets: eng.packets, malformed: eng.malformed, ...(captureError ? { error: captureError } : {}) } } : {}),
  };
}

function summarise(r: DiscoverResult, clues: Knowledge['clues']): string {
  const out = [`${r.devices.length} device(s) found in ${Math.round((Date.parse(r.endedAt) - Date.parse(r.startedAt)) / 1000)} s` +
    (r.capture ? (!('packets' in r.capture) ? ' (no capture)' : `, ${r.capture.packets} packets captured`) : '') + ':'];
  const hintText = clues ? (h: NonNullable<(typeof r.devices)[number]['hint']>) => describeHint(h, clues) : undefined;
  for (const d of r.devices) out.push(...describeDevice(d, { services: true, hintText }));
  out.push('', ...visibilityLines(r.visibility));
  for (const list of Object.values(r.observations)) {
    for (const o of list) {
      if (o.source !== 'upnp-igd') continue;
      const { router, mappings } = o.data as UpnpIgdData;
      out.push('', `Router ${router} has ${mappings.length} port mapping(s) open to the internet${mappings.length ? ':' : '.'}`);
      for (const m of mappings) out.push(`    ${m.protocol} ${m.externalPort} → ${m.internalClient}:${m.internalPort}${m.description ? `  (${m.description})` : ''}`);
    }
  }
  out.push('', ...findingLines(r.findings, r.devices, r.visibility));
  return out.join('\n') + '\n';
}

/** The `discover` subcommand (registered in gateway/main.ts). */
export const command: CliCommand = {
  summary: 'one round of quiet LAN discovery (mDNS, SSDP, neighbours, router port mappings)',
  usage: USAGE,
  async run(io: CliIo): Promise<number> {
    const { values, positionals } = parseCommandArgs(
      io.argv,
      { interface: { type: 'string' }, seconds: { type: 'string' }, json: { type: 'boolean' }, 'progress-json': { type: 'boolean' }, 'no-capture': { type: 'boolean' }, data: { type: 'string' }, ...CAPTURE_FROM_OPTIONS },
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
    const captureFrom = await captureFromArgs(values, io);
    let result: DiscoverResult;
    // Loaded before the round starts, so the round's timings (--progress-json) count discovery alone.
    const knowledge = loadKnowledgeLogged((m) => io.stderr.write(`${m}\n`));
    try {
      result = await discover({
        ...(captureFrom ? { captureFrom } : {}),
        ...(values.data ? { dataDir: values.data } : {}),
        knowledge,
        interface: values.interface,
        seconds: Number(secondsText),
        capture: !values['no-capture'],
        signal: io.stopSignal,
        log: (m) => io.stderr.write(`${m}\n`),
        ...(values['progress-json'] ? { onProgress: (p: DiscoverProgress) => io.stdout.write(`${JSON.stringify({ type: 'progress', ...p })}\n`) } : {}),
      });
    } catch (err) {
      if (err instanceof DiscoveryGuardError || err instanceof DiscoveryInterfaceError || err instanceof CaptureSourceError) throw new UserError(err.message);
      throw err;
    }
    if (values['progress-json']) io.stdout.write(`${JSON.stringify({ type: 'result', ...result })}\n`);
    else io.stdout.write(values.json ? JSON.stringify(result, null, 2) + '\n' : summarise(result, knowledge.clues));
    // The router's stream was cut: what came before is printed above, and the cut is one line and exit 2.
    if (captureFrom && result.capture?.error) throw new UserError(result.capture.error);
    return 0;
  },
};
