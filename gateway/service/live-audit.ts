/**
 * A live audit: tcpdump on the chosen interface feeds the packet engine and the audit pass (the same code as
 * offline analysis), and a quiet discovery round (mDNS, SSDP, neighbours, router port mappings) runs at the start
 * and then every few minutes. `snapshot()` gives the devices and findings so far; `stop()` ends both and gives
 * the final ones.
 */
import { networkInterfaces } from 'node:os';
import type { Device, Observation, Visibility } from '../contract.ts';
import { createPacketEngine, type PacketEngine } from '../capture/engine.ts';
import { readCaptureStream } from '../capture/reader.ts';
import { createTcpdumpSource } from '../capture/tcpdump-source.ts';
import type { CaptureSource } from '../capture/sources/capture-from.ts';
import { createAuditPass } from '../audit/audit-pass.ts';
import type { RuleFinding } from '../rules/engine.ts';
import { withUploadTicks } from '../rules/upload-ticks.ts';
import type { Knowledge } from '../knowledge.ts';
import { runDiscovery } from '../../discovery/run-discovery.ts';
import type { UploadSeries } from '../capture/upload-series.ts';
import { createQuietAccess, withAccess } from './access.ts';
import { createRouterTables } from './router-tables.ts';
import { captureHostOf } from '../audit/visibility.ts';

/**
 * Open flows reported by one progress snapshot, at most: those with the most bytes not yet reported first (a
 * camera's stream before a quiet connection), the others in later snapshots or when they end. Each report costs about
 * 10 µs of CPU through the inventory and every rule, and a busy home holds 20,000 open flows. Measured there (CPU
 * user+sys per snapshot, test/bench/progress-bench.ts, a quarter of the flows active between snapshots): 14–16 ms
 * instead of 54–66 ms, and 12–50 ms instead of 0.18–0.33 s for the snapshot that first meets them all. stop()
 * reports every flow.
 */
export const OPEN_FLOWS_PER_SNAPSHOT = 1000;

/** mDNS and DHCP observations kept for the access checks (which read only those), at most. */
const MAX_KEPT_OBSERVATIONS = 4000;

export interface LiveAuditOptions {
  /** This computer's interface: discovery rounds run on it, and tcpdump unless `captureSource` is given. */
  interface?: string;
  /**
   * Packets from the home's router instead (SSH, FRITZ!Box). Its start errors are not swallowed: the owner asked
   * for it, so a refused login or an unknown host key stops the start with that one error.
   */
  captureSource?: CaptureSource;
  knowledge: Knowledge;
  log(m: string): void;
  /** Seconds of each discovery round (default 8) and between rounds (default 300). 0 rounds: capture only. */
  discoverySeconds?: number;
  discoveryEverySeconds?: number;
  /** Run no capture (discovery only), e.g. where tcpdump is missing. */
  capture?: boolean;
  /** On the router: its DHCP leases ('auto' or a file) and connection-tracking table as sensors too. */
  routerTables?: { leases?: string; conntrack?: boolean; everyMs?: number };
  /** Run the quiet access checks (N0) after each discovery round (default true). */
  accessChecks?: boolean;
  /** Open flows one snapshot reports, at most (default OPEN_FLOWS_PER_SNAPSHOT; Infinity: all, as stop() does). */
  openFlowsPerSnapshot?: number;
  /** Extra observations source (e.g. an MQTT broker audit) can push here too. */
  previousDeviceIds?: ReadonlySet<string>;
}

export interface LiveSnapshot {
  devices: Device[];
  findings: RuleFinding[];
  packets: number;
  /** Packets tcpdump could not keep (its "dropped by kernel" and "by interface" counters), once it has said. */
  missedPackets?: number;
  captureError?: string;
  /** Whose traffic the capture shows so far. */
  visibility?: Visibility;
}

export interface LiveAudit {
  start(): Promise<void>;
  snapshot(): LiveSnapshot;
  observe(obs: Observation): void;
  uploadSeries(): Map<string, UploadSeries>;
  stop(): Promise<LiveSnapshot>;
}

