/**
 * Issue 8's lab scenario: `homesweep start --interface eth0` inside hl-gw with the `accounts` home
 * (scenarios/accounts.yaml), plus the local-API simulations running as the devices, in the devices' own
 * namespaces: the Kasa plug's legacy protocol on 9999 (bound to another TP-Link account), the Hue bridge's API
 * (an app added through the cloud) and Home Assistant's WebSocket API (a second administrator, a phone logged in
 * from outside). The live audit's quiet checks must find the Kasa account and the camera's port mapping on their
 * own, touching nothing but the plug (one read); the owner then starts the Hue and Home Assistant checks through
 * the API (curl inside hl-gw, with the page's session and CSRF token). All four must show in the audit view's
 * devices (access) and checklist, and as findings.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditSummary, AuditView, DeviceView } from '../../gateway/contract.ts';
import { labGateway, type LabGateway } from './lab-gateway.ts';
import { acquireLabLock } from './lab-lock.ts';
import { LAB, deviceIp, planLab } from './lab-plan.ts';
import { labDown, labUp } from './lab.ts';
import { loadScenarioFile } from './scenario-load.ts';
import { readSimLog, type SimRequest } from './sim-access/sim-common.ts';
import type { SimLogEntry } from './sim-accounts/sim-log.ts';
import { spawnReady } from './spawn-ready.ts';

const HERE = dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = resolve(HERE, '../..');
const scenario = loadScenarioFile(join(HERE, 'scenarios/accounts.yaml'));
const plan = planLab(scenario);
const nsOf = (name: string) => plan.devices.find((d) => d.device.name === name)!.ns;
const ipOf = (name: string) => deviceIp(plan, name)!;
const HA_TOKEN = 'eyJhbGciOiJIUzI1NiJ9.lab-owner-token.sig';

const dir = mkdtempSync(join(tmpdir(), 'hs-accounts-lab-'));
let release: () => void = () => undefined;
const children: ChildProcess[] = [];
let gateway: LabGateway | undefined;
let final: AuditView | undefined;
let summary: AuditSummary | undefined;
let haResult: { status: number; json: { entries: unknown[]; error?: string; findings: string[] } } | undefined;
let hueResult: { status: number; json: { entries: unknown[]; error?: string; facts: { createdApp?: { appKey?: string } }; removeLater?: string } } | undefined;
let haLogBeforeCheck: SimLogEntry[] = [];
let hueLogBeforeCheck: SimLogEntry[] = [];
let haLog: SimLogEntry[] = [];
let hueLog: SimLogEntry[] = [];
let kasaLog: SimRequest[] = [];
let seconds = 0;

/** A child in a namespace (stdin open for the sims' `dump`); resolves once a line matches `ready`. */
const spawnIn = (ns: string, cmd: string[], ready: RegExp) => spawnReady(ns, cmd, ready, { cwd: REPO_ROOT, children, stdin: true });

/**
 * Starts one of the account simulations (sim-accounts/) in a device namespace. It prints `ready <urls>`, and on a
 * `dump` line on stdin prints its request log as `LOG <json>`.
 */
async function startAccountSim(ns: string, module: string, start: string): Promise<{ urls: string[]; dump(): Promise<SimLogEntry[]> }> {
  const code = `
const sim = await (await import(${JSON.stringify(join(HERE, 'sim-accounts', module))}))${start};
console.log('ready ' + [sim.url, sim.clipUrl].filter(Boolean).join(' '));
process.stdin.setEncoding('utf8').on('data', (d) => { if (d.includes('dump')) console.log('LOG ' + JSON.stringify(sim.log.entries)); });
process.stdin.on('end', () => sim.close().then(() => process.exit(0)));
setTimeout(() => process.exit(0), 110000).unref();
`;
  const child = await spawnIn(ns, [process.execPath, '--import', 'tsx', '--input-type=module', '-e', code], /^ready /);
  const urls = child.lines.find((l) => l.startsWith('ready '))!.split(' ').slice(1);
  return {
    urls,
    dump: async () => {
      const before = child.lines.length;
      child.stdin!.write('dump\n');
      for (let i = 0; i < 50; i++) {
        const line = child.lines.slice(before).find((l) => l.startsWith('LOG '));
        if (line) return JSON.parse(line.slice(4)) as SimLogEntry[];
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`${ns}: no log dump`);
    },
  };
}

