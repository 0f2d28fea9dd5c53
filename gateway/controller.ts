/**
 * The gateway: one controller that starts the modules in order (store, knowledge, audits, HTTP) and stops them in
 * reverse, so a stop always flushes what was running. Constructors only store dependencies.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { hostname, networkInterfaces } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import type { Config } from './config.ts';
import type { HealthInfo } from './contract.ts';
import { loadRiskWeights } from './audit/risk.ts';
import { loadCannotSee } from './audit/view.ts';
import { createApp } from './http/app.ts';
import { ensureCertificate } from './http/certificate.ts';
import { createHostPolicy, isLoopback, isWildcard } from './http/host-guard.ts';
import { decideListen } from './http/listen-policy.ts';
import { homeNameSuffixes } from '../pcap-rules/load.ts';
import { createSessions } from './http/sessions.ts';
import { loadKnowledge, reloadIndicators, type Knowledge } from './knowledge.ts';
import { DEFAULT_INDICATORS_SOURCE, updateIndicators } from './rules/indicators/update-indicators.ts';
import { createAuditManager, type AuditManager } from './service/audits.ts';
import { removeLeftoverUploads } from './service/leftover-uploads.ts';
import { createStore, type Store } from './store/store.ts';
import type { CaptureFromOptions } from './capture/sources/capture-from.ts';
import { createCaptureFromSource } from './capture/sources/create-source.ts';

/** The demo home: a capture recorded in the project's own lab, shipped with the package. */
export const DEMO_CAPTURE = fileURLToPath(new URL('../demo/demo-home.pcap', import.meta.url));
const VERSION = (JSON.parse(readFileSync(fileURLToPath(new URL('../package.json', import.meta.url)), 'utf8')) as { version: string }).version;

export interface Gateway {
  /** `fingerprint`: SHA-256 of the TLS certificate when serving HTTPS. */
  start(): Promise<{ url: string; fingerprint?: string }>;
  stop(): Promise<void>;
}

/** The gateway may not be served as configured (e.g. beyond loopback before a passcode is set). */
export class ListenRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ListenRefused';
  }
}

/** Every address of this computer now. */
function localAddresses(): string[] {
  return Object.values(networkInterfaces()).flatMap((a) => (a ?? []).map((x) => x.address));
}

/** Interfaces a live audit could listen on (not loopback). */
export function listInterfaces(): { name: string; addresses: string[] }[] {
  return Object.entries(networkInterfaces())
    .filter(([, a]) => a?.some((x) => !x.internal))
    .map(([name, a]) => ({ name, addresses: (a ?? []).map((x) => x.address) }));
}

/** The host a URL contacts, for telling the owner before she fetches the lists ('' when it is not a URL). */
function hostOf(url: string): string {
  return URL.canParse(url) ? new URL(url).host : '';
}

function hasTcpdump(): boolean {
  const r = spawnSync('tcpdump', ['--version'], { stdio: 'ignore' });
  return r.status === 0;
}

