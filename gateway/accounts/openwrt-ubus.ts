/**
 * OpenWrt account check (ACCOUNTS.md §3d): JSON-RPC to `/ubus`. `session login` with the owner's password (once),
 * then read-only calls with the session id — `uci get` firewall/ddns/dropbear/uhttpd and `luci.wireguard
 * getWgInstances` — and `session destroy` at the end. The router may log the login (N1).
 */
import type { AccessEntry } from '../contract.ts';
import type { EntryContext } from './access-entry.ts';
import { accountCheck, knowledgeList, knowledgeNumber } from './catalog.ts';
import type { LangText } from '../rules/render.ts';
import { errorWord, failure, failureOf, type AccountTarget, type CheckOptions, type CheckResult, type Failure, type ResolvedOptions } from './check-types.ts';
import { httpCall, parseJson, resolveOptions } from './http-call.ts';
import { asRecord, asText } from './json-shape.ts';
import {
  adminPortsFrom, mapDdns, mapDropbearWan, mapPortForwards, mapWanAdminRules, mapWireguardPeers, parseUbusReply,
  uciSections, type UbusReply,
} from './openwrt-map.ts';
import { checkTargetUrl, originOf } from './target-guard.ts';

const CHECK_ID = 'openwrt-ubus';
// rpcd's session id before login (rpcd session.h RPC_DEFAULT_SESSION_ID).
const NO_SESSION = '00000000000000000000000000000000';
// ubus status 6 = UBUS_STATUS_PERMISSION_DENIED; JSON-RPC -32002 = uhttpd-mod-ubus "Access denied".
const PERMISSION_DENIED = 6;
const ACCESS_DENIED = -32002;

/** The router login the owner typed. */
export interface OpenWrtCredential {
  username: string;
  password: string;
}

async function ubus(o: ResolvedOptions, url: string, id: number, params: unknown[], what: LangText): Promise<{ reply: UbusReply } | Failure> {
  const r = await httpCall(o, url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id, method: 'call', params }),
  }, what);
  if (!r.ok) return failureOf(r);
  const reply = parseUbusReply(parseJson(r.text));
  return reply ? { reply } : failure('openwrt-not-understood', { what });
}

/**
 * Runs the OpenWrt check. Facts: `unavailable` (call → reason, e.g. a read-only login without that right),
 * `sessionClosed`, `sections` (count of UCI sections read per config).
 */
export async function runOpenWrtCheck(target: AccountTarget, credential: OpenWrtCredential, opts: CheckOptions = {}): Promise<CheckResult> {
  const o = resolveOptions(opts);
  const entries: AccessEntry[] = [];
  const facts: Record<string, unknown> = { unavailable: {}, sections: {} };
  const t = checkTargetUrl(target.baseUrl);
  if ('error' in t) return { entries, facts, ...failureOf(t) };
  if (!credential || typeof credential.username !== 'string' || !/^[\w.@-]{1,64}$/.test(credential.username) || typeof credential.password !== 'string') {
    return { entries, facts, ...failure('openwrt-credential-missing') };
  }
  const check = accountCheck(CHECK_ID);
  const ctx: EntryContext = { source: CHECK_ID, notice: check.notice, device: target.deviceId ?? t.url.hostname, at: o.now().toISOString() };
  const url = `${originOf(t.url)}/ubus`;

  const login = await ubus(o, url, 1, [NO_SESSION, 'session', 'login', { username: credential.username, password: credential.password }], errorWord('what-login'));
  if ('error' in login) return { entries, facts, ...failureOf(login) };
  const lr = login.reply;
  if ('rpcError' in lr || lr.status !== 0) {
    const denied = ('status' in lr && lr.status === PERMISSION_DENIED) || ('rpcError' in lr && lr.rpcError === ACCESS_DENIED);
    return { entries, facts, ...failure(denied ? 'openwrt-refused' : 'openwrt-no-ubus-login') };
  }
  const sid = asText(asRecord(lr.data)?.ubus_rpc_session, 64);
  if (!sid || !/^[0-9a-f]{32}$/.test(sid)) return { entries, facts, ...failure('openwrt-no-session') };

  const unavailable = facts.unavailable as Record<string, string>;
  const sections = facts.sections as Record<string, number>;
  const max = knowledgeNumber(check, 'maxRecords', 256);
  const data: Record<string, unknown> = {};
  let id = 1;
  let stopped: Failure | undefined;
  const reads: Array<[string, string, string, Record<string, unknown>]> = [
    ['firewall', 'uci', 'get', { config: 'firewall' }],
    ['ddns', 'uci', 'get', { config: 'ddns' }],
    ['dropbear', 'uci', 'get', { config: 'dropbear' }],
    ['uhttpd', 'uci', 'get', { config: 'uhttpd' }],
    ['wireguard', 'luci.wireguard', 'getWgInstances', {}],
  ];
  for (const [name, object, method, args] of reads) {
    const r = await ubus(o, url, ++id, [sid, object, method, args], errorWord('what-settings', { name }));
    if ('error' in r) {
      stopped = failureOf(r);
      break;
    }
    const rep = r.reply;
    if ('rpcError' in rep) unavailable[name] = rep.rpcError === ACCESS_DENIED ? 'not allowed for this login' : `error ${rep.rpcError}`;
    else if (rep.status !== 0) unavailable[name] = rep.status === PERMISSION_DENIED ? 'not allowed for this login' : `not available (ubus status ${rep.status})`;
    else {
      data[name] = rep.data;
      if (object === 'uci') sections[name] = Math.min(uciSections(rep.data).length, max);
    }
  }
  const ports = adminPortsFrom(data.dropbear, data.uhttpd, knowledgeList(check, 'adminPorts').map(Number));
  entries.push(
    ...mapPortForwards(data.firewall, ctx).slice(0, max),
    ...mapWanAdminRules(data.firewall, ports, ctx).slice(0, max),
    ...mapDropbearWan(data.dropbear, ctx),
    ...mapDdns(data.ddns, ctx).slice(0, max),
    ...mapWireguardPeers(data.wireguard, ctx).slice(0, max),
  );
  // Closing the session removes HomeSweep from the router's session list at once rather than after 5 minutes.
  const bye = await ubus(o, url, ++id, [sid, 'session', 'destroy', {}], errorWord('what-logout'));
  facts.sessionClosed = !('error' in bye) && 'status' in bye.reply && bye.reply.status === 0;
  return stopped ? { entries, facts, ...stopped } : { entries, facts };
}
