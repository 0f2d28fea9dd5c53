/**
 * An OpenWrt ubus-over-HTTP simulation, written from openwrt.org's ubus and session documentation and rpcd's
 * JSON-RPC shape: `POST /ubus` `{jsonrpc:"2.0", id, method:"call", params:[sid, object, method, args]}` answered
 * with `result: [status, data?]`. `session login` with the all-zero sid gives `ubus_rpc_session`; a wrong password
 * gives status 6 (permission denied). Reads: `uci get`, `luci.wireguard getWgInstances`; `session destroy` logs
 * out. Any other call is logged as a write and refused. Whether real OpenWrt writes a syslog line for a ubus
 * login is unverified (ACCOUNTS.md [verify]), so this simulation records only the session, not a log line.
 */
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readBody, replyJson } from './json-http.ts';
import { SimLog, type SimFailureModes } from './sim-log.ts';

type Section = Record<string, unknown>;

function uci(sections: Array<[string, string, Record<string, unknown>]>): Record<string, Section> {
  const out: Record<string, Section> = {};
  sections.forEach(([name, type, opts], index) => {
    out[name] = { '.anonymous': name.startsWith('cfg'), '.type': type, '.name': name, '.index': index, ...opts };
  });
  return out;
}

/** The planted router: a camera port forward, SSH open to the WAN, a DuckDNS name, a WireGuard peer seen outside. */
export function defaultOpenWrtData(): { configs: Record<string, Record<string, Section>>; wireguard: Record<string, unknown> } {
  return {
    configs: {
      firewall: uci([
        ['cfg01', 'defaults', { input: 'REJECT', output: 'ACCEPT', forward: 'REJECT', syn_flood: '1' }],
        ['cfg02', 'zone', { name: 'lan', network: ['lan'], input: 'ACCEPT' }],
        ['cfg03', 'zone', { name: 'wan', network: ['wan', 'wan6'], input: 'REJECT', masq: '1' }],
        ['cfg04', 'rule', { name: 'Allow-DHCP-Renew', src: 'wan', proto: 'udp', dest_port: '68', target: 'ACCEPT', family: 'ipv4' }],
        ['cfg05', 'rule', { name: 'Allow-SSH-WAN', src: 'wan', proto: 'tcp', dest_port: '22', target: 'ACCEPT' }],
        ['cfg06', 'rule', { name: 'Allow-WireGuard', src: 'wan', proto: 'udp', dest_port: '51820', target: 'ACCEPT' }],
        ['cfg07', 'redirect', { name: 'camera', src: 'wan', src_dport: '8554', dest: 'lan', dest_ip: '192.168.1.20', dest_port: '554', proto: ['tcp'], target: 'DNAT' }],
        ['cfg08', 'redirect', { name: 'old-game', src: 'wan', src_dport: '27015', dest: 'lan', dest_ip: '192.168.1.40', proto: ['udp'], target: 'DNAT', enabled: '0' }],
      ]),
      ddns: uci([
        ['global', 'ddns', { ddns_dateformat: '%F %R', ddns_loglines: '250' }],
        ['myddns_ipv4', 'service', { enabled: '1', service_name: 'duckdns.org', lookup_host: 'alexhome.duckdns.org', domain: 'alexhome.duckdns.org', username: 'alexhome', password: 'ddns-secret-not-for-results', interface: 'wan' }],
        ['myddns_ipv6', 'service', { enabled: '0', service_name: 'duckdns.org', lookup_host: 'x.duckdns.org', use_ipv6: '1' }],
      ]),
      dropbear: uci([['cfg011', 'dropbear', { PasswordAuth: 'on', RootPasswordAuth: 'on', Port: '22', Interface: 'lan' }]]),
      uhttpd: uci([['main', 'uhttpd', { listen_http: ['0.0.0.0:80', '[::]:80'], listen_https: ['0.0.0.0:443', '[::]:443'], home: '/www' }]]),
    },
    wireguard: {
      wg0: {
        name: 'wg0', public_key: 'c2VydmVyLXB1YmxpYy1rZXktZm9yLXRoZS1zaW0xMjM=', listen_port: '51820', fwmark: 'off',
        peers: [
          { name: 'maria-phone', public_key: 'bWFyaWEtcGhvbmUta2V5LWZvci10aGUtc2ltLTEyMzQ=', endpoint: '(none)', allowed_ips: ['10.0.0.2/32'], latest_handshake: '0', transfer_rx: '0', transfer_tx: '0', persistent_keepalive: 'off' },
          { name: 'laptop-x', public_key: 'bGFwdG9wLXgta2V5LWZvci10aGUtc2ltLTEyMzQ1Njc=', endpoint: '198.51.100.23:51820', allowed_ips: ['10.0.0.3/32'], latest_handshake: '1764205980', transfer_rx: '88231', transfer_tx: '1022931', persistent_keepalive: '25' },
        ],
      },
    },
  };
}

