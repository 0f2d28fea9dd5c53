/**
 * Issue 7's lab scenario, end to end: the mqtt-home lab (scenarios/mqtt-home.yaml) with Debian's mosquitto running
 * anonymous inside the Home Assistant box's namespace (announced by mDNS `_mqtt._tcp`), a zigbee2mqtt-style bridge
 * publishing its device list with a Zigbee lock, and an OwnTracks phone publishing its location (both through the
 * mqtt client library from their own namespaces, a bounded number of messages). `homesweep start --interface eth0`
 * runs in hl-gw; through its API (curl inside hl-gw, with passcode, cookie and CSRF token) the live audit must offer
 * the broker, and `POST /api/audits/:id/mqtt` on the offered address must show the lock, the location publisher
 * and the anonymous access in the audit view. The broker's own log proves the audit published nothing.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditSummary, AuditView } from '../../gateway/contract.ts';
import { ownTracks, zigbeeDevices } from '../fixtures/mqtt/home-topics.ts';
import { labGateway, type LabGateway } from './lab-gateway.ts';
import { acquireLabLock } from './lab-lock.ts';
import { labDown, labUp } from './lab.ts';
import { loadScenario } from './scenario-load.ts';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const SCENARIO = join(REPO_ROOT, 'test/lab/scenarios/mqtt-home.yaml');
const MOSQUITTO = '/usr/sbin/mosquitto';
const dir = mkdtempSync(join(tmpdir(), 'hs-mqtt-lab-'));
const mosquittoLog = join(dir, 'mosquitto.log');

/**
 * A device's MQTT client: publishes `retained` once, then `repeat` times every `everyMs` the `repeated` messages,
 * then disconnects. Run with node inside a device namespace; bounded in count and time.
 */
const PUBLISHER = `
import mqtt from 'mqtt';
const plan = JSON.parse(process.env.HS_PUBLISH);
const c = await mqtt.connectAsync({ host: plan.host, port: 1883, clientId: plan.clientId, reconnectPeriod: 0, connectTimeout: 5000 });
for (const m of plan.retained) await c.publishAsync(m.topic, m.payload, { retain: true, qos: 1 });
console.log('published retained');
for (let i = 0; i < plan.repeat; i++) {
  await new Promise((r) => setTimeout(r, plan.everyMs));
  for (const m of plan.repeated) await c.publishAsync(m.topic, m.payload, { retain: m.retain, qos: 0 });
}
await c.endAsync();
`;

let release: () => void = () => undefined;
let gateway: LabGateway | undefined;
const helpers: ChildProcess[] = [];
let exitCode: number | null = null;
let brokerIp = '';
let offered: AuditView | undefined;
let answer: { status: number; json: { summary: Record<string, unknown>; devices: number; findings: number; errors: string[] } } | undefined;
let view: AuditView | undefined;
let afterStop: AuditView | undefined;
let brokerLog = '';

/** Starts a program inside a lab namespace; it is killed by its pid at the end. */
function inNamespace(ns: string, argv: string[], env: Record<string, string> = {}): ChildProcess {
  const p = spawn('ip', ['netns', 'exec', ns, ...argv], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  let out = '';
  p.stdout!.setEncoding('utf8').on('data', (d: string) => (out += d));
  p.stderr!.setEncoding('utf8').on('data', (d: string) => (out += d));
  p.once('close', (code) => code && console.log(`${argv[0]} in ${ns} exited ${code}: ${out.slice(-500)}`));
  helpers.push(p);
  return p;
}

async function until(what: string, check: () => boolean | Promise<boolean>, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${what}: not within ${ms / 1000} s`);
}

beforeAll(async () => {
  if (!existsSync(MOSQUITTO)) throw new Error(`${MOSQUITTO} is missing: this test needs Debian's mosquitto package`);
  release = await acquireLabLock();
  const lab = await labUp(loadScenario(SCENARIO), { seconds: 90, deferDevices: true });
  const [hub, bridge, phone] = lab.plan.devices;
  brokerIp = hub!.ip;
  const ui = join(dir, 'ui');
  mkdirSync(ui);
  writeFileSync(join(ui, 'index.html'), '<!doctype html><title>Home notes</title>');
  gateway = labGateway({ dir, uiDir: ui });
  const api = gateway.api;
  await gateway.start();
  await gateway.setup('lab passcode');
  await lab.startDevices();

  // The home's broker: anonymous, on the LAN, as many homes run it.
  const conf = join(dir, 'mosquitto.conf');
  writeFileSync(conf, ['listener 1883 0.0.0.0', 'allow_anonymous true', 'persistence false', 'user root', `log_dest file ${mosquittoLog}`,
    'log_type all', 'connection_messages true', 'sys_interval 1', ''].join('\n'));
  inNamespace(hub!.ns, [MOSQUITTO, '-c', conf]);
  await until('mosquitto listening', () => existsSync(mosquittoLog) && /Opening ipv4 listen socket on port 1883/.test(readFileSync(mosquittoLog, 'utf8')), 10_000);
  const z = zigbeeDevices();
  const lockState = { topic: 'zigbee2mqtt/Front door lock', payload: JSON.stringify({ state: 'LOCKED', battery: 87, linkquality: 120 }), retain: false };
  inNamespace(bridge!.ns, [process.execPath, '--input-type=module', '-e', PUBLISHER], {
    HS_PUBLISH: JSON.stringify({ host: brokerIp, clientId: 'zigbee2mqtt_5e90', retained: [{ topic: 'zigbee2mqtt/bridge/state', payload: 'online' }, { topic: z.topic, payload: z.payload }], repeated: [lockState], repeat: 40, everyMs: 1000 }),
  });
  const loc = ownTracks(true, 'sam', 'phone');
  inNamespace(phone!.ns, [process.execPath, '--input-type=module', '-e', PUBLISHER], {
    HS_PUBLISH: JSON.stringify({ host: brokerIp, clientId: 'owntracks-sam-phone', retained: [{ topic: loc.topic, payload: loc.payload }], repeated: [{ ...loc, retain: true }], repeat: 20, everyMs: 2000 }),
  });
  await until('retained messages on the broker', () => (readFileSync(mosquittoLog, 'utf8').match(/Received PUBLISH from (zigbee2mqtt_5e90|owntracks-sam-phone)/g) ?? []).length >= 3, 15_000);

  const [audit] = (await api<AuditSummary[]>('GET', '/api/audits')).json;
  const t0 = Date.now();
  // The page offers the broker once the hub's mDNS announcement has been heard.
  await until('the broker offered in the audit view', async () => {
    offered = (await api<AuditView>('GET', `/api/audits/${audit!.id}`)).json;
    return offered.offers?.mqttBrokers.some((o) => o.url === `mqtt://${brokerIp}:1883`) ?? false;
  }, 40_000);
  const offer = offered!.offers!.mqttBrokers.find((o) => o.url === `mqtt://${brokerIp}:1883`)!;
  console.log(`broker offered ${Math.round((Date.now() - t0) / 1000)} s after the publishers started`);
  const t1 = Date.now();
  answer = await api('POST', `/api/audits/${audit!.id}/mqtt`, { url: offer.url, seconds: 8 }, 60);
  console.log(`POST /api/audits/:id/mqtt (8 s of listening) answered after ${((Date.now() - t1) / 1000).toFixed(1)} s`);
  view = (await api<AuditView>('GET', `/api/audits/${audit!.id}`)).json;
  await api<AuditSummary>('POST', `/api/audits/${audit!.id}/stop`, {});
  afterStop = (await api<AuditView>('GET', `/api/audits/${audit!.id}`)).json;
  brokerLog = readFileSync(mosquittoLog, 'utf8');
  exitCode = await gateway.stop();
}, 120_000);

