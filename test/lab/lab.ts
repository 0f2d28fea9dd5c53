/**
 * The simulated home lab: builds the namespaces (bridge, gateway/router, cloud, one per device) with iproute2,
 * starts the lab programs in them, and tears everything down. Usable from tests and from `homesweep lab`.
 * Nothing here touches the root namespace's interfaces: every veth pair is created with both ends in lab
 * namespaces.
 */
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync, openSync, closeSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { LAB, planLab, type LabPlan, type PlannedDevice } from './lab-plan.ts';
import { ip, ipBatch, killNamespaceProcesses, listLabNamespaces, namespacePids, nsExec } from './netns.ts';
import type { Scenario } from './scenario-schema.ts';
import { TLS_PORTS, udnFromMac, type CloudRunConfig, type DeviceRunConfig, type RouterRunConfig } from './sim/run-config.ts';

const execFileP = promisify(execFile);
const HERE = dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = resolve(HERE, '../..');

/** Where the lab keeps its state, program configs, logs and the cloud's TLS key. */
export const LAB_RUN_DIR = '/run/homesweep-lab';
const STATE_FILE = join(LAB_RUN_DIR, 'state.json');

/** A device as the running lab reports it. */
export interface LabDeviceState {
  name: string;
  family: string;
  ns: string;
  ip: string;
  mac: string;
  hostname: string;
  pid: number;
  log: string;
}

/** What `lab up` leaves behind for `status`, `down` and `motion`. */
export interface LabState {
  scenario: string;
  startedAt: string;
  seconds: number;
  domains: Record<string, string>;
  cloudPid: number;
  routerPid: number;
  devices: LabDeviceState[];
}

/** Options of labUp. */
export interface LabUpOptions {
  /** Overrides the scenario's run time of every lab program. */
  seconds?: number;
  /** Build the network and start cloud + router, but start devices only when the caller says so. */
  deferDevices?: boolean;
  log?: (line: string) => void;
}

/** A lab that is up. */
export interface LabHandle {
  plan: LabPlan;
  state: LabState;
  /** Starts the device programs (once); resolves when each reported up or exited. */
  startDevices(): Promise<LabDeviceState[]>;
}

/** The lab needs root (network namespaces); throws a plain message otherwise. */
export function assertRoot(): void {
  if (typeof process.getuid === 'function' && process.getuid() !== 0) {
    throw new Error('the home lab needs root (it creates network namespaces); run it with sudo');
  }
}

/** True when this process runs inside the lab gateway namespace (hl-gw). */
export function inLabGateway(): boolean {
  try {
    return statSync('/proc/self/ns/net').ino === statSync(`/run/netns/${LAB.gatewayNs}`).ino;
  } catch {
    return false;
  }
}

const IPV6_OFF = ['net.ipv6.conf.all.disable_ipv6=1', 'net.ipv6.conf.default.disable_ipv6=1'];

async function addNamespace(ns: string, sysctls: string[] = []): Promise<void> {
  await ip(['netns', 'add', ns]);
  // IPv6 off before any interface exists, so captures carry no router solicitations or MLD reports.
  await nsExec(ns, ['sysctl', '-qw', ...IPV6_OFF, ...sysctls]);
}

async function buildCore(plan: LabPlan): Promise<void> {
  await addNamespace(LAB.bridgeNs);
  await ipBatch(LAB.bridgeNs, ['link set lo up', 'link add br0 type bridge stp_state 0 mcast_snooping 0', 'link set br0 up']);
  await addNamespace(LAB.cloudNs);
  await addNamespace(LAB.gatewayNs, ['net.ipv4.ip_forward=1']);
  // Gateway LAN side on the bridge; WAN side a veth straight to the cloud (both ends created in lab namespaces).
  await ip(['-n', LAB.bridgeNs, 'link', 'add', 'p-gw', 'type', 'veth', 'peer', 'name', 'eth0', 'netns', LAB.gatewayNs]);
  await ip(['-n', LAB.bridgeNs, 'link', 'set', 'p-gw', 'master', 'br0', 'up']);
  await ip(['-n', LAB.gatewayNs, 'link', 'add', 'wan0', 'type', 'veth', 'peer', 'name', 'wan0', 'netns', LAB.cloudNs]);
  await ipBatch(LAB.gatewayNs, [
    'link set lo up',
    `link set eth0 address ${plan.scenario.router.mac}`,
    `addr add ${LAB.gatewayLanIp}/24 dev eth0`,
    'link set eth0 gso_max_segs 1 gso_max_size 1500',
    'link set eth0 up',
    `addr add ${LAB.gatewayWanIp}/30 dev wan0`,
    'link set wan0 up',
    `route add default via ${LAB.cloudWanIp}`,
    'route add 224.0.0.0/4 dev eth0',
  ]);
  // The cloud owns the resolver and every vendor address on its loopback (the dummy driver is not always
  // available); it has no default route, so a packet for any address it does not own dies here.
  await ipBatch(LAB.cloudNs, [
    'link set lo up',
    `addr add ${LAB.cloudWanIp}/30 dev wan0`,
    'link set wan0 gso_max_segs 1 gso_max_size 1500',
    'link set wan0 up',
    ...plan.cloudAddresses.map((a) => `addr add ${a}/32 dev lo`),
    `route add ${LAB.lanPrefix}.0/24 via ${LAB.gatewayWanIp}`,
  ]);
}

