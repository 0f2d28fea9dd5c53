/**
 * Pure mapping of OpenWrt ubus answers (ACCOUNTS.md §3d) to access entries: firewall redirects (port forwards),
 * WAN rules opening the admin ports, DDNS services, SSH on the WAN side, WireGuard peers with last handshake.
 * UCI values are strings or string lists; a section is `{".type", ".name", ...options}`.
 */
import type { AccessEntry } from '../contract.ts';
import { accessPhrase, detailOf, makeEntry, type EntryContext } from './access-entry.ts';
import { ddnsLabel } from './fritzbox-map.ts';
import { isOutsideAddress, splitHostPort } from './ip-scope.ts';
import { asArray, asIsoTime, asRecord, asText } from './json-shape.ts';

/** One JSON-RPC answer from `/ubus`: ubus status and data, or the JSON-RPC error code. */
export type UbusReply = { status: number; data: unknown } | { rpcError: number };

/** Reads `{jsonrpc, id, result: [status, data?]}` or `{error: {code}}`; null when it is neither. */
export function parseUbusReply(body: unknown): UbusReply | null {
  const r = asRecord(body);
  if (!r) return null;
  const err = asRecord(r.error);
  if (err && typeof err.code === 'number') return { rpcError: err.code };
  const result = r.result;
  if (!Array.isArray(result) || typeof result[0] !== 'number') return null;
  return { status: result[0], data: result[1] };
}

/** The sections of a `uci get {config}` answer, each with its `.type` and `.name`. */
export function uciSections(data: unknown): Array<Record<string, unknown>> {
  const values = asRecord(asRecord(data)?.values);
  if (!values) return [];
  const out: Array<Record<string, unknown>> = [];
  for (const [name, v] of Object.entries(values)) {
    const s = asRecord(v);
    if (s) out.push({ '.name': name, ...s });
  }
  return out;
}

/** A UCI option that may be a list or a space-separated string, as a list of strings. */
export function uciList(v: unknown): string[] {
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string').flatMap((x) => x.split(/\s+/)).filter(Boolean);
  return typeof v === 'string' ? v.split(/\s+/).filter(Boolean) : [];
}

function enabled(s: Record<string, unknown>): boolean {
  return s.enabled !== '0' && s.enabled !== 0 && s.enabled !== false;
}

/** True when a port list ("22", "80 443", "8000-8100", "22:23") contains `port`. */
export function portListHas(ports: string[], port: number): boolean {
  return ports.some((p) => {
    const m = /^(\d{1,5})(?:[-:](\d{1,5}))?$/.exec(p);
    if (!m) return false;
    const lo = Number(m[1]);
    const hi = m[2] ? Number(m[2]) : lo;
    return port >= lo && port <= hi;
  });
}

/** Firewall `redirect` sections from the WAN (DNAT): port forwards into the home. */
export function mapPortForwards(firewall: unknown, ctx: EntryContext): AccessEntry[] {
  const out: AccessEntry[] = [];
  for (const s of uciSections(firewall)) {
    if (s['.type'] !== 'redirect' || !enabled(s)) continue;
    if ((asText(s.target) ?? 'DNAT') !== 'DNAT' || (asText(s.src) ?? 'wan') !== 'wan') continue;
    const ext = asText(s.src_dport, 40);
    const destIp = asText(s.dest_ip, 64);
    const destPort = asText(s.dest_port, 40) ?? ext;
    const proto = uciList(s.proto).join('/') || 'tcp/udp';
    const name = asText(s.name, 100);
    const from = asText(s.src_ip, 64);
    out.push(
      makeEntry(ctx, {
        key: `forward-${asText(s['.name'], 64) ?? out.length}`,
        kind: 'port-mapping',
        label: accessPhrase('port-mapping-label', {
          from: '',
          protocol: proto.toUpperCase(),
          port: ext ?? accessPhrase('openwrt-all-ports'),
          target: destIp ? `${destIp}${destPort ? `:${destPort}` : ''}` : accessPhrase(destPort ? 'openwrt-the-router-port' : 'openwrt-the-router', { port: destPort ?? '' }),
        }),
        detail: detailOf([name && ['openwrt-rule', { name }], from && ['account-only-from', { host: from }]]),
        outside: true,
      }),
    );
  }
  return out;
}