const byIp = (v: AuditView, ip: string): DeviceView | undefined => v.devices.find((d) => d.ips.includes(ip));

beforeAll(async () => {
  release = await acquireLabLock();
  const t0 = Date.now();
  const lab = await labUp(scenario, { seconds: 100, deferDevices: true });
  // The devices' own local APIs, bound to the devices' addresses inside their namespaces.
  await spawnIn(nsOf('plug-kasa'), [process.execPath, '--import', 'tsx', join(HERE, 'sim-access/kasa-plug.ts'), '--host', ipOf('plug-kasa'), '--port', '9999', '--log', join(dir, 'kasa.jsonl'), '--seconds', '100'], /^ready \d+/);
  const ha = await startAccountSim(nsOf('home-assistant'), 'home-assistant.ts', `.startHomeAssistantSim({ token: ${JSON.stringify(HA_TOKEN)}, host: ${JSON.stringify(ipOf('home-assistant'))} })`);
  const hue = await startAccountSim(nsOf('hue-bridge'), 'hue-bridge.ts', `.startHueSim({ host: ${JSON.stringify(ipOf('hue-bridge'))} })`);

  const ui = join(dir, 'ui');
  mkdirSync(ui);
  writeFileSync(join(ui, 'index.html'), '<!doctype html><title>Home notes</title>');
  // Short discovery rounds, so the quiet checks run within the test's minute (the default is every 5 minutes).
  writeFileSync(join(dir, 'config.json'), JSON.stringify({ discoverySeconds: 3, discoveryEverySeconds: 10 }));
  gateway = labGateway({ dir, uiDir: ui, extraArgs: ['--config', join(dir, 'config.json')], maxSeconds: 30 });
  const api = gateway.api;
  await gateway.start();
  await gateway.setup('lab passcode');
  await lab.startDevices();
  const [audit] = (await api<AuditSummary[]>('GET', '/api/audits')).json;
  const view = async () => (await api<AuditView>('GET', `/api/audits/${audit!.id}`)).json;

  // The owner's checks, once each, as soon as the two hubs show in the device list.
  const deadline = Date.now() + 75_000;
  while (Date.now() < deadline) {
    const v = await view();
    if (!haResult && byIp(v, ipOf('home-assistant')) && byIp(v, ipOf('hue-bridge'))) {
      haLogBeforeCheck = await ha.dump();
      hueLogBeforeCheck = await hue.dump();
      haResult = await api('POST', `/api/audits/${audit!.id}/account-checks/home-assistant`, { target: { baseUrl: ha.urls[0] }, credential: HA_TOKEN, confirm: true });
      hueResult = await api('POST', `/api/audits/${audit!.id}/account-checks/hue-bridge`, { target: { baseUrl: hue.urls[0], clipBaseUrl: hue.urls[1] }, confirm: true });
    }
    const kasa = byIp(v, ipOf('plug-kasa'));
    const cam = byIp(v, ipOf('cam-v380'));
    if (haResult && kasa?.access?.some((e) => e.kind === 'cloud-account') && cam?.access?.some((e) => e.kind === 'port-mapping')) break;
    await new Promise((r) => setTimeout(r, 2000));
  }
  summary = (await api<AuditSummary>('POST', `/api/audits/${audit!.id}/stop`, {})).json;
  final = await view();
  seconds = Math.round((Date.now() - t0) / 1000);
  haLog = await ha.dump();
  hueLog = await hue.dump();
  kasaLog = readSimLog(join(dir, 'kasa.jsonl'));
  await gateway.stop();
  console.log(`accounts lab: ${seconds} s from lab up to the stopped audit`);
}, 120_000);

afterAll(async () => {
  gateway?.kill();
  for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
  await labDown();
  release();
  rmSync(dir, { recursive: true, force: true });
}, 30_000);

