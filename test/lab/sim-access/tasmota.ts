/**
 * A simulated Tasmota device, written from Tasmota's webserver (HandleInformation, HandleHttpCommand) and
 * tasmota.github.io/docs: `GET /in` is the information page, whose table is a script string with `}1` (new row)
 * and `}2` (name/value) markers; `GET /cm?cmnd=…` runs a command (and, on a real device, publishes the result on
 * MQTT), logged here as a command. Basic auth when a WebPassword is set (mode `auth`).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { pathToFileURL } from 'node:url';
import { createRecorder, garbage, listen, runSimCli, type SimHandle, type SimOptions, type SimRequest } from './sim-common.ts';

/** What the simulated device is configured with. `mqtt: null` = MQTT disabled. */
export interface TasmotaDevice {
  version: string;
  mqtt: { host: string; port: number; user: string; client: string; topic: string } | null;
}

/** MQTT to a broker outside the home. */
export const DEFAULT_TASMOTA: TasmotaDevice = {
  version: '14.3.0(release-tasmota)',
  mqtt: { host: 'broker.example.org', port: 8883, user: 'DVES_USER', client: 'DVES_4C11AE', topic: 'tasmota_4C11AE' },
};

function infoPage(d: TasmotaDevice): string {
  const rows = [
    `Program Version}2${d.version}`,
    '}1Build Date & Time}22025-01-10T10:00:00',
    '}1Uptime}20T01:02:03',
    '}1}2&nbsp;',
    '}1Hostname}2tasmota-4C11AE-0430.local',
    '}1IP Address (wifi)}2192.168.1.44',
    '}1}2&nbsp;',
  ];
  if (d.mqtt) {
    rows.push(
      `}1MQTT Host}2${d.mqtt.host}`,
      `}1MQTT Port}2${d.mqtt.port}`,
      `}1MQTT User}2${d.mqtt.user}`,
      `}1MQTT Client}2${d.mqtt.client}`,
      `}1MQTT Topic}2${d.mqtt.topic}`,
      `}1MQTT Full Topic}2cmnd/${d.mqtt.topic}/`,
      '}1MQTT No Retain}2Disabled',
    );
  } else rows.push('}1MQTT}2Disabled');
  return (
    "<!DOCTYPE html><html lang=\"en\"><head><meta charset='utf-8'><title>Tasmota - Information</title>" +
    '<script>function i(){var s,o="' +
    "<table style='width:100%'><tr><th>" +
    rows.join('') +
    '</td></tr></table>' +
    "\";s=o.replace(/}1/g,\"</td></tr><tr><th>\").replace(/}2/g,\"</th><td>\");eb('i').innerHTML=s;}wl(i);</script>" +
    "</head><body><div id='i' name='i'></div></body></html>"
  );
}

/** Starts the simulated Tasmota device. */
export async function startTasmota(opts: SimOptions & { device?: Partial<TasmotaDevice> } = {}): Promise<SimHandle> {
  const d = { ...DEFAULT_TASMOTA, ...opts.device };
  const log: SimRequest[] = [];
  const record = createRecorder(log, opts.logFile);
  const timers = new Set<NodeJS.Timeout>();
  const mode = opts.mode ?? 'normal';
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const kind: SimRequest['kind'] = url.pathname === '/cm' || url.search !== '' ? 'command' : req.method === 'GET' ? 'read' : 'write';
    record({ method: req.method ?? '?', path: url.pathname + url.search, kind });
    if (mode === 'auth') {
      res.writeHead(401, { 'www-authenticate': 'Basic realm="tasmota"' }).end();
      return;
    }
    if (url.pathname === '/cm') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ Command: 'Unknown' }));
      return;
    }
    if (req.method !== 'GET' || url.pathname !== '/in') {
      res.writeHead(404).end();
      return;
    }
    if (mode === 'slow') {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.write('<!DOCTYPE html><html>');
      timers.add(setTimeout(() => res.end('</html>'), 60_000));
      return;
    }
    if (mode === 'huge') {
      res.writeHead(200, { 'content-type': 'text/html' });
      for (let i = 0; i < 64; i++) res.write('<tr><th>x</th><td>y</td></tr>'.repeat(560));
      res.end();
      return;
    }
    if (mode === 'garbage' || mode === 'wrong-types') {
      res.writeHead(200, { 'content-type': 'text/html' }).end(garbage(512));
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html' }).end(infoPage(d));
  });
  return listen(server, opts, log, timers);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) void runSimCli<Partial<TasmotaDevice>>(startTasmota);
