/**
 * A simulated Shelly Gen2+ device (e.g. Plus 1), written from shelly-api-docs.shelly.cloud (Gen2 RPC): methods
 * are called as `GET /rpc/<Method>` (params in the query) or `POST /rpc` with a JSON frame. `*.Get*`, `*.List`
 * read; `*.Set*`, `*.Create`, `*.Update`, `*.Delete`, `Switch.*`, `Shelly.Reboot`, `Script.Start` … operate or
 * write. Digest auth (user `admin`) when enabled: 401 on everything but `Shelly.GetDeviceInfo`.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { pathToFileURL } from 'node:url';
import { createRecorder, garbage, listen, runSimCli, type SimHandle, type SimOptions, type SimRequest } from './sim-common.ts';

/** What the simulated device is configured with. */
export interface ShellyGen2Device {
  cloud: { enable: boolean; server: string; connected: boolean };
  mqtt: { enable: boolean; server: string | null; user: string | null; client_id: string };
  ws: { enable: boolean; server: string | null };
  webhooks: Array<{ name: string; event: string; enable: boolean; urls: string[] }>;
  scripts: Array<{ name: string; enable: boolean; running: boolean }>;
}

/** Cloud on, a local broker, an outbound websocket and a webhook outside the home, one running script. */
export const DEFAULT_SHELLY_GEN2: ShellyGen2Device = {
  cloud: { enable: true, server: 'shelly-103-eu.shelly.cloud:6022/jrpc', connected: true },
  mqtt: { enable: true, server: '192.168.1.10:1883', user: 'ha', client_id: 'shellyplus1-abc' },
  ws: { enable: true, server: 'ws://control.example.net:8080/shelly' },
  webhooks: [{ name: 'notify', event: 'switch.on', enable: true, urls: ['https://hook.example.com/x?token=abc'] }],
  scripts: [{ name: 'presence', enable: true, running: true }],
};

const READ = /^[A-Za-z]+\.(Get[A-Za-z]*|List|ListMethods|ListSupported)$/;

/** Starts the simulated Shelly Gen2 device. */
export async function startShellyGen2(opts: SimOptions & { device?: Partial<ShellyGen2Device> } = {}): Promise<SimHandle> {
  const d = { ...DEFAULT_SHELLY_GEN2, ...opts.device };
  const log: SimRequest[] = [];
  const record = createRecorder(log, opts.logFile);
  const timers = new Set<NodeJS.Timeout>();
  const mode = opts.mode ?? 'normal';
  const wrong = mode === 'wrong-types';
  const methods: Record<string, () => unknown> = {
    'Shelly.GetDeviceInfo': () => ({ name: null, id: 'shellyplus1-abc', mac: 'ABCDEF012345', model: 'SNSW-001X16EU', gen: 2, fw_id: '20231107-164738/1.0.8-g', ver: '1.0.8', app: 'Plus1', auth_en: mode === 'auth', auth_domain: mode === 'auth' ? 'shellyplus1-abc' : null }),
    'Shelly.GetConfig': () =>
      wrong
        ? { cloud: 'yes', mqtt: 1, ws: [null], sys: 'x' }
        : {
            sys: { device: { name: 'Porch', mac: 'ABCDEF012345', fw_id: '20231107-164738/1.0.8-g' }, debug: { websocket: { enable: false }, udp: { addr: null } } },
            cloud: { enable: d.cloud.enable, server: d.cloud.server },
            mqtt: { ...d.mqtt, ssl_ca: null, topic_prefix: 'shellyplus1-abc', rpc_ntf: true, status_ntf: false },
            ws: { ...d.ws, ssl_ca: 'ca.pem' },
            'switch:0': { id: 0, name: null, initial_state: 'match_input' },
          },
    'Cloud.GetStatus': () => (wrong ? { connected: 'very' } : { connected: d.cloud.connected }),
    'Webhook.List': () => (wrong ? { hooks: 'none' } : { hooks: d.webhooks.map((h, i) => ({ id: i + 1, cid: 0, ...h, ssl_ca: 'ca.pem', condition: null, repeat_period: 0 })), rev: 1 }),
    'Script.List': () => (wrong ? { scripts: { a: 1 } } : { scripts: d.scripts.map((s, i) => ({ id: i + 1, ...s })) }),
  };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const rpc = /^\/rpc\/([A-Za-z0-9_.]+)$/.exec(url.pathname);
    const method = rpc?.[1] ?? (req.method === 'POST' && url.pathname === '/rpc' ? 'POST-frame' : '');
    const kind: SimRequest['kind'] = req.method === 'GET' && READ.test(method) ? 'read' : method ? 'command' : 'unknown';
    record({ method: req.method ?? '?', path: url.pathname + url.search, kind });
    if (mode === 'auth' && method !== 'Shelly.GetDeviceInfo') {
      res.writeHead(401, { 'www-authenticate': 'Digest qop="auth", realm="shellyplus1-abc", nonce="60dc59c6", algorithm=SHA-256' }).end();
      return;
    }
    const handler = rpc ? methods[method] : undefined;
    if (!handler) {
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ code: 404, message: `No handler for ${method || url.pathname}` }));
      return;
    }
    if (mode === 'slow') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{');
      timers.add(setTimeout(() => res.end('}'), 60_000));
      return;
    }
    if (mode === 'huge') {
      res.writeHead(200, { 'content-type': 'application/json' });
      for (let i = 0; i < 64; i++) res.write(' '.repeat(16 * 1024));
      res.end('{}');
      return;
    }
    if (mode === 'garbage') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(garbage(256));
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(handler()));
  });
  return listen(server, opts, log, timers);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) void runSimCli<Partial<ShellyGen2Device>>(startShellyGen2);
