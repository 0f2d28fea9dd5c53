/**
 * The gateway: one controller that starts the modules in order (store, knowledge, audits, HTTP) and stops them in
 * reverse, so a stop always flushes what was running. Constructors only store dependencies.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import type { Config } from './config.ts';
import type { HealthInfo } from './contract.ts';
import { loadRiskWeights } from './audit/risk.ts';
import { loadCannotSee } from './audit/view.ts';
import { createApp } from './http/app.ts';
import { createSessions } from './http/sessions.ts';
import { loadKnowledge, type Knowledge } from './knowledge.ts';
import { createAuditManager, type AuditManager } from './service/audits.ts';
import { removeLeftoverUploads } from './service/leftover-uploads.ts';
import { createStore, type Store } from './store/store.ts';

/** The demo home: a capture recorded in the project's own lab, shipped with the package. */
export const DEMO_CAPTURE = fileURLToPath(new URL('../demo/demo-home.pcap', import.meta.url));
const VERSION = (JSON.parse(readFileSync(fileURLToPath(new URL('../package.json', import.meta.url)), 'utf8')) as { version: string }).version;

export interface Gateway {
  start(): Promise<{ url: string }>;
  stop(): Promise<void>;
}

/** Interfaces a live audit could listen on (not loopback). */
export function listInterfaces(): { name: string; addresses: string[] }[] {
  return Object.entries(networkInterfaces())
    .filter(([, a]) => a?.some((x) => !x.internal))
    .map(([name, a]) => ({ name, addresses: (a ?? []).map((x) => x.address) }));
}

function hasTcpdump(): boolean {
  const r = spawnSync('tcpdump', ['--version'], { stdio: 'ignore' });
  return r.status === 0;
}

export function createGateway(config: Config, deps: { log(m: string): void; demoCapture?: string }): Gateway {
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
        const uploadsDir = join(dataDir, 'uploads');
        const removed = await removeLeftoverUploads(uploadsDir);
        if (removed) log(`uploads: removed ${removed} upload left over from a run that was cut short`);

        knowledge = loadKnowledge(config.indicators ? { indicatorsPath: config.indicators } : {});
        for (const p of [...knowledge.health.profiles.problems, ...knowledge.health.rules.problems]) log(`knowledge: ${p}`);
        const k = knowledge;
        const view = { profiles: k.profiles, risk: loadRiskWeights(), cannotSee: loadCannotSee() };

        audits = createAuditManager({
          store,
          knowledge: k,
          demoCapture: deps.demoCapture ?? DEMO_CAPTURE,
          log,
          live: { discoverySeconds: config.discoverySeconds, discoveryEverySeconds: config.discoveryEverySeconds, capture: config.capture },
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
          interfaces: listInterfaces,
          health: (): HealthInfo => ({
            ok: k.health.profiles.problems.length === 0 && k.health.rules.problems.length === 0 && st.problems.length === 0,
            version: VERSION,
            profiles: k.health.profiles,
            rules: k.health.rules,
            indicators: k.health.indicators,
            capture: { tcpdump, interfaces: listInterfaces().map((i) => i.name) },
          }),
          log,
        });
        const srv = await new Promise<Server>((resolveListen, reject) => {
          const s = serve({ fetch: app.fetch, port: config.port, hostname: config.listen }, () => resolveListen(s as Server)) as Server;
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
        if (config.interface) {
          const rec = await audits.startLive(config.interface);
          log(`listening on ${config.interface} (audit ${rec.meta.id})`);
        }
        const addr = srv.address() as AddressInfo;
        const host = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
        return { url: `http://${host}:${addr.port}/` };
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