afterAll(async () => {
  gateway?.kill();
  for (const p of helpers) if (p.exitCode === null && p.pid) p.kill('SIGKILL');
  await labDown();
  release();
  rmSync(dir, { recursive: true, force: true });
});

describe('an MQTT home in the lab, audited through the gateway', () => {
  it('offers the broker the hub announces by mDNS, on the hub device', () => {
    const offer = offered!.offers!.mqttBrokers.find((o) => o.url === `mqtt://${brokerIp}:1883`)!;
    const hub = offered!.devices.find((d) => d.id === offer.device)!;
    expect(hub.ips).toContain(brokerIp);
    expect(hub.services).toContain('_mqtt._tcp');
    expect(offer.why).toMatch(/announces an MQTT message broker/);
  });

  it('finds anonymous access on the hub, the Zigbee lock and the location publisher', () => {
    expect(answer!.status).toBe(200);
    expect(answer!.json.summary).toMatchObject({ url: `mqtt://${brokerIp}:1883`, connected: true, anonymous: true, tls: false });
    expect(answer!.json.errors).toEqual([]);
    const hub = view!.devices.find((d) => d.ips.includes(brokerIp))!;
    expect(hub.id).toBe('mac-b827eb4d217a');
    const hubRules = view!.findings.filter((f) => f.device === hub.id).map((f) => f.rule);
    expect(hubRules).toEqual(expect.arrayContaining(['HS-MQTT-0001', 'HS-MQTT-0002', 'HS-MQTT-0007']));
    expect(hub.findingIds.length).toBeGreaterThanOrEqual(4);
    const anonymous = view!.findings.find((f) => f.rule === 'HS-MQTT-0001')!;
    expect(view!.checklist.some((i) => i.id === `finding@${anonymous.id}`)).toBe(true);
    const location = view!.findings.filter((f) => f.rule === 'HS-MQTT-0004' || f.rule === 'HS-MQTT-0005');
    expect(location.some((f) => f.summary.includes('sam/phone'))).toBe(true);
    expect(view!.devices.find((d) => d.names.includes('Front door lock'))).toMatchObject({ category: 'lock', vendor: 'Yale' });
    expect(view!.devices.find((d) => d.names.includes('sam/phone (sp)'))).toMatchObject({ category: 'phone', capabilities: ['location'] });
  });

  it('keeps them after the audit stops; the audit published nothing on the broker', () => {
    expect(afterStop!.audit.status).toBe('done');
    expect(afterStop!.devices.find((d) => d.names.includes('Front door lock'))?.category).toBe('lock');
    expect(afterStop!.findings.filter((f) => f.rule.startsWith('HS-MQTT')).length).toBe(view!.findings.filter((f) => f.rule.startsWith('HS-MQTT')).length);
    const publishers = new Set([...brokerLog.matchAll(/Received PUBLISH from (\S+)/g)].map((m) => m[1]));
    expect(publishers).toEqual(new Set(['zigbee2mqtt_5e90', 'owntracks-sam-phone']));
    expect(brokerLog).toMatch(/New client connected from 10\.77\.0\.1:\d+ as \S+ \(p5/);
    expect(exitCode).toBe(0);
  });
});