/** Firewall `rule` sections that accept WAN traffic to the router itself on an admin port. */
export function mapWanAdminRules(firewall: unknown, adminPorts: readonly number[], ctx: EntryContext): AccessEntry[] {
  const out: AccessEntry[] = [];
  for (const s of uciSections(firewall)) {
    if (s['.type'] !== 'rule' || !enabled(s) || s.src !== 'wan' || s.dest !== undefined || s.target !== 'ACCEPT') continue;
    const ports = uciList(s.dest_port);
    const open = adminPorts.filter((p) => portListHas(ports, p));
    if (open.length === 0) continue;
    const name = asText(s.name, 100);
    const from = asText(s.src_ip, 64);
    out.push(
      makeEntry(ctx, {
        key: `wan-admin-${asText(s['.name'], 64) ?? out.length}`,
        kind: 'remote-admin',
        label: accessPhrase('openwrt-wan-admin-label', { ports: open.join(', ') }),
        detail: detailOf([name && ['openwrt-rule', { name }], from && ['account-only-from', { host: from }]]),
        outside: true,
      }),
    );
  }
  return out;
}

/** Ports the admin services listen on: dropbear `Port` and uhttpd `listen_http(s)`, for the WAN-rule check. */
export function adminPortsFrom(dropbear: unknown, uhttpd: unknown, defaults: readonly number[]): number[] {
  const ports = new Set(defaults);
  for (const s of uciSections(dropbear)) {
    const p = Number(asText(s.Port, 5) ?? '22');
    if (Number.isInteger(p) && p > 0 && p < 65536) ports.add(p);
  }
  for (const s of uciSections(uhttpd)) {
    for (const l of [...uciList(s.listen_http), ...uciList(s.listen_https)]) {
      const p = Number(/:(\d{1,5})$/.exec(l)?.[1]);
      if (Number.isInteger(p) && p > 0 && p < 65536) ports.add(p);
    }
  }
  return [...ports].sort((a, b) => a - b);
}

/** dropbear instances bound to the WAN interface. */
export function mapDropbearWan(dropbear: unknown, ctx: EntryContext): AccessEntry[] {
  return uciSections(dropbear)
    .filter((s) => s['.type'] === 'dropbear' && enabled(s) && s.Interface === 'wan')
    .map((s, i) =>
      makeEntry(ctx, {
        key: `ssh-wan-${asText(s['.name'], 64) ?? i}`,
        kind: 'remote-admin',
        label: accessPhrase('openwrt-ssh-wan-label'),
        detail: detailOf([['account-port', { port: asText(s.Port, 5) ?? '22' }], 'openwrt-ssh-wan']),
      }),
    );
}

/** Enabled DDNS `service` sections: a name on the internet that follows the home's address. */
export function mapDdns(ddns: unknown, ctx: EntryContext): AccessEntry[] {
  const out: AccessEntry[] = [];
  for (const s of uciSections(ddns)) {
    if (s['.type'] !== 'service' || s.enabled !== '1') continue;
    const host = asText(s.lookup_host, 253) ?? asText(s.domain, 253);
    const provider = asText(s.service_name, 100) ?? asText(s.update_url, 200);
    const user = asText(s.username, 100);
    out.push(
      makeEntry(ctx, {
        key: `ddns-${asText(s['.name'], 64) ?? out.length}`,
        kind: 'cloud-account',
        label: ddnsLabel(host, provider),
        detail: detailOf([user && ['account-ddns-account', { account: user }]]),
        outside: true,
      }),
    );
  }
  return out;
}

/** `luci.wireguard getWgInstances`: every peer, its endpoint and latest handshake. */
export function mapWireguardPeers(instances: unknown, ctx: EntryContext): AccessEntry[] {
  const out: AccessEntry[] = [];
  for (const [iface, v] of Object.entries(asRecord(instances) ?? {})) {
    for (const item of asArray(asRecord(v)?.peers)) {
      const p = asRecord(item);
      const key = asText(p?.public_key, 64);
      if (!p || !key) continue;
      const endpoint = asText(p.endpoint, 80);
      const hp = endpoint && endpoint !== '(none)' ? splitHostPort(endpoint) : null;
      const outside = hp ? isOutsideAddress(hp.host) : null;
      const handshake = asIsoTime(p.latest_handshake);
      const name = asText(p.name, 100);
      const inside = asArray(p.allowed_ips).filter((x) => typeof x === 'string').join(', ');
      const peer = name ? accessPhrase('openwrt-peer-name', { name }) : accessPhrase('openwrt-peer-key', { key: key.slice(0, 8) });
      out.push(
        makeEntry(ctx, {
          key: `wg-${iface}-${key.slice(0, 8)}`,
          kind: 'vpn-peer',
          label: accessPhrase(handshake ? 'openwrt-peer-label' : 'openwrt-peer-label-never', { peer, iface }),
          detail: detailOf([
            hp !== null && [outside ? 'openwrt-last-from-outside' : 'openwrt-last-from', { address: hp.host }],
            handshake && ['openwrt-last-connected', { time: handshake }],
            inside && ['openwrt-inside-addresses', { addresses: inside }],
          ]),
          ...(outside !== null ? { outside } : {}),
          ...(handshake ? { lastUsed: handshake } : {}),
        }),
      );
    }
  }
  return out;
}
