/**
 * Visibility in the lab home: the same minute and a quarter of the `home-12` home captured twice at once, by real
 * tcpdump on the router's LAN interface (hl-gw eth0) and on the Android phone's own interface (a computer beside the
 * router, on the bridge). `homesweep analyze` must say the router's capture is in the traffic's path and the phone's
 * is beside it, and must not give "no findings" for the phone's capture but say the traffic could not be judged.
 * Meanwhile `homesweep discover --json` runs in the phone's namespace (a live capture whose own computer is known)
 * and must say the same. Needs root; holds the lab lock.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditExport, Finding, Visibility } from '../../gateway/contract.ts';
import { startCapture } from './capture.ts';
import { acquireLabLock } from './lab-lock.ts';
import { LAB } from './lab-plan.ts';
import { labDown, labUp } from './lab.ts';
import { loadScenario } from './scenario-load.ts';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const BIN = join(REPO_ROOT, 'bin/homesweep.js');
const SECONDS = 75;
const dir = mkdtempSync(join(tmpdir(), 'hs-visibility-'));
let release: () => void = () => undefined;
const docs: Record<'router' | 'beside', AuditExport> = {} as never;
let besideText = '';
let live: { visibility: Visibility; findings: Finding[]; devices: unknown[] } | undefined;
let liveErr = '';
/** The phone's device id: its own traffic is in view of its own capture, so findings about it may come. */
let phoneId = '';

/** Rule families that judge traffic (live video, stalkerware servers, remote access, hidden DNS). */
const TRAFFIC_RULE = /^HS-(STREAM|IOC|REMOTE|HIDE)-/;

function analyze(file: string, json: boolean): string {
  const r = spawnSync(process.execPath, [BIN, 'analyze', file, ...(json ? ['--json'] : [])], { encoding: 'utf8', cwd: dir, timeout: 120_000, maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`analyze ${file}: ${r.stderr}`);
  return r.stdout;
}

beforeAll(async () => {
  release = await acquireLabLock();
  const lab = await labUp(loadScenario('home-12'), { seconds: SECONDS + 30, deferDevices: true });
  const phone = lab.plan.devices.find((d) => d.device.name === 'phone-android')!;
  phoneId = `mac-${phone.device.mac.toLowerCase().replace(/:/g, '')}`;
  const router = await startCapture({ file: join(dir, 'router.pcap') });
  const beside = await startCapture({ file: join(dir, 'beside.pcap'), ns: phone.ns, iface: 'eth0' });
  await lab.startDevices();
  // The live side: one discover round with its own capture, in the phone's namespace, for the whole time.
  const discover = spawn('ip', ['netns', 'exec', phone.ns, process.execPath, BIN, 'discover', '--interface', 'eth0', '--seconds', String(SECONDS - 5), '--json'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  discover.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
  discover.stderr.setEncoding('utf8').on('data', (d: string) => (liveErr += d));
  const done = new Promise<number | null>((r) => discover.once('close', r));
  const kill = setTimeout(() => discover.kill('SIGKILL'), (SECONDS + 60) * 1000);
  const code = await done;
  clearTimeout(kill);
  await new Promise((r) => setTimeout(r, 5000));
  await router.stop();
  await beside.stop();
  await labDown();
  if (code === 0) live = JSON.parse(out);
  docs.router = JSON.parse(analyze(join(dir, 'router.pcap'), true)) as AuditExport;
  docs.beside = JSON.parse(analyze(join(dir, 'beside.pcap'), true)) as AuditExport;
  besideText = analyze(join(dir, 'beside.pcap'), false);
  expect(LAB.gatewayNs).toBe('hl-gw');
}, 240_000);

afterAll(async () => {
  await labDown().catch(() => undefined);
  release();
  rmSync(dir, { recursive: true, force: true });
});

describe('what a capture could see, in the lab home', () => {
  it('on the router: in the traffic’s path, most devices’ internet traffic seen, traffic findings raised', () => {
    const v = docs.router.audit.visibility!;
    expect(v.placement).toBe('in-path');
    expect(v.reason).toBe('saw-traffic');
    expect(v.devicesWithTraffic).toBeGreaterThanOrEqual(10);
    expect(v.sawDevices).toHaveLength(v.devicesWithTraffic);
    expect(docs.router.findings.some((f) => TRAFFIC_RULE.test(f.rule))).toBe(true);
    console.log(`router: ${v.devicesWithTraffic} of ${v.devicesTotal} devices' traffic seen`);
  });

  it('beside the router (the phone’s own interface): only announcements, no traffic findings, and it says so', () => {
    const v = docs.beside.audit.visibility!;
    expect(v, JSON.stringify(v)).toMatchObject({ placement: 'beside', reason: 'announcements-only', devicesWithTraffic: 0 });
    // It still saw the devices announce themselves (DHCP, mDNS, SSDP, ARP).
    expect(v.devicesTotal).toBeGreaterThanOrEqual(8);
    // No traffic finding about any device but the capturing computer itself, whose own traffic it does see.
    expect(docs.beside.findings.filter((f) => TRAFFIC_RULE.test(f.rule) && f.device !== phoneId)).toEqual([]);
    expect(besideText).toContain('I can only see what devices announce');
    expect(besideText).toContain('To check their traffic, use one of these');
    expect(besideText).not.toContain('No findings from the detection rules.');
    console.log(`beside: ${v.devicesTotal} devices seen, ${docs.beside.audit.capture!.packets} packets`);
  });

  it('discover --json on the phone (its own computer known) says it is beside the router, with its findings', () => {
    expect(live, liveErr.slice(-2000)).toBeDefined();
    expect(live!.visibility).toMatchObject({ placement: 'beside', reason: 'announcements-only', devicesWithTraffic: 0 });
    expect(live!.visibility.devicesTotal).toBeGreaterThanOrEqual(8);
    expect(Array.isArray(live!.findings)).toBe(true);
    expect(live!.findings.filter((f) => TRAFFIC_RULE.test(f.rule) && f.device !== phoneId)).toEqual([]);
    // The round's other verdicts come as in a live audit: the router's port mappings on the V380 camera.
    expect(live!.findings.some((f) => f.rule === 'HS-EXPOSE-0001')).toBe(true);
  });
});
