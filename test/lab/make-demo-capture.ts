/**
 * Regenerates the "demo home" fixture test/fixtures/lab-home-12.pcap (and its ground truth
 * lab-home-12.truth.json): brings the home-12 lab up, captures with tcpdump on the router's LAN interface
 * (hl-gw eth0) from before the devices start, triggers one camera motion burst halfway, tears the lab down,
 * and trims bulk TCP payloads (pcap-trim.ts) so the file stays under 2 MB while frame lengths stay real.
 *
 *   sudo npx tsx test/lab/make-demo-capture.ts [--seconds 65] [--out test/fixtures/lab-home-12.pcap]
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startCapture } from './capture.ts';
import { acquireLabLock } from './lab-lock.ts';
import { planLab } from './lab-plan.ts';
import { labDown, labMotion, labUp } from './lab.ts';
import { trimBulkTcp } from './pcap-trim.ts';
import { loadScenario } from './scenario-load.ts';

const MAX_BYTES = 2 * 1024 * 1024;
const { values } = parseArgs({ options: { seconds: { type: 'string', default: '65' }, out: { type: 'string', default: 'test/fixtures/lab-home-12.pcap' } } });
const seconds = Number(values.seconds);
const out = resolve(values.out!);
const scenario = loadScenario('home-12');
const plan = planLab(scenario);
const dir = mkdtempSync(join(tmpdir(), 'hl-demo-'));
const raw = join(dir, 'raw.pcap');
const release = await acquireLabLock();
try {
  const lab = await labUp(scenario, { seconds: seconds + 15, deferDevices: true, log: (l) => console.error(`lab: ${l}`) });
  const capture = await startCapture({ file: raw });
  const t0 = Date.now();
  await lab.startDevices();
  const motionCamera = scenario.devices.find((d) => d.motion)?.name;
  const left = () => Math.max(0, seconds * 1000 - (Date.now() - t0));
  await new Promise((r) => setTimeout(r, left() / 2));
  if (motionCamera) labMotion(motionCamera);
  await new Promise((r) => setTimeout(r, left()));
  const packets = await capture.stop();
  await labDown();
  const result = trimBulkTcp(readFileSync(raw));
  if (!result) throw new Error('tcpdump wrote a file that is not a classic pcap');
  if (result.pcap.length > MAX_BYTES) throw new Error(`trimmed capture is ${result.pcap.length} bytes, over 2 MB: use fewer --seconds`);
  writeFileSync(out, result.pcap);
  const truth = {
    about: 'Ground truth of lab-home-12.pcap, written by test/lab/make-demo-capture.ts',
    scenario: scenario.name,
    seconds,
    motionBurst: motionCamera ?? null,
    router: { ip: '10.77.0.1', mac: scenario.router.mac, expect: scenario.router.expect, portMappings: scenario.router.igd.mappings },
    devices: plan.devices.map((d) => ({ name: d.device.name, family: d.device.family, ip: d.ip, mac: d.device.mac, hostname: d.device.dhcp.hostname, resolver: d.resolver, dns: d.device.dns, mdns: d.device.mdns.map((s) => `${s.name}.${s.type}.local`), ssdp: d.device.ssdp?.deviceType ?? null, traffic: d.device.traffic, expect: d.device.expect ?? null })),
    domains: plan.domains,
  };
  writeFileSync(out.replace(/\.pcap$/, '.truth.json'), JSON.stringify(truth, null, 2) + '\n');
  console.log(`${out}: ${packets} packets, ${result.trimmed} bulk segments trimmed, ${result.pcap.length} bytes`);
} finally {
  await labDown().catch(() => undefined);
  release();
  rmSync(dir, { recursive: true, force: true });
}
