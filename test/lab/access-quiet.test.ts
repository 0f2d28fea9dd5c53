/**
 * The quiet access checks in a small home of their own: network namespaces `hs-acc-*` (a bridge, a gateway at
 * 10.79.0.1 and one namespace per simulated device), the sims from sim-access/ as real processes, and the
 * checks run inside the gateway namespace through real sockets. Asserts the entries found, that every sim's
 * log holds only reads, one per endpoint, and — from tcpdump on the gateway — that the gateway opened exactly
 * one TCP connection per request and none at all to a device that did not say what it is (a Kasa-protocol
 * listener on 9999 that was never identified as Kasa: no scanning).
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccessEntry, Device, Observation } from '../../gateway/contract.ts';
import { acquireLabLock } from './lab-lock.ts';
import { ip, ipBatch, killNamespaceProcesses } from './netns.ts';
import { readSimLog, type SimRequest } from './sim-access/sim-common.ts';
import { spawnReady } from './spawn-ready.ts';

const HERE = dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = resolve(HERE, '../..');
const PREFIX = 'hs-acc';
const BR = `${PREFIX}-br`;
const GW = `${PREFIX}-gw`;
const GW_IP = '10.79.0.1';

interface SimSpec {
  ns: string;
  ip: string;
  port: number;
  script: string;
  config?: unknown;
}
const SIMS: Record<string, SimSpec> = {
  kasa: { ns: `${PREFIX}-kasa`, ip: '10.79.0.11', port: 9999, script: 'kasa-plug.ts' },
  g1: { ns: `${PREFIX}-g1`, ip: '10.79.0.12', port: 80, script: 'shelly-gen1.ts' },
  g2: { ns: `${PREFIX}-g2`, ip: '10.79.0.13', port: 80, script: 'shelly-gen2.ts', config: { mqtt: { enable: true, server: 'mqtt.example.net:1883', user: 'u', client_id: 'c' } } },
  tas: { ns: `${PREFIX}-tas`, ip: '10.79.0.14', port: 80, script: 'tasmota.ts' },
  // Speaks the Kasa protocol on 9999 but is identified as nothing in particular: must never be asked.
  hidden: { ns: `${PREFIX}-hid`, ip: '10.79.0.15', port: 9999, script: 'kasa-plug.ts' },
};
const ALL_NS = [BR, GW, ...Object.values(SIMS).map((s) => s.ns)];

let release: () => void = () => undefined;
let dir = '';
const children: ChildProcess[] = [];

async function teardown(): Promise<void> {
  const existing = (await ip(['netns', 'list']).catch(() => '')).split('\n').map((l) => l.split(' ')[0] ?? '').filter((n) => n.startsWith(PREFIX));
  await killNamespaceProcesses(existing, 1500);
  for (const ns of existing) await ip(['netns', 'del', ns]).catch(() => '');
}

async function setup(): Promise<void> {
  await teardown();
  for (const ns of ALL_NS) {
    await ip(['netns', 'add', ns]);
    await ip(['-n', ns, 'link', 'set', 'lo', 'up']);
  }
  await ipBatch(BR, ['link add br0 type bridge stp_state 0', 'link set br0 up']);
  const hosts: Array<[string, string, string]> = [[GW, GW_IP, 'gw'], ...Object.entries(SIMS).map(([k, s]): [string, string, string] => [s.ns, s.ip, k])];
  for (const [ns, addr, tag] of hosts) {
    // Both ends are created inside our namespaces; nothing touches the root namespace's interfaces.
    await ip(['-n', BR, 'link', 'add', `p-${tag}`, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', ns]);
    await ipBatch(BR, [`link set p-${tag} master br0`, `link set p-${tag} up`]);
    await ipBatch(ns, [`addr add ${addr}/24 dev eth0`, 'link set eth0 up']);
  }
}

/** Spawns a program in a namespace and resolves with the child once `ready` is printed on stdout / stderr. */
const spawnIn = (ns: string, cmd: string[], ready: RegExp, stream: 'stdout' | 'stderr' = 'stdout') => spawnReady(ns, cmd, ready, { cwd: REPO_ROOT, children, stream });

const logFile = (name: string) => join(dir, `${name}.jsonl`);
let result: { entries: Record<string, AccessEntry[]>; errors: string[] } = { entries: {}, errors: [] };
let syns: string[] = [];
const logs: Record<string, SimRequest[]> = {};

