/**
 * A simulated TP-Link Kasa plug (or bulb) speaking the legacy local protocol on TCP 9999, written from the public
 * protocol descriptions (softScheck's tplink-smartplug write-up; python-kasa's iot modules): 4-byte big-endian
 * length, autokey XOR with first key 171, JSON `{module: {method: params}}`, one answer per message. Answers
 * `system.get_sysinfo` and the cloud module's `get_info`; logs every method asked, marking `set_*`, `bind`,
 * `unbind`, `reboot`, `reset` … as commands. Its codec is written here again on purpose, so a bug in the
 * checker's codec cannot hide itself.
 */
import { createServer, type Socket } from 'node:net';
import { pathToFileURL } from 'node:url';
import { createRecorder, garbage, listen, runSimCli, type SimHandle, type SimOptions, type SimRequest } from './sim-common.ts';

/** What the simulated plug says about itself. */
export interface KasaDevice {
  kind: 'plug' | 'bulb';
  alias: string;
  model: string;
  /** The bound TP-Link account; undefined = not bound. */
  username?: string;
  server: string;
  connected: boolean;
}

/** A plug bound to an account that is not the household's. */
export const DEFAULT_KASA: KasaDevice = { kind: 'plug', alias: 'Hall lamp', model: 'HS110(EU)', username: 'mallory@example.com', server: 'n-devs.tplinkcloud.com', connected: true };

function encrypt(text: string): Buffer {
  const p = Buffer.from(text, 'utf8');
  const out = Buffer.alloc(p.length + 4);
  out.writeUInt32BE(p.length);
  let k = 171;
  p.forEach((b, i) => {
    k ^= b;
    out[i + 4] = k;
  });
  return out;
}

function decrypt(c: Buffer): string {
  const out = Buffer.alloc(c.length);
  let k = 171;
  c.forEach((b, i) => {
    out[i] = b ^ k;
    k = b;
  });
  return out.toString('utf8');
}

const CLOUD = { plug: 'cnCloud', bulb: 'smartlife.iot.common.cloud' } as const;

function answer(dev: KasaDevice, req: Record<string, Record<string, unknown>>, wrongTypes: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [module, methods] of Object.entries(req)) {
    const m: Record<string, unknown> = {};
    for (const method of Object.keys(methods ?? {})) {
      if (module === 'system' && method === 'get_sysinfo') {
        m[method] = wrongTypes
          ? { alias: 7, model: ['x'], err_code: 0 }
          : { sw_ver: '1.5.4 Build 180815 Rel.121440', hw_ver: '2.0', model: dev.model, alias: dev.alias, mac: '50:C7:BF:00:00:01', relay_state: 1, latitude_i: 0, longitude_i: 0, err_code: 0 };
      } else if (module === CLOUD[dev.kind] && method === 'get_info') {
        m[method] = wrongTypes
          ? { username: { a: 1 }, binded: 'yes', cld_connection: [], server: 5, err_code: 0 }
          : { username: dev.username ?? '', server: dev.server, binded: dev.username ? 1 : 0, cld_connection: dev.connected ? 1 : 0, illegalType: 0, stopConnect: 0, tcspStatus: 1, fwDlPage: '', tcspInfo: '', fwNotifyType: 0, err_code: 0 };
      } else {
        // What a real plug answers for a module or method it lacks.
        out[module] = { err_code: -1, err_msg: 'module not support' };
      }
    }
    if (!(module in out)) out[module] = m;
  }
  return out;
}

function isRead(method: string): boolean {
  return /^get_/.test(method);
}

/** Starts the simulated plug. `device` overrides {@link DEFAULT_KASA}. */
export async function startKasaPlug(opts: SimOptions & { device?: Partial<KasaDevice> } = {}): Promise<SimHandle> {
  const dev = { ...DEFAULT_KASA, ...opts.device };
  const log: SimRequest[] = [];
  const record = createRecorder(log, opts.logFile);
  const timers = new Set<NodeJS.Timeout>();
  const mode = opts.mode ?? 'normal';
  const server = createServer((sock: Socket) => {
    let buf = Buffer.alloc(0);
    sock.on('error', () => sock.destroy());
    sock.on('data', (c: Buffer) => {
      buf = Buffer.concat([buf, c]);
      if (buf.length > 64 * 1024) return sock.destroy();
      while (buf.length >= 4 && buf.length >= 4 + buf.readUInt32BE(0)) {
        const len = buf.readUInt32BE(0);
        const text = decrypt(buf.subarray(4, 4 + len));
        buf = buf.subarray(4 + len);
        let req: Record<string, Record<string, unknown>> = {};
        try {
          req = JSON.parse(text) as typeof req;
        } catch {
          record({ method: 'TCP', path: `unparseable ${len} bytes`, kind: 'unknown' });
          continue;
        }
        const methods = Object.entries(req).flatMap(([mod, ms]) => Object.keys(ms ?? {}).map((m) => `${mod}.${m}`));
        record({ method: 'TCP', path: methods.join(','), kind: methods.every((m) => isRead(m.split('.').pop()!)) ? 'read' : 'command' });
        if (mode === 'slow') {
          // Sends half of a frame, then nothing: the client must give up on its own deadline.
          sock.write(encrypt(JSON.stringify(answer(dev, req, false))).subarray(0, 10));
          return;
        }
        if (mode === 'huge') {
          const big = Buffer.alloc(4 + 1024 * 1024, 0x41);
          big.writeUInt32BE(1024 * 1024);
          sock.write(big);
          sock.end();
          return;
        }
        if (mode === 'garbage') {
          const g = garbage(200);
          g.writeUInt32BE(196);
          sock.end(g);
          return;
        }
        sock.write(encrypt(JSON.stringify(answer(dev, req, mode === 'wrong-types'))));
        sock.end();
      }
    });
  });
  return listen(server, opts, log, timers);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) void runSimCli<Partial<KasaDevice>>(startKasaPlug);
