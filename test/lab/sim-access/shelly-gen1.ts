/**
 * A simulated Shelly Gen1 device (e.g. Shelly 1), written from shelly-api-docs.shelly.cloud (Gen1): `GET /settings`
 * and `GET /settings/actions` read; the same paths *with query parameters* write settings; `/relay/N?turn=…`,
 * `/reboot`, `/ota` operate the device. Basic auth when `login.enabled`. Every request is logged and classified.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { pathToFileURL } from 'node:url';
import { createRecorder, garbage, listen, runSimCli, type SimHandle, type SimOptions, type SimRequest } from './sim-common.ts';

/** What the simulated device is configured with. */
export interface ShellyGen1Device {
  cloud: { enabled: boolean; connected: boolean };
  mqtt: { enable: boolean; server: string; user: string; id: string };
  /** Newer firmware's actions: name → URLs. */
  actions: Record<string, string[]>;
  /** Older firmware's per-relay URL fields, e.g. `{ out_on_url: "http://…" }`. */
  relayUrls: Record<string, string>;
}

/** Cloud on, a broker outside the home, one outside and one local action URL. */
export const DEFAULT_SHELLY_GEN1: ShellyGen1Device = {
  cloud: { enabled: true, connected: true },
  mqtt: { enable: true, server: 'mqtt.example.net:1883', user: 'remote', id: 'shelly1-A1B2C3' },
  actions: { out_on_url: ['http://hooks.example.org/on?k=1'], btn1_on_url: ['http://192.168.1.20/turn'] },
  relayUrls: {},
};

function settings(d: ShellyGen1Device, wrongTypes: boolean): unknown {
  if (wrongTypes) return { cloud: 'on', mqtt: [1, 2], relays: 'x', device: { type: 7 } };
  return {
    device: { type: 'SHSW-1', mac: 'A1B2C3D4E5F6', hostname: 'shelly1-A1B2C3', num_outputs: 1 },
    wifi_sta: { enabled: true, ssid: 'Home', ipv4_method: 'dhcp' },
    mqtt: { ...d.mqtt, reconnect_timeout_max: 60, reconnect_timeout_min: 2, clean_session: true, keep_alive: 60, max_qos: 0, retain: false, update_period: 30 },
    coiot: { enabled: true, update_period: 15, peer: '' },
    sntp: { server: 'time.google.com', enabled: true },
    login: { enabled: false, unprotected: false, username: 'admin' },
    cloud: d.cloud,
    name: 'Porch',
    fw: '20230913-112003/v1.14.0-gcb84623',
    relays: [{ name: null, ison: false, default_state: 'off', ...d.relayUrls }],
  };
}

function actions(d: ShellyGen1Device): unknown {
  const out: Record<string, unknown> = {};
  for (const [name, urls] of Object.entries(d.actions)) out[name] = [{ index: 0, enabled: true, urls }];
  return { actions: out };
}

function classify(method: string, path: string, query: string): SimRequest['kind'] {
  if (method !== 'GET') return 'write';
  if (/^\/(relay|roller|light|color|white)\/|^\/(reboot|ota|reset)/.test(path)) return 'command';
  if (/^\/settings/.test(path) && query !== '') return 'write';
  if (/^\/(settings|settings\/actions|status|shelly)$/.test(path)) return 'read';
  return 'unknown';
}

/** Starts the simulated Shelly Gen1 device. */
export async function startShellyGen1(opts: SimOptions & { device?: Partial<ShellyGen1Device> } = {}): Promise<SimHandle> {
  const d = { ...DEFAULT_SHELLY_GEN1, ...opts.device };
  const log: SimRequest[] = [];
  const record = createRecorder(log, opts.logFile);
  const timers = new Set<NodeJS.Timeout>();
  const mode = opts.mode ?? 'normal';
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://x');
    record({ method: req.method ?? '?', path: url.pathname + url.search, kind: classify(req.method ?? '?', url.pathname, url.search) });
    if (mode === 'auth') {
      res.writeHead(401, { 'www-authenticate': 'Basic realm="SHSW-1#A1B2C3"' }).end('401 Unauthorized');
      return;
    }
    const send = (body: unknown) => {
      if (mode === 'slow') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{"device":');
        timers.add(setTimeout(() => res.end('{}}'), 60_000));
        return;
      }
      if (mode === 'huge') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{"pad":"');
        for (let i = 0; i < 64; i++) res.write('x'.repeat(16 * 1024));
        res.end('"}');
        return;
      }
      if (mode === 'garbage') {
        res.writeHead(200, { 'content-type': 'application/json' }).end(garbage(300));
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    if (req.method === 'GET' && url.pathname === '/settings' && url.search === '') return send(settings(d, mode === 'wrong-types'));
    if (req.method === 'GET' && url.pathname === '/settings/actions' && url.search === '') return send(actions(d));
    if (req.method === 'GET' && url.pathname === '/shelly') return send({ type: 'SHSW-1', mac: 'A1B2C3D4E5F6', auth: false, fw: '20230913-112003/v1.14.0-gcb84623' });
    res.writeHead(404).end('Not Found');
  });
  return listen(server, opts, log, timers);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) void runSimCli<Partial<ShellyGen1Device>>(startShellyGen1);