export interface OpenWrtSimOptions extends SimFailureModes {
  username?: string;
  password: string;
  /** Objects a read-only login may not call (e.g. `luci.wireguard`). */
  denied?: string[];
  data?: ReturnType<typeof defaultOpenWrtData>;
  host?: string;
}

export interface OpenWrtSim {
  url: string;
  log: SimLog;
  /** Sessions open right now (what `session list` would show). */
  sessions: Set<string>;
  close(): Promise<void>;
}

const ZERO = '00000000000000000000000000000000';

/** Starts the simulation on an ephemeral port. */
export async function startOpenWrtSim(opts: OpenWrtSimOptions): Promise<OpenWrtSim> {
  const log = new SimLog();
  const data = opts.data ?? defaultOpenWrtData();
  const sessions = new Set<string>();
  const server = createServer((req, res) => void (async () => {
    const from = req.socket.remoteAddress;
    if (req.method !== 'POST' || req.url !== '/ubus') {
      log.add(from, 'connect', `${req.method} ${req.url}`);
      return replyJson(res, 404, { error: 'not found' }, opts.slowMs);
    }
    let msg: Record<string, unknown>;
    try {
      msg = JSON.parse(await readBody(req)) as Record<string, unknown>;
    } catch {
      return replyJson(res, 200, { jsonrpc: '2.0', id: null, error: { code: -32700, message: 'Parse error' } }, opts.slowMs);
    }
    const id = msg.id ?? null;
    const [sid, object, method, args] = (Array.isArray(msg.params) ? msg.params : []) as [string, string, string, Record<string, unknown>];
    const result = (r: unknown[]): Promise<void> => replyJson(res, 200, { jsonrpc: '2.0', id, result: r }, opts.slowMs);
    if (object === 'session' && method === 'login' && sid === ZERO) {
      if (args?.username === (opts.username ?? 'root') && args?.password === opts.password) {
        const s = randomBytes(16).toString('hex');
        sessions.add(s);
        log.add(from, 'auth', 'session login', 'valid');
        return result([0, { ubus_rpc_session: s, timeout: 300, expires: 300, acls: { 'access-group': { superuser: ['read', 'write'] } }, data: { username: args.username } }]);
      }
      log.add(from, 'auth', 'session login', 'invalid');
      return result([6]);
    }
    if (!sessions.has(sid)) {
      log.add(from, 'refused', `${object} ${method} without a session`);
      return replyJson(res, 200, { jsonrpc: '2.0', id, error: { code: -32002, message: 'Access denied' } }, opts.slowMs);
    }
    if (object === 'session' && method === 'destroy') {
      sessions.delete(sid);
      log.add(from, 'connect', 'session destroy (logout)');
      return result([0]);
    }
    if (opts.denied?.includes(object)) {
      log.add(from, 'refused', `${object} ${method}`);
      return replyJson(res, 200, { jsonrpc: '2.0', id, error: { code: -32002, message: 'Access denied' } }, opts.slowMs);
    }
    if (object === 'uci' && method === 'get' && typeof args?.config === 'string') {
      log.add(from, 'read', `uci get ${args.config}`);
      const values = data.configs[args.config];
      if (!values) return result([4]);
      const padded = opts.hugeBytes && args.config === 'firewall'
        ? { ...values, cfgpad: { '.type': 'include', '.name': 'cfgpad', path: 'x'.repeat(opts.hugeBytes) } }
        : values;
      return result([0, { values: padded }]);
    }
    if (object === 'luci.wireguard' && method === 'getWgInstances') {
      log.add(from, 'read', 'luci.wireguard getWgInstances');
      return result([0, data.wireguard]);
    }
    log.add(from, 'write', `${object} ${method}`);
    return result([6]);
  })());
  await new Promise<void>((r) => server.listen(0, opts.host ?? '127.0.0.1', r));
  const { address, port } = server.address() as AddressInfo;
  return {
    url: `http://${address}:${port}`,
    log,
    sessions,
    close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}
