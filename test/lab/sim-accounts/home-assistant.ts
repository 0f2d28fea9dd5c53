/**
 * A Home Assistant simulation for the account check, written from HA's public WebSocket API (developers.home-
 * assistant.io "WebSocket API"; core's auth, config/auth, cloud and matter handlers): HTTP server with
 * `/api/websocket`, `auth_required` → `auth` → `auth_ok` / `auth_invalid`, then `{id, type}` commands answered
 * with `{id, type: "result", success, result | error}`. A wrong token gets `auth_invalid`, the connection is
 * closed, and — as http/ban.py does — a persistent "Login attempt failed" notification naming the source address
 * is created for every user (modelled as a `notification` log entry).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { pause, SimLog, type SimFailureModes } from './sim-log.ts';

/** What the simulated Home Assistant holds; defaults to a home with planted outside access. */
export interface HaSimData {
  version: string;
  currentUser: { id: string; name: string; is_owner: boolean; is_admin: boolean };
  refreshTokens: Array<Record<string, unknown>>;
  users: Array<Record<string, unknown>>;
  config: Record<string, unknown>;
  cloud: Record<string, unknown>;
  states: Array<Record<string, unknown>>;
  configEntries: Array<Record<string, unknown>>;
  addons: Array<Record<string, unknown>>;
  devices: Array<Record<string, unknown>>;
  fabrics: Record<string, Record<string, unknown>>;
}

/** The planted home: a second admin who may log in from outside, a session on her account from 203.0.113.7, … */
export function defaultHaData(): HaSimData {
  return {
    version: '2025.11.1',
    currentUser: { id: 'u-maria', name: 'Maria', is_owner: true, is_admin: true },
    refreshTokens: [
      { id: 'rt-current', client_id: null, client_name: 'home check', client_icon: null, type: 'long_lived_access_token', created_at: '2026-11-27T20:00:00+00:00', is_current: true, last_used_at: '2026-11-27T20:00:05+00:00', last_used_ip: '192.168.1.50' },
      { id: 'rt-tablet', client_id: 'http://192.168.1.5:8123/', client_name: null, type: 'normal', created_at: '2025-02-01T09:00:00+00:00', is_current: false, last_used_at: '2026-11-26T18:00:00+00:00', last_used_ip: '192.168.1.31' },
      { id: 'rt-pixel', client_id: 'https://home-assistant.io/android', client_name: 'Pixel 7', type: 'normal', created_at: '2026-09-14T22:10:00+00:00', is_current: false, last_used_at: '2026-11-27T02:13:00+00:00', last_used_ip: '203.0.113.7' },
    ],
    users: [
      { id: 'u-maria', username: 'maria', name: 'Maria', is_owner: true, is_active: true, local_only: false, system_generated: false, group_ids: ['system-admin'], credentials: [{ type: 'homeassistant' }] },
      { id: 'u-alex', username: 'alex', name: 'Alex', is_owner: false, is_active: true, local_only: false, system_generated: false, group_ids: ['system-admin'], credentials: [{ type: 'homeassistant' }] },
      { id: 'u-kid', username: 'sam', name: 'Sam', is_owner: false, is_active: true, local_only: true, system_generated: false, group_ids: ['system-users'], credentials: [{ type: 'homeassistant' }] },
      { id: 'u-super', username: null, name: 'Supervisor', is_owner: false, is_active: true, local_only: false, system_generated: true, group_ids: ['system-admin'], credentials: [] },
    ],
    config: { location_name: 'Home', version: '2025.11.1', external_url: null, internal_url: 'http://192.168.1.5:8123', components: ['cloud', 'hassio', 'matter', 'mobile_app', 'person', 'light'] },
    cloud: { logged_in: true, cloud: 'connected', email: 'alex@example.com', remote_domain: 'q1w2e3r4.ui.nabu.casa', remote_connected: true, prefs: { remote_enabled: true, alexa_enabled: false, google_enabled: true, cloudhooks: { 'hook-1': { webhook_id: 'abc', cloudhook_id: 'x' } } }, active_subscription: true },
    states: [
      { entity_id: 'device_tracker.pixel_7', state: 'not_home', attributes: { source_type: 'gps', latitude: 52.5, longitude: 13.4, gps_accuracy: 12, friendly_name: 'Pixel 7' }, last_updated: '2026-11-27T19:58:00+00:00' },
      { entity_id: 'person.maria', state: 'home', attributes: { latitude: 52.52, longitude: 13.41, friendly_name: 'Maria', device_trackers: ['device_tracker.pixel_7'] }, last_updated: '2026-11-27T19:58:00+00:00' },
      { entity_id: 'device_tracker.router_laptop', state: 'home', attributes: { source_type: 'router', friendly_name: 'Laptop' } },
      { entity_id: 'light.kitchen', state: 'on', attributes: { friendly_name: 'Kitchen' } },
    ],
    configEntries: [
      { entry_id: 'ce-phone', domain: 'mobile_app', title: 'Pixel 7', state: 'loaded', disabled_by: null },
      { entry_id: 'ce-hue', domain: 'hue', title: 'Hue Bridge', state: 'loaded', disabled_by: null },
    ],
    addons: [
      { name: 'Cloudflared', slug: 'a0d7b954_cloudflared', state: 'started', version: '5.1.0' },
      { name: 'Samba share', slug: 'core_samba', state: 'started', version: '12.3.2' },
    ],
    devices: [
      { id: 'dev-lock', name: 'Front door lock', name_by_user: null, identifiers: [['matter', 'deviceid_1234-5']] },
      { id: 'dev-lamp', name: 'Kitchen', name_by_user: null, identifiers: [['hue', 'abc']] },
    ],
    fabrics: {
      'dev-lock': { fabric_count: 2, fabric_limit: 16, fabrics: [
        { fabric_id: 1, fabric_index: 1, vendor_id: 0x134b, vendor_name: 'Home Assistant', label: '' },
        { fabric_id: 2, fabric_index: 2, vendor_id: 0x6006, vendor_name: 'Google', label: 'Google Home' },
      ] },
    },
  };
}

