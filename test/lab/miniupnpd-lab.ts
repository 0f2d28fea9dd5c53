/**
 * A tiny home of our own around the real miniupnpd (Debian's miniupnpd-nftables), for miniupnpd.test.ts. Four
 * network namespaces `hs-upnp-<pid>-*`, every veth end inside them (none in the root namespace):
 *
 *   -c (client, 10.79.0.20) ─ eth0 ══ lan-c ─┐
 *                                            br0 10.79.0.1/24  -r (router: miniupnpd, nftables)  wan0 100.64.9.1/30 ══ eth0 100.64.9.2 -w ("wan")
 *   -h (laptop with HomeSweep, 10.79.0.30) ─ eth0 ══ lan-h ─┘
 *
 * Plus the parsers for what the real tools print: `upnpc -l` and miniupnpd's `-d` log.
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';

const execFileP = promisify(execFile);

/** Addresses and names of the little home. */
export const UPNP_LAB = {
  routerLan: '10.79.0.1',
  client: '10.79.0.20',
  laptop: '10.79.0.30',
  httpPort: 5000,
  /** The nftables table miniupnpd writes its rules into (created by us, in the router namespace only). */
  table: 'hsupnp',
} as const;

/** The four namespace names for one test process. */
export function upnpNamespaces(pid: number) {
  const base = `hs-upnp-${pid}`;
  return { router: `${base}-r`, client: `${base}-c`, laptop: `${base}-h`, wan: `${base}-w` };
}

/** Runs a command with a bounded time; throws with its stderr on failure. */
export async function run(cmd: string, args: string[], timeoutMs = 15_000): Promise<string> {
  try {
    const { stdout } = await execFileP(cmd, args, { encoding: 'utf8', timeout: timeoutMs, killSignal: 'SIGKILL' });
    return stdout;
  } catch (err) {
    const e = err as { stderr?: string; stdout?: string; message: string };
    throw new Error(`${cmd} ${args.join(' ')}: ${(e.stderr || e.stdout || e.message).trim()}`);
  }
}

/** Runs a command inside a namespace. */
export const inNs = (ns: string, args: string[], timeoutMs?: number) => run('ip', ['netns', 'exec', ns, ...args], timeoutMs);

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Kills every process in the given namespaces and deletes them (deleting a namespace removes its veths).
 * With `staleToo`, also namespaces `hs-upnp-<pid>-*` left by a test process that died.
 */
export async function teardownUpnpLab(names: string[], staleToo = false): Promise<void> {
  const listed = (await run('ip', ['netns', 'list'])).split('\n').map((l) => l.split(' ')[0]).filter(Boolean);
  const doomed = listed.filter((n) => names.includes(n) || (staleToo && /^hs-upnp-(\d+)-/.test(n) && !pidAlive(Number(/^hs-upnp-(\d+)-/.exec(n)![1]))));
  for (const ns of doomed) {
    const pids = (await run('ip', ['netns', 'pids', ns]).catch(() => '')).split(/\s+/).filter(Boolean).map(Number);
    for (const pid of pids) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    await run('ip', ['netns', 'del', ns]).catch(() => undefined);
  }
}

/** Builds the namespaces, links, addresses and the router's empty nftables chains for miniupnpd. */
export async function buildUpnpLab(ns: ReturnType<typeof upnpNamespaces>): Promise<void> {
  const all = [ns.router, ns.client, ns.laptop, ns.wan];
  for (const n of all) {
    await run('ip', ['netns', 'add', n]);
    await run('ip', ['-n', n, 'link', 'set', 'lo', 'up']);
    // IPv4 only, like the rest of the lab: no IPv6 router solicitations or MLD reports.
    await inNs(n, ['sysctl', '-qw', 'net.ipv6.conf.all.disable_ipv6=1', 'net.ipv6.conf.default.disable_ipv6=1']);
  }
  const r = (...args: string[]) => run('ip', ['-n', ns.router, ...args]);
  // Each veth is created inside the router namespace with its peer sent straight into the other namespace.
  await r('link', 'add', 'br0', 'type', 'bridge', 'mcast_snooping', '0');
  await r('link', 'add', 'lan-c', 'type', 'veth', 'peer', 'name', 'eth0', 'netns', ns.client);
  await r('link', 'add', 'lan-h', 'type', 'veth', 'peer', 'name', 'eth0', 'netns', ns.laptop);
  await r('link', 'add', 'wan0', 'type', 'veth', 'peer', 'name', 'eth0', 'netns', ns.wan);
  for (const port of ['lan-c', 'lan-h']) {
    await r('link', 'set', port, 'master', 'br0');
    await r('link', 'set', port, 'up');
  }
  await r('addr', 'add', `${UPNP_LAB.routerLan}/24`, 'dev', 'br0');
  await r('link', 'set', 'br0', 'up');
  await r('addr', 'add', '100.64.9.1/30', 'dev', 'wan0');
  await r('link', 'set', 'wan0', 'up');
  await r('route', 'add', 'default', 'via', '100.64.9.2');
  await inNs(ns.router, ['sysctl', '-qw', 'net.ipv4.ip_forward=1']);
  for (const [n, addr] of [[ns.client, UPNP_LAB.client], [ns.laptop, UPNP_LAB.laptop]] as const) {
    await run('ip', ['-n', n, 'addr', 'add', `${addr}/24`, 'dev', 'eth0']);
    await run('ip', ['-n', n, 'link', 'set', 'eth0', 'up']);
    await run('ip', ['-n', n, 'route', 'add', 'default', 'via', UPNP_LAB.routerLan]);
  }
  // The "wan" side has only its /30: nothing it is sent can go further.
  await run('ip', ['-n', ns.wan, 'addr', 'add', '100.64.9.2/30', 'dev', 'eth0']);
  await run('ip', ['-n', ns.wan, 'link', 'set', 'eth0', 'up']);
  // miniupnpd 2.3.1 adds rules to chains that must already exist (Debian leaves that to an init script we do
  // not use): a forward filter chain and NAT pre/postrouting chains, each jumping to the chain miniupnpd fills.
  const t = UPNP_LAB.table;
  const rules = [
    `table inet ${t} {`,
    '  chain forward { type filter hook forward priority 0; policy accept; jump forward_miniupnpd; }',
    '  chain forward_miniupnpd { }',
    '  chain prerouting { type nat hook prerouting priority -100; policy accept; jump prerouting_miniupnpd; }',
    '  chain prerouting_miniupnpd { }',
    '  chain postrouting { type nat hook postrouting priority 100; policy accept; jump postrouting_miniupnpd; }',
    '  chain postrouting_miniupnpd { }',
    '}',
  ].join('\n');
  await inNs(ns.router, ['nft', rules]);
}