export function createGateway(config: Config, deps: { log(m: string): void; demoCapture?: string; captureFrom?: CaptureFromOptions }): Gateway {
  const log = deps.log;
  let store: Store | undefined;
  let knowledge: Knowledge | undefined;
  let audits: AuditManager | undefined;
  let server: Server | undefined;
  const stops: (() => Promise<void>)[] = [];

  async function stopAll() {
    while (stops.length) {
      const stop = stops.pop()!;
      await stop().catch((err: Error) => log(`stopping: ${err.message}`));
    }
  }

  return {
    async start() {
      try {
        const dataDir = resolve(config.data);
        store = createStore({ dir: dataDir, log });
        await store.start();
        stops.push(() => store!.stop());
        for (const p of store.problems) log(`store: ${p}`);
        const decision = decideListen({ listen: config.listen, tls: config.tls, insecureHttp: config.insecureHttp, passcodeSet: !!store.auth().passcode });
        if ('refuse' in decision) throw new ListenRefused(decision.refuse);
        if (decision.warning) log(decision.warning);
        const certificate =
          decision.scheme === 'https'
            ? await ensureCertificate(join(dataDir, 'tls'), {
                names: ['localhost', '127.0.0.1', '::1', hostname(), ...config.hostNames, ...(isWildcard(config.listen) ? localAddresses() : [config.listen])].filter(Boolean),
              })
            : undefined;
        if (certificate?.created) log('made a new TLS certificate (kept in the data folder)');
        const uploadsDir = join(dataDir, 'uploads');
        const removed = await removeLeftoverUploads(uploadsDir);
        if (removed) log(`uploads: removed ${removed} upload left over from a run that was cut short`);

        // The lists live in the data folder unless a fixed path is given; the page can fetch them into it.
        const indicatorsDir = join(dataDir, 'indicators');
        const indicatorsSource = config.indicatorsSource ?? DEFAULT_INDICATORS_SOURCE;
        knowledge = loadKnowledge(config.indicators ? { indicatorsPath: config.indicators } : { indicatorsDir });
        for (const p of [...knowledge.health.profiles.problems, ...knowledge.health.rules.problems]) log(`knowledge: ${p}`);
        const k = knowledge;
        const view = { profiles: k.profiles, rules: k.rules, risk: loadRiskWeights(), cannotSee: loadCannotSee(), ...(k.clues ? { clues: k.clues } : {}) };

        audits = createAuditManager({
          store,
          knowledge: k,
          demoCapture: deps.demoCapture ?? DEMO_CAPTURE,
          log,
          live: {
            discoverySeconds: config.discoverySeconds, discoveryEverySeconds: config.discoveryEverySeconds, capture: config.capture,
            ...(config.leases || config.conntrack ? { routerTables: { ...(config.leases ? { leases: config.leases } : {}), conntrack: config.conntrack } } : {}),
          },
          createSource: (from, l) => createCaptureFromSource(from, { dataDir, log: l }),
        });
        await audits.start();
        stops.push(() => audits!.stop());

        const tcpdump = hasTcpdump();
        const st = store;
        const app = createApp({
          store: st,
          sessions: createSessions(),
          audits,
          view,
          uploadsDir,
          uiDir: config.uiDir,
          homeNameSuffixes: homeNameSuffixes(k.rules),
          interfaces: listInterfaces,
          ...(config.indicators
            ? {}
            : {
                updateIndicators: async () => {
                  const files = await updateIndicators({ dir: indicatorsDir, source: indicatorsSource, fetch: globalThis.fetch });
                  reloadIndicators(k, indicatorsDir);
                  log(`indicators: updated from ${indicatorsSource} (${files.map((f) => f.name).join(', ')}), ${k.health.indicators.loaded} loaded`);
                  return { loaded: k.health.indicators.loaded };
                },
              }),
          health: (): HealthInfo => ({
            ok: k.health.profiles.problems.length === 0 && k.health.rules.problems.length === 0 && st.problems.length === 0,
            version: VERSION,
            profiles: k.health.profiles,
            rules: k.health.rules,
            indicators: { ...k.health.indicators, ...(config.indicators ? {} : { updateFrom: hostOf(indicatorsSource) }) },
            capture: { tcpdump, interfaces: listInterfaces().map((i) => i.name) },
          }),
          log,
          allowedHost: createHostPolicy({ listen: config.listen, names: config.hostNames, machineName: hostname(), localAddresses }),
          setupOnlyFromLoopback: !isLoopback(config.listen),
        });
        const tls = certificate ? { createServer: createHttpsServer, serverOptions: { key: certificate.key, cert: certificate.cert } } : {};
        const srv = await new Promise<Server>((resolveListen, reject) => {
          const s = serve({ fetch: app.fetch, port: config.port, hostname: config.listen, ...tls }, () => resolveListen(s as Server)) as Server;
          s.once('error', reject);
        });
        server = srv;
        stops.push(
          () =>
            new Promise<void>((r) => {
              srv.close(() => r());
              // Open event streams would hold close() forever.
              srv.closeAllConnections();
            }),
        );
        if (config.interface || deps.captureFrom) {
          const rec = await audits.startLive(config.interface, undefined, deps.captureFrom);
          log(`listening on ${[config.interface, deps.captureFrom?.url].filter(Boolean).join(' and ')} (audit ${rec.meta.id})`);
        }
        const addr = srv.address() as AddressInfo;
        const host = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
        return { url: `${decision.scheme}://${host}:${addr.port}/`, ...(certificate ? { fingerprint: certificate.fingerprint } : {}) };
      } catch (err) {
        await stopAll();
        throw err;
      }
    },
    async stop() {
      await stopAll();
      void server;
    },
  };
}
