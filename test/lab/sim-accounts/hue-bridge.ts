/**
 * A Hue bridge simulation for the account check, written from the public Hue API documentation (v1 `/api`,
 * whitelist security update of API 1.31) and openhue-api (CLIP v2): `POST /api` with `devicetype` creates an
 * application key only while the link button is pressed (else error type 101); `GET /api/<key>/config` lists the
 * whitelist and portal state; CLIP v2 `GET /clip/v2/resource/<type>` over HTTPS with `hue-application-key`.
 * Creating a key is the one documented write; it is logged as such.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { HUE_SIM_CERT, HUE_SIM_KEY } from './hue-bridge-cert.ts';
import { pause, SimLog, type SimFailureModes } from './sim-log.ts';

type Json = Record<string, unknown>;

/** The planted bridge: an app added through the cloud at night, remote access on, shared with Google Home. */
export function defaultHueWhitelist(): Record<string, Json> {
  return {
    'maria-iphone-key-0001': { name: 'Hue 4#Maria iPhone', 'create date': '2024-03-01T10:00:00', 'last use date': '2026-11-27T19:00:00' },
    'ifttt-cloud-key-00002': { name: 'IFTTT#cloud', 'create date': '2026-09-15T01:02:03', 'last use date': '2026-11-27T02:14:00' },
    'homeassistant-key-003': { name: 'hass-hue#homeassistant', 'create date': '2025-01-10T08:00:00', 'last use date': '2026-11-27T20:59:00' },
  };
}

export interface HueSimOptions extends SimFailureModes {
  /** Whether the link button is pressed when the check starts (default true). */
  buttonPressed?: boolean;
  whitelist?: Record<string, Json>;
  host?: string;
}

export interface HueSim {
  /** v1 base URL (HTTP). */
  url: string;
  /** CLIP v2 base URL (HTTPS, self-signed). */
  clipUrl: string;
  log: SimLog;
  /** Application keys created during the run. */
  created: string[];
  pressButton(): void;
  close(): Promise<void>;
}