/** A minimal miniupnpd.conf: UPnP IGD only, on br0, rules in our own table, no system paths. */
export function miniupnpdConf(): string {
  return [
    'ext_ifname=wan0',
    // miniupnpd refuses to map anything while its external address is private or reserved (100.64/10, the
    // documentation ranges …), so it is told a public-looking one. That address is only reported, never
    // assigned or contacted: the wan namespace has no route beyond its /30.
    'ext_ip=11.22.33.44',
    'listening_ip=br0',
    `http_port=${UPNP_LAB.httpPort}`,
    'enable_upnp=yes',
    'enable_natpmp=no',
    'secure_mode=yes',
    'system_uptime=no',
    'notify_interval=10',
    `uuid=${randomUUID()}`,
    `upnp_table_name=${UPNP_LAB.table}`,
    `upnp_nat_table_name=${UPNP_LAB.table}`,
    'upnp_forward_chain=forward_miniupnpd',
    'upnp_nat_chain=prerouting_miniupnpd',
    'upnp_nat_postrouting_chain=postrouting_miniupnpd',
    'allow 1-65535 10.79.0.0/24 1-65535',
    'deny 0-65535 0.0.0.0/0 0-65535',
    '',
  ].join('\n');
}

/** One row of `upnpc -l`. */
export interface UpnpcRow {
  protocol: string;
  externalPort: number;
  internalClient: string;
  internalPort: number;
  description: string;
  remoteHost: string;
  lease: number;
}

/** The mapping rows of `upnpc -l` (` 0 TCP  8554->10.79.0.20:554   'desc' '' 604799`). */
export function parseUpnpcList(text: string): UpnpcRow[] {
  const out: UpnpcRow[] = [];
  for (const line of text.split('\n')) {
    const m = /^\s*\d+\s+(TCP|UDP)\s+(\d+)->([\d.]+):(\d+)\s+'([^']*)'\s+'([^']*)'\s+(\d+)/.exec(line);
    if (m) out.push({ protocol: m[1], externalPort: Number(m[2]), internalClient: m[3], internalPort: Number(m[4]), description: m[5], remoteHost: m[6], lease: Number(m[7]) });
  }
  return out;
}

/** One HTTP request as miniupnpd -d logs it, with the SOAP action and mapping index when it logged them. */
export interface DaemonRequest {
  from: string;
  method: string;
  path: string;
  action?: string;
  index?: number;
}

/**
 * The HTTP requests in miniupnpd's debug log: `HTTP REQUEST from [::ffff:IP]:PORT : METHOD PATH (HTTP/1.1)`,
 * then `SOAPAction: TYPE#ACTION` and, for GetGenericPortMappingEntry, `…: index=N`.
 */
export function parseDaemonRequests(lines: string[]): DaemonRequest[] {
  const out: DaemonRequest[] = [];
  for (const line of lines) {
    const req = /HTTP REQUEST from \[(?:::ffff:)?([^\]]+)\]:\d+ : (\w+) (\S+)/.exec(line);
    if (req) {
      out.push({ from: req[1], method: req[2], path: req[3] });
      continue;
    }
    const last = out[out.length - 1];
    const action = /SOAPAction: \S*#(\w+)/.exec(line);
    if (action && last) last.action = action[1];
    const index = /GetGenericPortMappingEntry: index=(\d+)/.exec(line);
    if (index && last) last.index = Number(index[1]);
  }
  return out;
}