async function buildDevice(d: PlannedDevice): Promise<void> {
  await addNamespace(d.ns);
  await ip(['-n', LAB.bridgeNs, 'link', 'add', d.bridgePort, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', d.ns]);
  await ip(['-n', LAB.bridgeNs, 'link', 'set', d.bridgePort, 'master', 'br0', 'up']);
  await ipBatch(d.ns, [
    'link set lo up',
    `link set eth0 address ${d.device.mac}`,
    `addr add ${d.ip}/24 dev eth0`,
    // veth offers TSO/GSO; one segment per packet keeps captured frames at Ethernet size, as on a real LAN.
    'link set eth0 gso_max_segs 1 gso_max_size 1500',
    'link set eth0 up',
    `route add default via ${LAB.gatewayLanIp}`,
    'route add 224.0.0.0/4 dev eth0',
  ]);
}

async function inBatches<T>(items: T[], size: number, fn: (item: T) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(fn));
}

async function ensureCert(): Promise<{ certFile: string; keyFile: string }> {
  const certFile = join(LAB_RUN_DIR, 'cloud-cert.pem');
  const keyFile = join(LAB_RUN_DIR, 'cloud-key.pem');
  if (!existsSync(certFile) || !existsSync(keyFile)) {
    await execFileP('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', keyFile, '-out', certFile, '-days', '30', '-subj', '/CN=lab-cloud.invalid']);
  }
  return { certFile, keyFile };
}

function startProgram(ns: string, script: string, config: unknown, name: string): { pid: number; log: string } {
  const cfgFile = join(LAB_RUN_DIR, `${name}.json`);
  const log = join(LAB_RUN_DIR, `${name}.log`);
  writeFileSync(cfgFile, JSON.stringify(config, null, 2));
  const fd = openSync(log, 'w');
  // `ip netns exec` execs the program, so the child's pid is the node process itself.
  const child = spawn('ip', ['netns', 'exec', ns, process.execPath, '--import', 'tsx', join(HERE, script), cfgFile], {
    cwd: REPO_ROOT,
    detached: true,
    stdio: ['ignore', fd, fd],
  });
  closeSync(fd);
  child.on('error', () => undefined);
  child.unref();
  if (!child.pid) throw new Error(`could not start ${script} in ${ns}`);
  return { pid: child.pid, log };
}

/** True while process `pid` exists. */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitForUp(log: string, pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const text = existsSync(log) ? readFileSync(log, 'utf8') : '';
    if (/\] up\b/.test(text)) return true;
    if (!alive(pid)) return false;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

function tlsPorts(plan: LabPlan): number[] {
  const out = new Set<number>(TLS_PORTS);
  for (const d of plan.scenario.devices) for (const t of d.traffic) if (t.kind === 'tls') out.add(t.port);
  return [...out].sort((a, b) => a - b);
}

function writeState(state: LabState): void {
  writeFileSync(STATE_FILE, JSON.stringify(state, null, 2));
}

/** The state of the running lab, or null when there is none. */
export function readLabState(): LabState | null {
  try {
    return JSON.parse(readFileSync(STATE_FILE, 'utf8')) as LabState;
  } catch {
    return null;
  }
}

/**
 * Brings the lab up for `scenario`, tearing down any stale lab first (idempotent). Starts the cloud and the
 * router, then (unless deferred) the devices.
 */
