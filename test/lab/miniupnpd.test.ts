/**
 * HomeSweep against a real router daemon: Debian's miniupnpd (nftables build) runs in a router namespace of our
 * own, a client on the LAN opens two port mappings with upnpc, and `homesweep discover` on a second LAN
 * machine must report them on the client's device, turn them into "reachable from the internet" access
 * entries, and leave the router exactly as it was (same mappings, same NAT rules, only read requests in the
 * daemon's own log). Needs root, miniupnpd, upnpc and nft (see miniupnpd-lab.ts for the namespaces).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditSummary, AuditView, Device, Finding, Observation, UpnpIgdData } from '../../gateway/contract.ts';
import { labGateway, type LabGateway } from './lab-gateway.ts';
import { portMappingEntries } from '../../discovery/access/port-mapping-entries.ts';
import {
  buildUpnpLab,
  inNs,
  miniupnpdConf,
  parseDaemonRequests,
  parseUpnpcList,
  teardownUpnpLab,
  UPNP_LAB,
  upnpNamespaces,
  type UpnpcRow,
} from './miniupnpd-lab.ts';
import { spawnReady, type ReadyChild } from './spawn-ready.ts';

const ROOT = new URL('../../', import.meta.url).pathname;
const NS = upnpNamespaces(process.pid);
const DESC_URL = `http://${UPNP_LAB.routerLan}:${UPNP_LAB.httpPort}/rootDesc.xml`;
// What the client asks for: a camera's RTSP port published on another outside port, and a P2P UDP port with a lease.
const WANTED = [
  { protocol: 'TCP', internalPort: 554, externalPort: 8554, description: 'ipcam rtsp', lease: undefined },
  { protocol: 'UDP', internalPort: 32100, externalPort: 32100, description: 'ipcam p2p', lease: 3600 },
] as const;
const TOOLS = ['/usr/sbin/miniupnpd', '/usr/bin/upnpc', '/usr/sbin/nft'];

const children: ChildProcess[] = [];
let dir = '';
let daemon: ReadyChild;
let gateway: LabGateway | undefined;

const upnpc = (args: string[]) => inNs(NS.client, ['upnpc', '-u', DESC_URL, ...args], 15_000);
const nftRules = () => inNs(NS.router, ['nft', 'list', 'table', 'inet', UPNP_LAB.table]);
/** The mapping list without the remaining lease, which counts down by itself. */
const stable = (rows: UpnpcRow[]) => rows.map(({ lease: _lease, ...rest }) => rest);

function runCli(ns: string, args: string[], killAfterMs: number): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn('ip', ['netns', 'exec', ns, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(p);
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (c: Buffer) => (stdout += c));
    p.stderr.on('data', (c: Buffer) => (stderr += c));
    const kill = setTimeout(() => p.kill('SIGKILL'), killAfterMs);
    p.on('close', (code) => {
      clearTimeout(kill);
      resolve({ code, stdout, stderr });
    });
  });
}

beforeAll(async () => {
  const missing = TOOLS.filter((t) => !existsSync(t));
  if (missing.length) {
    throw new Error(`missing ${missing.join(', ')}: install the Debian packages miniupnpd-nftables, miniupnpc and nftables`);
  }
  await teardownUpnpLab(Object.values(NS), true);
  await buildUpnpLab(NS);
  dir = mkdtempSync(join(tmpdir(), 'hs-upnp-'));
  writeFileSync(join(dir, 'miniupnpd.conf'), miniupnpdConf());
  // `timeout` bounds the daemon's life even if this test process dies without its afterAll.
  daemon = await spawnReady(
    NS.router,
    ['timeout', '-s', 'KILL', '400', 'miniupnpd', '-f', join(dir, 'miniupnpd.conf'), '-d', '-P', join(dir, 'miniupnpd.pid')],
    new RegExp(`HTTP listening on port ${UPNP_LAB.httpPort}`),
    { cwd: dir, children, stream: 'stderr', timeoutMs: 15_000 },
  );
  for (const w of WANTED) {
    const out = await upnpc(['-e', w.description, '-a', UPNP_LAB.client, String(w.internalPort), String(w.externalPort), w.protocol, ...(w.lease ? [String(w.lease)] : [])]);
    if (!out.includes('is redirected to internal')) throw new Error(`upnpc could not add ${w.protocol} ${w.externalPort}: ${out}\n${daemon.lines.slice(-20).join('\n')}`);
  }
}, 60_000);