beforeAll(async () => {
  release = await acquireLabLock();
  dir = mkdtempSync(join(tmpdir(), 'hs-access-lab-'));
  await setup();
  await Promise.all(
    Object.entries(SIMS).map(([name, s]) => {
      const args = [process.execPath, '--import', 'tsx', join(HERE, 'sim-access', s.script), '--host', s.ip, '--port', String(s.port), '--log', logFile(name), '--seconds', '80'];
      if (s.config) {
        writeFileSync(join(dir, `${name}.json`), JSON.stringify(s.config));
        args.push('--config', join(dir, `${name}.json`));
      }
      return spawnIn(s.ns, args, /^ready \d+/);
    }),
  );
  // Every TCP SYN the gateway sends (no ACK: connection openings only).
  const tcpdump = await spawnIn(GW, ['tcpdump', '-i', 'eth0', '-n', '-l', 'tcp[tcpflags] & tcp-syn != 0 and tcp[tcpflags] & tcp-ack == 0'], /listening on/, 'stderr');

  const base = { randomizedMac: false, names: [], capabilities: [], firstSeen: 't', lastSeen: 't', traffic: { bytesUp: 0, bytesDown: 0, peers: [] } };
  const devices: Device[] = [
    { ...base, id: 'kasa', ips: [SIMS.kasa!.ip], hostnames: ['HS110'], category: 'smart-plug', profile: { id: 'tp-link.kasa-plug', name: 'Kasa plug', confidence: 0.9, matchedBy: ['dhcp'] } },
    { ...base, id: 'g1', ips: [SIMS.g1!.ip], hostnames: [], category: 'smart-plug' },
    { ...base, id: 'g2', ips: [SIMS.g2!.ip], hostnames: [], category: 'smart-plug' },
    { ...base, id: 'tas', ips: [SIMS.tas!.ip], hostnames: ['tasmota-4C11AE-0430'], category: 'smart-plug' },
    { ...base, id: 'hidden', ips: [SIMS.hidden!.ip], hostnames: ['ipcam-7'], category: 'camera',
      portMappings: [{ protocol: 'TCP', externalPort: 554, internalClient: SIMS.hidden!.ip, internalPort: 554, enabled: true, description: 'rtsp' }] },
  ];
  const observations: Observation[] = [
    { source: 'mdns', at: 't', ip: SIMS.g1!.ip, data: { type: '_http._tcp', instance: 'shelly1-A1B2C3._http._tcp.local', port: 80 } },
    { source: 'mdns', at: 't', ip: SIMS.g2!.ip, data: { type: '_shelly._tcp', port: 80, txt: { gen: '2' } } },
    { source: 'mdns', at: 't', ip: SIMS.hidden!.ip, data: { type: '_matter._tcp', instance: '2906C908D115D362-0000000000000007._matter._tcp.local' } },
  ];
  writeFileSync(join(dir, 'input.json'), JSON.stringify({ devices, observations }));
  const checker = await spawnIn(GW, [process.execPath, '--import', 'tsx', join(HERE, 'sim-access/run-checks-cli.ts'), join(dir, 'input.json')], /^\{"entries"/);
  result = JSON.parse(checker.lines.find((l) => l.startsWith('{"entries"'))!) as typeof result;
  // Let tcpdump print the last lines, then stop it (our own child, by its pid).
  await new Promise((r) => setTimeout(r, 500));
  tcpdump.kill('SIGINT');
  await new Promise((r) => tcpdump.once('exit', r));
  syns = tcpdump.lines.filter((l) => / IP /.test(l)).map((l) => /> (\d+\.\d+\.\d+\.\d+)\.(\d+):/.exec(l)).filter((m): m is RegExpExecArray => m !== null).map((m) => `${m[1]}:${m[2]}`);
  for (const name of Object.keys(SIMS)) logs[name] = readSimLog(logFile(name));
}, 90_000);

afterAll(async () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
  await teardown();
  if (dir) rmSync(dir, { recursive: true, force: true });
  release();
}, 30_000);

describe('quiet access checks in the hs-acc home', () => {
  it('finds the bound Kasa account, Shelly cloud/broker/websocket/webhooks, the Tasmota broker, the port mapping and the Matter system', () => {
    expect(result.errors).toEqual([]);
    const kinds = Object.fromEntries(Object.entries(result.entries).map(([d, es]) => [d, es.map((e) => e.kind).sort()]));
    expect(kinds).toEqual({
      kasa: ['cloud-account'],
      g1: ['broker', 'cloud-account', 'webhook'],
      g2: ['app', 'broker', 'cloud-account', 'remote-admin', 'webhook'],
      tas: ['broker'],
      hidden: ['ecosystem', 'port-mapping'],
    });
    expect(result.entries.kasa![0]!.label).toBe('Linked to the TP-Link account m***@example.com');
    expect(result.entries.hidden!.find((e) => e.kind === 'port-mapping')!.label).toBe('Reachable from the internet: TCP 554 → ipcam-7');
  });

  it('left only reads on the devices, one per endpoint, and nothing on the unidentified one', () => {
    expect(logs.kasa!.map((r) => r.path)).toEqual(['system.get_sysinfo,cnCloud.get_info']);
    expect(logs.g1!.map((r) => r.path)).toEqual(['/settings', '/settings/actions']);
    expect(logs.g2!.map((r) => r.path)).toEqual(['/rpc/Shelly.GetConfig', '/rpc/Cloud.GetStatus', '/rpc/Webhook.List', '/rpc/Script.List']);
    expect(logs.tas!.map((r) => r.path)).toEqual(['/in']);
    expect(logs.hidden).toEqual([]);
    for (const l of Object.values(logs)) expect(l.every((r) => r.kind === 'read')).toBe(true);
  });

  it('opened exactly one connection per request, only to identified devices (no scanning)', () => {
    const count = (dst: string) => syns.filter((s) => s === dst).length;
    expect(count(`${SIMS.kasa!.ip}:9999`)).toBe(1);
    expect(count(`${SIMS.g1!.ip}:80`)).toBe(2);
    expect(count(`${SIMS.g2!.ip}:80`)).toBe(4);
    expect(count(`${SIMS.tas!.ip}:80`)).toBe(1);
    expect(syns.filter((s) => s.startsWith(`${SIMS.hidden!.ip}:`))).toEqual([]);
    expect(syns).toHaveLength(8);
  });
});