export async function labUp(scenario: Scenario, opts: LabUpOptions = {}): Promise<LabHandle> {
  assertRoot();
  const log = opts.log ?? (() => undefined);
  await labDown();
  mkdirSync(LAB_RUN_DIR, { recursive: true, mode: 0o700 });
  const plan = planLab(scenario);
  const seconds = opts.seconds ?? scenario.seconds;
  const ports = tlsPorts(plan);
  try {
    await buildCore(plan);
    await inBatches(plan.devices, 8, buildDevice);
  } catch (err) {
    await labDown();
    throw err;
  }
  log(`network up: ${plan.devices.length} devices`);
  const { certFile, keyFile } = await ensureCert();
  const cloudCfg: CloudRunConfig = { domains: plan.domains, resolvers: plan.resolvers, tcpPorts: plan.tcpPorts, udpPorts: plan.udpPorts, tlsPorts: ports, certFile, keyFile, seconds: seconds + 5 };
  const cloud = startProgram(LAB.cloudNs, 'sim-cloud.ts', cloudCfg, 'cloud');
  const router = scenario.router;
  const routerCfg: RouterRunConfig = {
    lanIp: LAB.gatewayLanIp,
    wanIp: LAB.gatewayWanIp,
    port: LAB.igdPort,
    seconds: seconds + 5,
    igd: { ...router.igd, udn: udnFromMac(router.mac, 'igd') },
    mappings: router.igd.mappings.map((m) => ({ ...m, internalClient: plan.devices.find((d) => d.device.name === m.internalClient)?.ip ?? '0.0.0.0' })),
  };
  const routerProc = startProgram(LAB.gatewayNs, 'sim-router.ts', routerCfg, 'router');
  const [cloudUp, routerUp] = await Promise.all([waitForUp(cloud.log, cloud.pid, 20_000), waitForUp(routerProc.log, routerProc.pid, 20_000)]);
  if (!cloudUp || !routerUp) {
    const which = !cloudUp ? cloud.log : routerProc.log;
    const tail = existsSync(which) ? readFileSync(which, 'utf8').slice(-800) : '';
    await labDown();
    throw new Error(`lab ${!cloudUp ? 'cloud' : 'router'} did not start: ${tail}`);
  }
  const state: LabState = {
    scenario: scenario.name,
    startedAt: new Date().toISOString(),
    seconds,
    domains: plan.domains,
    cloudPid: cloud.pid,
    routerPid: routerProc.pid,
    devices: plan.devices.map((d) => ({ name: d.device.name, family: d.device.family, ns: d.ns, ip: d.ip, mac: d.device.mac, hostname: d.device.dhcp.hostname, pid: 0, log: '' })),
  };
  writeState(state);
  let started: Promise<LabDeviceState[]> | null = null;
  const startDevices = () =>
    (started ??= (async () => {
      for (const [i, d] of plan.devices.entries()) {
        const cfg: DeviceRunConfig = { ip: d.ip, gatewayIp: LAB.gatewayLanIp, resolver: d.resolver, seconds, dhcpRenewSec: scenario.dhcpRenewSec, tlsPorts: ports, device: d.device };
        const p = startProgram(d.ns, 'sim-device.ts', cfg, d.ns);
        state.devices[i] = { ...state.devices[i], pid: p.pid, log: p.log };
      }
      writeState(state);
      const ups = await Promise.all(state.devices.map((d) => waitForUp(d.log, d.pid, 30_000)));
      ups.forEach((ok, i) => ok || log(`device ${state.devices[i].name} did not report up (see ${state.devices[i].log})`));
      log(`devices up: ${ups.filter(Boolean).length}/${ups.length}`);
      return state.devices;
    })());
  if (!opts.deferDevices) await startDevices();
  return { plan, state, startDevices };
}

/** Stops every process in every hl-* namespace and deletes the namespaces. Returns how many were removed. */
export async function labDown(): Promise<{ namespaces: number; processes: number }> {
  assertRoot();
  const namespaces = await listLabNamespaces();
  const processes = await killNamespaceProcesses(namespaces);
  // Devices first, the bridge last: deleting a namespace removes its veth ends.
  for (const r of [1, 2, 3]) await inBatches(namespaces.filter((ns) => rank(ns) === r), 16, (ns) => ip(['netns', 'del', ns]).then(() => undefined));
  rmSync(STATE_FILE, { force: true });
  return { namespaces: namespaces.length, processes };
}

function rank(ns: string): number {
  if (ns === LAB.bridgeNs) return 3;
  if (ns === LAB.gatewayNs || ns === LAB.cloudNs) return 2;
  return 1;
}

/** What is running now: lab namespaces with their process counts, and the saved state. */
export async function labStatus(): Promise<{ namespaces: { name: string; processes: number }[]; state: LabState | null }> {
  const names = (await listLabNamespaces()).sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  const namespaces = await Promise.all(names.map(async (name) => ({ name, processes: (await namespacePids(name)).length })));
  return { namespaces, state: names.length ? readLabState() : null };
}

/** Starts a motion burst on a device (SIGUSR1): its uploads speed up for the scenario's motion seconds. */
export function labMotion(name: string): LabDeviceState {
  const state = readLabState();
  const device = state?.devices.find((d) => d.name === name);
  if (!device || !device.pid) throw new Error(`no running lab device named "${name}"`);
  process.kill(device.pid, 'SIGUSR1');
  return device;
}

/** The device table `lab up` and `lab status` print. */
export function formatDeviceTable(state: LabState): string {
  const rows = [['NAME', 'FAMILY', 'NAMESPACE', 'IP', 'MAC', 'DHCP HOSTNAME'], ...state.devices.map((d) => [d.name, d.family, d.ns, d.ip, d.mac, d.hostname])];
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows.map((r) => r.map((cell, c) => cell.padEnd(widths[c])).join('  ').trimEnd()).join('\n') + '\n';
}