afterAll(async () => {
  gateway?.kill();
  // SIGTERM reaches miniupnpd through `timeout`, so it shuts down on its own; whatever is left is killed below.
  if (daemon && daemon.exitCode === null && daemon.signalCode === null) {
    const exited = new Promise<void>((r) => daemon.once('exit', () => r()));
    daemon.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
  }
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  await teardownUpnpLab(Object.values(NS));
  if (dir) rmSync(dir, { recursive: true, force: true });
}, 30_000);

describe('homesweep discover against the real miniupnpd', () => {
  it('reports the router\'s mappings on the client device, as access entries, and changes nothing on the router', async () => {
    const listBefore = parseUpnpcList(await upnpc(['-l']));
    const rulesBefore = await nftRules();
    // The daemon holds what upnpc asked for (its own answer, not ours).
    expect(stable(listBefore).sort((a, b) => a.externalPort - b.externalPort)).toEqual(
      WANTED.map((w) => ({ protocol: w.protocol, externalPort: w.externalPort, internalClient: UPNP_LAB.client, internalPort: w.internalPort, description: w.description, remoteHost: '' })).sort(
        (a, b) => a.externalPort - b.externalPort,
      ),
    );
    expect(rulesBefore).toContain(`dnat ip to ${UPNP_LAB.client}:554`);

    const res = await runCli(NS.laptop, ['node', 'bin/homesweep.js', 'discover', '--interface', 'eth0', '--seconds', '4', '--json', '--no-capture'], 60_000);
    expect(res.code, res.stderr).toBe(0);
    const result = JSON.parse(res.stdout) as { devices: Device[]; observations: Record<string, Observation[]> };

    // The raw observation: one IGD read of the router, both mappings.
    const igd = (result.observations[UPNP_LAB.routerLan] ?? []).filter((o) => o.source === 'upnp-igd') as unknown as Observation<UpnpIgdData>[];
    expect(igd).toHaveLength(1);
    expect(igd[0]!.data.router).toBe(UPNP_LAB.routerLan);

    // Attached to the client's device, with every field the daemon holds.
    const client = result.devices.find((d) => d.ips.includes(UPNP_LAB.client));
    expect(client, `devices: ${result.devices.map((d) => d.ips.join('/')).join(', ')}`).toBeDefined();
    const got = [...(client!.portMappings ?? [])].sort((a, b) => a.externalPort - b.externalPort);
    expect(got.map(({ leaseDuration: _l, ...m }) => m)).toEqual(
      WANTED.map((w) => ({ protocol: w.protocol, externalPort: w.externalPort, internalClient: UPNP_LAB.client, internalPort: w.internalPort, description: w.description, enabled: true })).sort(
        (a, b) => a.externalPort - b.externalPort,
      ),
    );
    // Leases count down from what was asked (upnpc's default is a week); never above it.
    const udp = got.find((m) => m.protocol === 'UDP')!;
    expect(udp.leaseDuration).toBeGreaterThan(0);
    expect(udp.leaseDuration).toBeLessThanOrEqual(3600);
    // Only the client has mappings: the router and the laptop have none.
    expect(result.devices.filter((d) => d.portMappings?.length).map((d) => d.id)).toEqual([client!.id]);

    // The access check turns them into "reachable from the internet" entries.
    const entries = portMappingEntries(client!, '2026-01-01T00:00:00Z');
    expect(entries).toHaveLength(2);
    expect(entries.every((e) => e.kind === 'port-mapping' && e.outside && e.source === 'upnp-igd')).toBe(true);
    const tcp = entries.find((e) => e.id.endsWith(':TCP:8554'))!;
    expect(tcp.label).toMatch(/^Reachable from the internet: TCP 8554 → .+ port 554$/);
    expect(tcp.detail).toContain(`router forwards TCP 8554 to ${UPNP_LAB.client}:554; description: ipcam rtsp`);
    const udpEntry = entries.find((e) => e.id.endsWith(':UDP:32100'))!;
    expect(udpEntry.label).toMatch(/^Reachable from the internet: UDP 32100 → /);
    expect(udpEntry.label).not.toContain(' port ');
    expect(udpEntry.detail).toMatch(/description: ipcam p2p; lease: \d+ s$/);

    // The router is as it was: same mappings, same NAT rules.
    const listAfter = parseUpnpcList(await upnpc(['-l']));
    expect(stable(listAfter)).toEqual(stable(listBefore));
    expect(await nftRules()).toBe(rulesBefore);

    // And the daemon's own log: HomeSweep fetched descriptions and read entries 0, 1, then 2 (fault 713), nothing else.
    const requests = parseDaemonRequests(daemon.lines);
    const ours = requests.filter((r) => r.from === UPNP_LAB.laptop);
    expect(ours.filter((r) => r.method === 'POST').map((r) => `${r.action}:${r.index}`)).toEqual([
      'GetGenericPortMappingEntry:0',
      'GetGenericPortMappingEntry:1',
      'GetGenericPortMappingEntry:2',
    ]);
    expect(ours.filter((r) => r.method !== 'POST').every((r) => r.method === 'GET' && r.path.endsWith('.xml'))).toBe(true);
    // The only changes the daemon ever saw were the client's two adds.
    const changes = requests.filter((r) => r.action && /^(Add|Delete|AddAny|DeletePortMappingRange)/.test(r.action));
    expect(changes.map((r) => `${r.from} ${r.action}`)).toEqual([`${UPNP_LAB.client} AddPortMapping`, `${UPNP_LAB.client} AddPortMapping`]);
  }, 90_000);
});