describe('remote-access accounts in the lab home', () => {
  it('the quiet checks find the Kasa plug bound to another account and the camera reachable through the router', () => {
    const kasa = byIp(final!, ipOf('plug-kasa'))!;
    expect(kasa.access!.find((e) => e.kind === 'cloud-account')).toMatchObject({ label: 'Linked to the TP-Link account m***@example.com', source: 'kasa-local', notice: 'N0', outside: true });
    const cam = byIp(final!, ipOf('cam-v380'))!;
    expect(cam.access!.find((e) => e.kind === 'port-mapping')).toMatchObject({ outside: true, label: expect.stringMatching(/^Reachable from the internet: TCP 554\b/) });
    expect(final!.findings.some((f) => f.rule === 'HS-ACCESS-0006' && f.device === kasa.id)).toBe(true);
    const exposed = final!.findings.find((f) => f.rule === 'HS-EXPOSE-0001' && f.device === cam.id)!;
    expect(exposed).toBeDefined();
    expect(final!.checklist.some((i) => i.id === `finding@${exposed.id}`)).toBe(true);
    expect(final!.checklist.some((i) => i.device === kasa.id && i.text === 'Is this account yours, or one you know? Linked to the TP-Link account m***@example.com')).toBe(true);
  });

  it('the quiet checks left no trace: one read on the plug, nothing at all on the hubs before the owner started their checks', () => {
    expect(kasaLog.map((r) => [r.kind, r.path])).toEqual([['read', 'system.get_sysinfo,cnCloud.get_info']]);
    expect(haLogBeforeCheck).toEqual([]);
    expect(hueLogBeforeCheck).toEqual([]);
  });

  it('the owner-started Home Assistant check finds the second administrator and the phone logged in from outside, with one token use and no write', () => {
    expect(haResult!.status).toBe(200);
    expect(haResult!.json.error).toBeUndefined();
    const ha = byIp(final!, ipOf('home-assistant'))!;
    const alex = ha.access!.find((e) => e.label === 'Home Assistant administrator Alex (alex)')!;
    expect(alex).toMatchObject({ kind: 'user', outside: true, notice: 'N2' });
    const pixel = ha.access!.find((e) => e.label === 'Logged into your account: Pixel 7')!;
    expect(pixel).toMatchObject({ kind: 'session', outside: true });
    expect(pixel.detail).toContain('203.0.113.7');
    expect(final!.checklist.find((i) => i.id === `access@${alex.id}`)!.text).toBe('Do you know this person? Home Assistant administrator Alex (alex)');
    expect(final!.checklist.some((i) => i.id === `access@${pixel.id}`)).toBe(true);
    const rules = final!.findings.filter((f) => f.device === ha.id).map((f) => f.rule);
    expect(rules).toEqual(expect.arrayContaining(['HS-ACCESS-0001', 'HS-ACCESS-0002', 'HS-ACCESS-0004']));
    expect(haLog.filter((e) => e.kind === 'auth').map((e) => e.credential)).toEqual(['valid']);
    expect(haLog.filter((e) => e.kind === 'write' || e.kind === 'notification')).toEqual([]);
    expect(haLog.every((e) => e.from === LAB.gatewayLanIp)).toBe(true);
  });

  it('the owner-started Hue check finds the app added through the cloud; its one write is the app the owner was told about', () => {
    expect(hueResult!.status).toBe(200);
    expect(hueResult!.json.error).toBeUndefined();
    expect(hueResult!.json.facts.createdApp?.appKey).toMatch(/^[0-9a-f]{40}$/);
    expect(hueResult!.json.removeLater).toMatch(/account\.meethue\.com\/apps/);
    const hue = byIp(final!, ipOf('hue-bridge'))!;
    const ifttt = hue.access!.find((e) => e.label.includes('"IFTTT#cloud"'))!;
    expect(ifttt).toMatchObject({ kind: 'app', outside: true });
    expect(final!.checklist.find((i) => i.id === `access@${ifttt.id}`)!.text).toBe('Do you know this app? App "IFTTT#cloud" can control the Hue lights from outside the home');
    expect(final!.findings.some((f) => f.rule === 'HS-ACCESS-0001' && f.device === hue.id && f.summary.includes('IFTTT'))).toBe(true);
    expect(hueLog.filter((e) => e.kind === 'write').map((e) => e.what)).toEqual(['created app "home check#gateway"']);
  });

  it('ends as a finished audit', () => {
    expect(summary!.status).toBe('done');
  });
});