export interface HaSimOptions extends SimFailureModes {
  /** The one token the simulation accepts. */
  token: string;
  data?: HaSimData;
  host?: string;
}

export interface HaSim {
  url: string;
  log: SimLog;
  close(): Promise<void>;
}

// Reads the check may use; any other command is logged as a write.
const READS = new Set(['auth/current_user', 'auth/refresh_tokens', 'get_config', 'cloud/status', 'get_states', 'config/auth/list', 'config_entries/get', 'supervisor/api', 'config/device_registry/list', 'matter/get_fabrics']);
const ADMIN_ONLY = new Set(['config/auth/list', 'config_entries/get', 'supervisor/api', 'config/device_registry/list', 'matter/get_fabrics']);

/** Starts the simulation on `host` (default 127.0.0.1) and an ephemeral port. */
export async function startHomeAssistantSim(opts: HaSimOptions): Promise<HaSim> {
  const data = opts.data ?? defaultHaData();
  const log = new SimLog();
  const server: Server = createServer((req, res) => {
    log.add(req.socket.remoteAddress, 'connect', `HTTP ${req.method} ${req.url}`);
    res.writeHead(404).end();
  });
  const wss = new WebSocketServer({ server, path: '/api/websocket' });
  wss.on('connection', (ws: WebSocket, req) => {
    const from = req.socket.remoteAddress;
    log.add(from, 'connect', 'websocket open');
    let authed = false;
    const send = async (msg: unknown): Promise<void> => {
      await pause(opts.slowMs);
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(msg));
    };
    void send({ type: 'auth_required', ha_version: data.version });
    ws.on('message', (raw) => void handle(raw.toString()));
    const handle = async (text: string): Promise<void> => {
      let msg: Record<string, unknown>;
      try {
        msg = JSON.parse(text) as Record<string, unknown>;
      } catch {
        ws.close(1003);
        return;
      }
      if (!authed) {
        if (msg.type !== 'auth') return;
        if (msg.access_token === opts.token) {
          authed = true;
          log.add(from, 'auth', 'auth', 'valid');
          await send({ type: 'auth_ok', ha_version: data.version });
        } else {
          log.add(from, 'auth', 'auth', 'invalid');
          // http/ban.py process_wrong_login: a persistent notification every user sees, naming the address.
          log.add(from, 'notification', `Login attempt failed: login attempt or request with invalid authentication from ${from}`);
          await send({ type: 'auth_invalid', message: 'Invalid access token or password' });
          ws.close();
        }
        return;
      }
      const id = msg.id;
      const type = String(msg.type);
      if (!READS.has(type)) {
        log.add(from, 'write', type);
        await send({ id, type: 'result', success: false, error: { code: 'unknown_command', message: 'Unknown command.' } });
        return;
      }
      if (ADMIN_ONLY.has(type) && !data.currentUser.is_admin) {
        log.add(from, 'refused', type);
        await send({ id, type: 'result', success: false, error: { code: 'unauthorized', message: 'Unauthorized' } });
        return;
      }
      log.add(from, 'read', type === 'supervisor/api' ? `${type} ${String(msg.endpoint)}` : type);
      await send({ id, type: 'result', success: true, result: answer(type, msg) });
    };
  });
  const answer = (type: string, msg: Record<string, unknown>): unknown => {
    switch (type) {
      case 'auth/current_user': return { ...data.currentUser, credentials: [{ auth_provider_type: 'homeassistant', auth_provider_id: null }], mfa_modules: [] };
      case 'auth/refresh_tokens': return data.refreshTokens;
      case 'get_config': return data.config;
      case 'cloud/status': return data.cloud;
      case 'get_states': return opts.hugeBytes ? [...data.states, { entity_id: 'sensor.padding', state: 'x'.repeat(opts.hugeBytes), attributes: {} }] : data.states;
      case 'config/auth/list': return data.users;
      case 'config_entries/get': return data.configEntries;
      case 'supervisor/api': return msg.endpoint === '/addons' ? { addons: data.addons } : {};
      case 'config/device_registry/list': return data.devices;
      case 'matter/get_fabrics': return data.fabrics[String(msg.device_id)] ?? { fabric_count: 0, fabric_limit: 16, fabrics: [] };
      default: return null;
    }
  };
  await new Promise<void>((resolve) => server.listen(0, opts.host ?? '127.0.0.1', resolve));
  const { address, port } = server.address() as AddressInfo;
  return {
    url: `http://${address}:${port}`,
    log,
    close: () =>
      new Promise<void>((resolve) => {
        for (const c of wss.clients) c.terminate();
        wss.close();
        server.close(() => resolve());
      }),
  };
}
