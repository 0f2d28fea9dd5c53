/**
 * The lease-file and connection-table readers against what real software writes: a router namespace runs dnsmasq
 * as the DHCP server on its bridge, two client namespaces get leases with busybox udhcpc (each sending its host
 * name), and the kernel's conntrack (with accounting on) tracks a client's TCP upload to an "internet" address the
 * router owns. The parsers read dnsmasq's lease file, /proc/net/nf_conntrack and `conntrack -L -o extended`; the
 * router-tables sensor turns the leases into DHCP observations. Namespaces and processes are removed afterwards.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DhcpData, Observation } from '../../gateway/contract.ts';
import { createConntrackFlows, parseConntrack } from '../../gateway/capture/router-tables/conntrack.ts';
import { parseLeaseFile } from '../../gateway/capture/router-tables/leases.ts';
import { createRouterTables } from '../../gateway/service/router-tables.ts';
import type { AuditSummary, AuditView } from '../../gateway/contract.ts';
import { labGateway } from './lab-gateway.ts';
import { acquireLabLock } from './lab-lock.ts';
import { ip, ipBatch, killNamespaceProcesses, nsExec } from './netns.ts';

const run = promisify(execFile);
const ROUTER = 'hl-rt-r';
const CLIENTS = [
  { ns: 'hl-rt-c1', mac: '02:52:54:00:00:11', hostname: 'cam-nursery', port: 'p-c1' },
  { ns: 'hl-rt-c2', mac: '02:52:54:00:00:12', hostname: 'printer-den', port: 'p-c2' },
];
const OUTSIDE = '198.51.100.7';
const dir = mkdtempSync(join(tmpdir(), 'hs-router-tables-'));
const leaseFile = join(dir, 'dnsmasq.leases');
let release: () => void = () => undefined;
let dnsmasq: ChildProcess | undefined;
let procText = '';
let cliText = '';
let leases: { ip: string; mac: string }[] = [];

async function teardown(): Promise<void> {
  const names = [ROUTER, ...CLIENTS.map((c) => c.ns)];
  const existing = (await ip(['netns', 'list'])).split('\n').map((l) => l.split(' ')[0]);
  const ours = names.filter((n) => existing.includes(n));
  await killNamespaceProcesses(ours);
  for (const n of ours.reverse()) await ip(['netns', 'del', n]);
}

beforeAll(async () => {
  release = await acquireLabLock();
  await teardown();
  await ip(['netns', 'add', ROUTER]);
  await ipBatch(ROUTER, ['link set lo up', 'link add br0 type bridge', `addr add 10.78.0.1/24 dev br0`, 'link set br0 up', `addr add ${OUTSIDE}/32 dev lo`]);
  for (const c of CLIENTS) {
    await ip(['netns', 'add', c.ns]);
    await ip(['-n', ROUTER, 'link', 'add', c.port, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', c.ns]);
    await ipBatch(ROUTER, [`link set ${c.port} master br0`, `link set ${c.port} up`]);
    await ipBatch(c.ns, ['link set lo up', `link set eth0 address ${c.mac}`, 'link set eth0 up']);
  }
  // Connection tracking with byte counters: a ct rule makes the kernel track this namespace's connections.
  await nsExec(ROUTER, ['sysctl', '-qw', 'net.netfilter.nf_conntrack_acct=1']);
  await nsExec(ROUTER, ['nft', 'add table inet hs; add chain inet hs in { type filter hook input priority 0; }; add rule inet hs in ct state established,related accept']);
  dnsmasq = spawn('ip', ['netns', 'exec', ROUTER, 'dnsmasq', '--no-daemon', '--conf-file=/dev/null', '--port=0', '--user=root', '--interface=br0', '--bind-interfaces',
    '--dhcp-range=10.78.0.50,10.78.0.99,12h', `--dhcp-leasefile=${leaseFile}`, `--pid-file=${join(dir, 'dnsmasq.pid')}`], { stdio: 'ignore' });
  await new Promise((r) => setTimeout(r, 500));
  for (const c of CLIENTS) {
    // -q: quit once leased; -n: give up without one; the script does nothing (the address is set by hand below).
    await run('ip', ['netns', 'exec', c.ns, 'busybox', 'udhcpc', '-i', 'eth0', '-q', '-n', '-t', '5', '-T', '1', '-s', '/bin/true', '-x', `hostname:${c.hostname}`], { timeout: 20_000 });
  }
  leases = parseLeaseFile(readFileSync(leaseFile, 'utf8')).leases.map((l) => ({ ip: l.ip, mac: l.mac! }));
  const c1 = CLIENTS[0]!;
  const c1Ip = leases.find((l) => l.mac === c1.mac)!.ip;
  await ipBatch(c1.ns, [`addr add ${c1Ip}/24 dev eth0`, 'route add default via 10.78.0.1']);
  // An upload of 20 000 bytes to the "internet" address; the connection stays open while the table is read.
  const server = spawn('ip', ['netns', 'exec', ROUTER, process.execPath, '-e',
    `require('net').createServer((s) => { s.on('data', () => {}); s.write('ok'); }).listen(8443, '${OUTSIDE}', () => console.log('up'))`], { stdio: ['ignore', 'pipe', 'ignore'] });
  await new Promise((r) => server.stdout!.once('data', r));
  const client = spawn('ip', ['netns', 'exec', c1.ns, process.execPath, '-e',
    `const s = require('net').connect(8443, '${OUTSIDE}', () => s.write(Buffer.alloc(20000), () => console.log('sent'))); setTimeout(() => s.end(), 5000)`], { stdio: ['ignore', 'pipe', 'ignore'] });
  await new Promise((r) => client.stdout!.once('data', r));
  await new Promise((r) => setTimeout(r, 300));
  procText = await nsExec(ROUTER, ['cat', '/proc/net/nf_conntrack']);
  cliText = (await run('ip', ['netns', 'exec', ROUTER, 'conntrack', '-L', '-o', 'extended'], { encoding: 'utf8' })).stdout;
}, 60_000);

afterAll(async () => {
  dnsmasq?.kill();
  await teardown();
  release();
  rmSync(dir, { recursive: true, force: true });
});

describe('lease and connection-table readers on real files', () => {
  it('reads the leases dnsmasq wrote, with each client\'s MAC, address and host name', () => {
    const file = parseLeaseFile(readFileSync(leaseFile, 'utf8'));
    expect(file.format).toBe('dnsmasq');
    expect(file.skipped).toBe(0);
    const byMac = Object.fromEntries(file.leases.map((l) => [l.mac, l]));
    for (const c of CLIENTS) {
      expect(byMac[c.mac]?.hostname).toBe(c.hostname);
      expect(byMac[c.mac]?.ip).toMatch(/^10\.78\.0\.(5\d|[6-9]\d)$/);
      expect(Date.parse(byMac[c.mac]!.expires!)).toBeGreaterThan(Date.now());
    }
  });

  it('the router-tables sensor gives a DHCP observation per lease', async () => {
    const seen: Observation[] = [];
    const tables = createRouterTables({ leases: leaseFile, observe: (o) => seen.push(o), captureRunning: () => false, log: () => undefined });
    tables.start();
    await tables.stop();
    expect(seen.map((o) => [o.source, o.mac, (o.data as DhcpData).hostname]).sort()).toEqual(CLIENTS.map((c) => ['dhcp', c.mac, c.hostname]).sort());
  });

  // The clients got their leases before the gateway started and sent nothing since (udhcpc -q quit), so only the
  // lease file can name them.
  it('homesweep start --leases on the router names every leased device at once', async () => {
    const gw = labGateway({ dir, ns: ROUTER, uiDir: join(resolve(dirname(fileURLToPath(import.meta.url)), '../..'), 'ui/dist'), extraArgs: ['--interface', 'br0', '--leases', leaseFile] });
    try {
      await gw.start();
      await gw.setup('lab passcode');
      const [audit] = (await gw.api<AuditSummary[]>('GET', '/api/audits')).json;
      let names: string[] = [];
      for (let i = 0; i < 20 && names.length < CLIENTS.length; i++) {
        await new Promise((r) => setTimeout(r, 1000));
        const view = (await gw.api<AuditView>('GET', `/api/audits/${audit!.id}`)).json;
        names = view.devices.filter((d) => CLIENTS.some((c) => c.mac === d.mac)).flatMap((d) => d.hostnames);
      }
      expect(names.sort()).toEqual(CLIENTS.map((c) => c.hostname).sort());
    } finally {
      await gw.stop();
      gw.kill();
    }
  }, 60_000);

  it.each([['/proc/net/nf_conntrack', () => procText], ['conntrack -L -o extended', () => cliText]])('reads the kernel table from %s as the device\'s upload', (_name, text) => {
    const c1Ip = leases.find((l) => l.mac === CLIENTS[0]!.mac)!.ip;
    const { entries } = parseConntrack(text());
    const e = entries.find((x) => x.orig.src === c1Ip && x.orig.dport === 8443);
    expect(e?.proto).toBe('tcp');
    const [flow] = createConntrackFlows()(entries, new Date().toISOString()).filter((o) => o.ip === c1Ip);
    expect(flow?.data).toMatchObject({ proto: 'tcp', remoteIp: OUTSIDE, remotePort: 8443, outbound: true, remoteIsLocal: false });
    expect(flow!.data.bytesUp).toBeGreaterThanOrEqual(20_000);
    expect(flow!.data.bytesDown).toBeGreaterThan(0);
  });
});