/** Port mappings without the remaining lease (it counts down by itself), sorted. */
const mappingsOf = (d: Device | undefined) =>
  [...(d?.portMappings ?? [])].map(({ leaseDuration: _l, ...m }) => m).sort((a, b) => a.protocol.localeCompare(b.protocol) || a.externalPort - b.externalPort);
/** The exposure findings as "rule device port" lines. */
const exposure = (findings: Finding[]) =>
  findings.filter((f) => f.rule === 'HS-EXPOSE-0001').map((f) => `${f.rule} ${f.device} ${/port (\d+)/.exec(f.summary)?.[1]}`).sort();

describe('HomeSweep on the router itself, where miniupnpd offers IGD v2 on br0', () => {
  // A camera maps its RTSP port and its Xiongmai port to itself (external = internal).
  const CAMERA = [554, 34567];
  const INTERVAL_S = 15;

  beforeAll(async () => {
    for (const port of CAMERA) {
      const out = await upnpc(['-e', `camera ${port}`, '-a', UPNP_LAB.client, String(port), String(port), 'TCP']);
      if (!out.includes('is redirected to internal')) throw new Error(`upnpc could not add TCP ${port}: ${out}`);
    }
  }, 60_000);

  it('discover and a live audit started through the API read the router alike, on every round, with the same verdicts', async () => {
    const rows = parseUpnpcList(await upnpc(['-l']));
    for (const port of CAMERA) expect(rows.some((r) => r.protocol === 'TCP' && r.externalPort === port && r.internalPort === port && r.internalClient === UPNP_LAB.client)).toBe(true);

    // 1. `homesweep discover` in the router's namespace: the router's default route is its WAN, so the search must
    // still leave through br0 to reach its own UPnP service.
    const res = await runCli(NS.router, ['node', 'bin/homesweep.js', 'discover', '--interface', 'br0', '--seconds', '4', '--json', '--no-capture'], 60_000);
    expect(res.code, res.stderr).toBe(0);
    const round = JSON.parse(res.stdout) as { devices: Device[]; findings: Finding[] };
    const camD = round.devices.find((d) => d.ips.includes(UPNP_LAB.client));
    expect(camD, `devices: ${round.devices.map((d) => d.ips.join('/')).join(', ')}`).toBeDefined();
    const wanted = rows.map((r) => ({ protocol: r.protocol, externalPort: r.externalPort, internalClient: r.internalClient, internalPort: r.internalPort, description: r.description, enabled: true }))
      .sort((a, b) => a.protocol.localeCompare(b.protocol) || a.externalPort - b.externalPort);
    expect(mappingsOf(camD)).toEqual(wanted);
    // The findings its round supports, as the live audit gives them: one exposure finding per mapping.
    const discoverVerdicts = exposure(round.findings);
    for (const port of CAMERA) expect(discoverVerdicts).toContain(`HS-EXPOSE-0001 ${camD!.id} ${port}`);
    expect(camD!.access?.filter((a) => a.kind === 'port-mapping' && a.outside)).toHaveLength(rows.length);
    const readsBefore = parseDaemonRequests(daemon.lines).filter((r) => r.from === UPNP_LAB.routerLan && r.action === 'GetGenericPortMappingEntry' && r.index === 0).length;
    expect(readsBefore).toBe(1);

    // 2. The gateway in the same place; the live audit is started through the API, as the page does.
    writeFileSync(join(dir, 'config.yaml'), `discoverySeconds: 3\ndiscoveryEverySeconds: ${INTERVAL_S}\n`);
    gateway = labGateway({ dir, uiDir: join(ROOT, 'ui/dist'), ns: NS.router, listen: null, extraArgs: ['--config', join(dir, 'config.yaml')] });
    await gateway.start();
    await gateway.setup('lab passcode');
    const started = await gateway.api<AuditSummary>('POST', '/api/audits', { kind: 'live', interface: 'br0' });
    expect(started.status, JSON.stringify(started.json)).toBe(201);
    const id = started.json.id;
    let view: AuditView | undefined;
    let rounds = 0;
    const t0 = Date.now();
    // Until the camera shows its mappings and findings, and the router was read again on a later round.
    while (Date.now() - t0 < 90_000) {
      view = (await gateway.api<AuditView>('GET', `/api/audits/${id}`)).json;
      rounds = parseDaemonRequests(daemon.lines).filter((r) => r.from === UPNP_LAB.routerLan && r.action === 'GetGenericPortMappingEntry' && r.index === 0).length - readsBefore;
      const cam = view.devices.find((d) => d.ips.includes(UPNP_LAB.client));
      if (rounds >= 2 && mappingsOf(cam).length === rows.length && exposure(view.findings).length >= CAMERA.length) break;
      await new Promise((r) => setTimeout(r, 2000));
    }
    const camL = view!.devices.find((d) => d.ips.includes(UPNP_LAB.client));
    expect(camL?.id).toBe(camD!.id);
    expect(mappingsOf(camL)).toEqual(wanted);
    expect(exposure(view!.findings)).toEqual(discoverVerdicts);
    expect(camL!.access?.filter((a) => a.kind === 'port-mapping' && a.outside)).toHaveLength(rows.length);
    // The first round at the start and the next one after the interval both read the router.
    expect(rounds).toBeGreaterThanOrEqual(2);
    const stopped = await gateway.api<AuditSummary>('POST', `/api/audits/${id}/stop`, {});
    expect(stopped.json.status).toBe('done');
    expect(await gateway.stop()).toBe(0);

    // Nothing was changed on the router by either: only the client's adds.
    const changes = parseDaemonRequests(daemon.lines).filter((r) => r.action && /^(Add|Delete|AddAny|DeletePortMappingRange)/.test(r.action));
    expect(changes.every((r) => r.from === UPNP_LAB.client)).toBe(true);
    expect(stable(parseUpnpcList(await upnpc(['-l'])))).toEqual(stable(rows));
  }, 180_000);
});