/** Starts the simulation (HTTP for v1 and HTTPS for CLIP v2) on ephemeral ports. */
export async function startHueSim(opts: HueSimOptions = {}): Promise<HueSim> {
  const log = new SimLog();
  const whitelist: Record<string, Json> = { ...(opts.whitelist ?? defaultHueWhitelist()) };
  const created: string[] = [];
  let pressed = opts.buttonPressed ?? true;
  const bridgeId = '001788FFFE2A3B4C';

  const reply = async (res: ServerResponse, status: number, body: unknown): Promise<void> => {
    await pause(opts.slowMs);
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  };
  const readBody = (req: IncomingMessage): Promise<string> =>
    new Promise((resolve) => {
      let s = '';
      req.on('data', (c: Buffer) => { if (s.length < 65536) s += c.toString('utf8'); });
      req.on('end', () => resolve(s));
    });
  const unauthorized = (path: string): unknown => [{ error: { type: 1, address: path, description: 'unauthorized user' } }];

  const v1 = createServer((req, res) => void (async () => {
    const from = req.socket.remoteAddress;
    const path = (req.url ?? '/').split('?')[0]!;
    if (req.method === 'POST' && path === '/api') {
      let body: Json = {};
      try { body = JSON.parse(await readBody(req)) as Json; } catch { /* answered below as a bad body */ }
      const devicetype = typeof body.devicetype === 'string' ? body.devicetype : '';
      if (!pressed) {
        log.add(from, 'auth', `POST /api devicetype=${devicetype} (button not pressed)`, 'invalid');
        return reply(res, 200, [{ error: { type: 101, address: '', description: 'link button not pressed' } }]);
      }
      const key = randomBytes(20).toString('hex');
      whitelist[key] = { name: devicetype, 'create date': new Date().toISOString().slice(0, 19), 'last use date': new Date().toISOString().slice(0, 19) };
      created.push(key);
      log.add(from, 'auth', 'POST /api (link button)', 'valid');
      log.add(from, 'write', `created app "${devicetype}"`);
      return reply(res, 200, [{ success: { username: key, ...(body.generateclientkey ? { clientkey: randomBytes(16).toString('hex').toUpperCase() } : {}) } }]);
    }
    const m = /^\/api\/([^/]+)\/config$/.exec(path);
    if (req.method === 'GET' && m) {
      const key = m[1]!;
      if (!whitelist[key]) {
        log.add(from, 'refused', `GET ${path.replace(key, '<key>')}`);
        return reply(res, 200, unauthorized(`/${path.split('/').slice(3).join('/')}`));
      }
      log.add(from, 'read', 'GET /api/<key>/config');
      const list = { ...whitelist };
      if (opts.hugeBytes) list.padding = { name: 'x'.repeat(opts.hugeBytes), 'create date': '2020-01-01T00:00:00', 'last use date': '2020-01-01T00:00:00' };
      return reply(res, 200, {
        name: 'Hue Bridge', bridgeid: bridgeId, apiversion: '1.68.0', swversion: '1968096020', modelid: 'BSB002',
        whitelist: list, portalservices: true, portalconnection: 'connected',
        portalstate: { signedon: true, incoming: true, outgoing: true, communication: 'disconnected' },
        internetservices: { internet: 'connected', remoteaccess: 'connected', time: 'connected', swupdate: 'connected' },
      });
    }
    log.add(from, req.method === 'GET' ? 'connect' : 'write', `${req.method} ${path}`);
    return reply(res, 404, unauthorized(path));
  })());

  const v2Data: Record<string, unknown[]> = {
    matter_fabric: [{ id: 'mf-google', type: 'matter_fabric', status: 'paired', fabric_data: { label: 'Google Home', vendor_id: 0x6006 }, creation_time: '2026-09-15T01:10:00Z' }],
    homekit: [{ id: 'hk-1', type: 'homekit', status: 'unpaired' }],
    geofence_client: [
      { id: 'gf-pixel', type: 'geofence_client', name: 'Pixel 7', is_at_home: false },
      { id: 'gf-aiohue', type: 'geofence_client', name: 'aiohue_1732740000', is_at_home: false },
    ],
  };
  const v2 = createTlsServer({ key: HUE_SIM_KEY, cert: HUE_SIM_CERT }, (req, res) => void (async () => {
    const from = req.socket.remoteAddress;
    const m = /^\/clip\/v2\/resource\/([a-z_]+)$/.exec(req.url ?? '');
    const key = req.headers['hue-application-key'];
    if (req.method !== 'GET' || !m) {
      log.add(from, req.method === 'GET' ? 'connect' : 'write', `${req.method} ${req.url}`);
      return reply(res, 404, { errors: [{ description: 'Not Found' }], data: [] });
    }
    if (typeof key !== 'string' || !whitelist[key]) {
      log.add(from, 'refused', `GET ${req.url}`);
      return reply(res, 403, { errors: [{ description: 'unauthorized user' }], data: [] });
    }
    log.add(from, 'read', `GET ${req.url}`);
    return reply(res, 200, { errors: [], data: v2Data[m[1]!] ?? [] });
  })());

  const listen = (s: Server | ReturnType<typeof createTlsServer>): Promise<AddressInfo> =>
    new Promise((resolve) => s.listen(0, opts.host ?? '127.0.0.1', () => resolve(s.address() as AddressInfo)));
  const a1 = await listen(v1);
  const a2 = await listen(v2);
  return {
    url: `http://${a1.address}:${a1.port}`,
    clipUrl: `https://${a2.address}:${a2.port}`,
    log,
    created,
    pressButton: () => { pressed = true; },
    close: async () => {
      for (const s of [v1, v2]) {
        s.closeAllConnections();
        await new Promise<void>((r) => s.close(() => r()));
      }
    },
  };
}