export function createLiveAudit(opts: LiveAuditOptions): LiveAudit {
  const k = opts.knowledge;
  const base = createAuditPass({ identify: k.identify, rules: k.rules, indicators: k.indicators });
  const kept: Observation[] = [];
  const pass = {
    ...base,
    observe(obs: Observation) {
      base.observe(obs);
      if ((obs.source === 'mdns' || obs.source === 'dhcp') && kept.length < MAX_KEPT_OBSERVATIONS) kept.push(obs);
    },
  };
  const access = createQuietAccess(opts.log);
  const engine: PacketEngine = createPacketEngine({ onObservation: pass.observe });
  const remote = opts.captureSource;
  const local = remote || opts.capture === false || !opts.interface ? undefined : createTcpdumpSource({ interface: opts.interface, longRunning: true, log: (m) => opts.log(`tcpdump: ${m}`) });
  const source = remote ?? local;
  const stopper = new AbortController();
  let capturing = false;
  const tables = opts.routerTables
    ? createRouterTables({ ...opts.routerTables, observe: (o) => pass.observe(o), captureRunning: () => capturing && !captureError, log: opts.log })
    : undefined;
  let reading: Promise<unknown> = Promise.resolve();
  let discovering: Promise<unknown> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  let captureError: string | undefined;
  let finished: LiveSnapshot | undefined;
  const startedMs = Date.now();

  const round = () => {
    discovering = runDiscovery({
      interface: opts.interface,
      seconds: opts.discoverySeconds ?? 8,
      signal: stopper.signal,
      log: (m) => opts.log(`discovery: ${m}`),
      onObservation: (obs) => pass.observe(obs as Observation),
    })
      .then(async () => {
        if (opts.accessChecks === false || stopper.signal.aborted) return;
        await access.run(pass.inventory.devices(), kept);
      })
      .catch((err: Error) => opts.log(`discovery: ${err.message}`));
  };

  /** Devices (with their access entries) and findings as the pass has them now. */
  const collect = (): LiveSnapshot => {
    const gw = engine.gatewayMac();
    if (gw) pass.inventory.setGateway({ mac: gw });
    const { devices, findings } = pass.result({ uploadSeries: engine.uploadSeries(), ...(opts.previousDeviceIds ? { previousDeviceIds: opts.previousDeviceIds } : {}) });
    const visibility = pass.visibility.result(devices, {
      seconds: (Date.now() - startedMs) / 1000,
      captured: capturing && !captureError,
      // A router's capture was not taken on this computer: no capturing host, the unicast counts tell instead.
      ...(remote ? { unicast: engine.unicastCounts() } : opts.interface ? { host: captureHostOf(networkInterfaces(), opts.interface) } : {}),
    });
    const counted = local?.counters();
    return {
      devices: withAccess(devices, access.entries(devices)),
      findings,
      packets: engine.stats().packets,
      ...(counted ? { missedPackets: counted.droppedByKernel + counted.droppedByInterface } : {}),
      visibility,
      ...(captureError ? { captureError } : {}),
    };
  };

  /**
   * A router's stream has ended: when it ended before stop() it was cut, and the source says how (its words beat
   * the reader's "aborted"); the packets read so far stay in the audit.
   */
  const finishRemote = async (remote: CaptureSource, readError: Error | undefined) => {
    await remote.settled();
    if (stopper.signal.aborted) return;
    captureError ??= remote.failure() ?? readError?.message;
  };

  const snapshot = (): LiveSnapshot => {
    if (finished) return finished;
    // tcpdump answers on stderr: the next snapshot has the counters asked for now.
    local?.requestCounters();
    // Connections still open (a camera's stream) count before they end; nothing is counted twice.
    engine.reportOpenFlows(opts.openFlowsPerSnapshot ?? OPEN_FLOWS_PER_SNAPSHOT);
    pass.rules.tick(engine.uploadSeries());
    return collect();
  };

  return {
    async start() {
      if (source) {
        try {
          const stream = await source.start();
          capturing = true;
          reading = readCaptureStream(stream, withUploadTicks(engine, pass.rules)).then(
            () => (remote ? finishRemote(remote, undefined) : undefined),
            (err: Error) => {
              if (remote) return finishRemote(remote, err);
              captureError = err.message;
            },
          );
        } catch (err) {
          if (remote) throw err;
          captureError = (err as Error).message;
          opts.log(`capture: ${captureError}; listening with discovery only`);
        }
      }
      tables?.start();
      if (opts.interface && (opts.discoveryEverySeconds ?? 300) > 0) {
        round();
        timer = setInterval(() => {
          discovering.then(round, round);
        }, (opts.discoveryEverySeconds ?? 300) * 1000);
      }
    },
    snapshot,
    observe(obs) {
      pass.observe(obs);
    },
    uploadSeries() {
      return engine.uploadSeries();
    },
    async stop() {
      if (finished) return finished;
      if (timer) clearInterval(timer);
      stopper.abort();
      if (source) await source.stop();
      await reading;
      await tables?.stop();
      await discovering;
      engine.finish();
      finished = collect();
      return finished;
    },
  };
}
