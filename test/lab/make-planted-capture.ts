/**
 * Regenerates the planted-behaviour fixture test/fixtures/lab-planted.pcap (and lab-planted.truth.json, which lists
 * each planted behaviour with its device, the rule that should find it and the peer): brings the `planted` lab
 * scenario up, captures with tcpdump on the router's LAN interface (hl-gw eth0) from before the devices start,
 * starts the scenario's outside visitors in hl-cloud (sim-visitor.ts), tears the lab down, and trims bulk TCP
 * payloads (pcap-trim.ts) so the file stays under 3 MB while frame lengths stay real. It is also the demo home.
 *
 *   sudo npx tsx test/lab/make-planted-capture.ts [--seconds 105] [--out test/fixtures/lab-planted.pcap]
 */
import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LAB, planLab, type LabPlan } from './lab-plan.ts';
import { captureArgs, recordLabCapture } from './record-lab-capture.ts';
import { loadScenario } from './scenario-load.ts';
import type { Scenario } from './scenario-schema.ts';
import type { VisitorRunConfig } from './sim-visitor.ts';

const HERE = dirname(fileURLToPath(import.meta.url));

/** One planted behaviour: what should be found, on which device, by which rule, against which peer. */
export interface PlantedBehaviour {
  behaviour: string;
  device: string;
  mac: string;
  rule: string;
  /** A host name or address the finding's evidence names. */
  peer: string;
  /** `capture`: visible in the pcap (homesweep analyze); `router`: visible only to discovery (UPnP IGD). */
  seenIn: 'capture' | 'router';
}

/** The planted behaviours of the `planted` scenario, resolved against its lab plan. */
export function plantedBehaviours(plan: LabPlan): PlantedBehaviour[] {
  const mac = (name: string) => plan.devices.find((d) => d.device.name === name)?.device.mac ?? '';
  const visitor = plan.scenario.visitors[0];
  const p = (behaviour: string, device: string, rule: string, peer: string, seenIn: PlantedBehaviour['seenIn'] = 'capture'): PlantedBehaviour => ({ behaviour, device, mac: mac(device), rule, peer, seenIn });
  return [
    p('camera live-viewed: sustained upload well above its baseline', 'cam-bedroom', 'HS-STREAM-0001', 'wyze-mars-service.wyzecam.com'),
    p('phone contacting stalkerware servers', 'phone-android', 'HS-IOC-0001', 'api.flexispy.com'),
    p('phone contacting stalkerware servers', 'phone-android', 'HS-IOC-0001', 'push.mobilefonex.com'),
    p('P2P camera with a hard-coded DNS resolver', 'cam-p2p', 'HS-HIDE-0001', '8.8.8.8'),
    p('P2P camera PPPP traffic on UDP 32100', 'cam-p2p', 'HS-REMOTE-0005', 'p2p1.av380.net'),
    p('remote-desktop session (TeamViewer)', 'laptop', 'HS-REMOTE-0003', 'router7.teamviewer.com'),
    p('remote-desktop session (AnyDesk relay)', 'laptop', 'HS-REMOTE-0003', 'relay-41a7c2e9.net.anydesk.com'),
    p('remote-desktop session on the TeamViewer port', 'laptop', 'HS-REMOTE-0006', 'router7.teamviewer.com'),
    p('camera reached from the internet through a UPnP port mapping', 'cam-hallway', 'HS-EXPOSE-0002', visitor ? plan.domains[visitor.from]! : ''),
    p('camera exposed by a UPnP port mapping (router)', 'cam-hallway', 'HS-EXPOSE-0001', 'TCP port 8554', 'router'),
    p('dynamic DNS lookup', 'cam-hallway', 'HS-REMOTE-0001', 'homecam-4821.duckdns.org'),
  ];
}

/** Starts sim-visitor.ts in hl-cloud for the scenario's visitors (labDown stops it with the namespace). */
export function startVisitors(plan: LabPlan, seconds: number, dir: string): void {
  const visits = plan.scenario.visitors.map((v) => ({
    fromIp: plan.domains[v.from]!,
    toIp: plan.devices.find((d) => d.device.name === v.to)!.ip,
    port: v.port,
    periodSec: v.periodSec,
    startSec: v.startSec,
    bytes: v.bytes,
  }));
  if (!visits.length) return;
  const cfg: VisitorRunConfig = { seconds, visits };
  const cfgFile = join(dir, 'visitor.json');
  writeFileSync(cfgFile, JSON.stringify(cfg));
  const fd = openSync(join(dir, 'visitor.log'), 'w');
  const child = spawn('ip', ['netns', 'exec', LAB.cloudNs, process.execPath, '--import', 'tsx', join(HERE, 'sim-visitor.ts'), cfgFile], { stdio: ['ignore', fd, fd], detached: true });
  closeSync(fd);
  child.on('error', (err) => console.error(`visitor: ${err.message}`));
  child.unref();
}

/** The ground truth written next to lab-planted.pcap (read back by test/corpus/lab-planted.test.ts). */
export function plantedTruth(scenario: Scenario, plan: LabPlan, seconds: number) {
  return {
    about: 'Ground truth of lab-planted.pcap, written by test/lab/make-planted-capture.ts from test/lab/scenarios/planted.yaml',
    scenario: scenario.name,
    seconds,
    router: { ip: LAB.gatewayLanIp, mac: scenario.router.mac, expect: scenario.router.expect, portMappings: scenario.router.igd.mappings },
    planted: plantedBehaviours(plan),
    devices: plan.devices.map((d) => ({
      name: d.device.name,
      family: d.device.family,
      ip: d.ip,
      mac: d.device.mac,
      hostname: d.device.dhcp.hostname,
      resolver: d.resolver,
      planted: plantedBehaviours(plan).some((b) => b.device === d.device.name),
      dns: d.device.dns,
      traffic: d.device.traffic,
      expect: d.device.expect ?? null,
    })),
    domains: plan.domains,
  };
}

/** The lab-planted.truth.json document, as the corpus test reads it. */
export type PlantedTruth = ReturnType<typeof plantedTruth>;

async function main(): Promise<void> {
  const { seconds, out } = captureArgs({ seconds: 105, out: 'test/fixtures/lab-planted.pcap' });
  const scenario = loadScenario(join(HERE, 'scenarios', 'planted.yaml'));
  const plan = planLab(scenario);
  await recordLabCapture({
    scenario,
    seconds,
    out,
    maxMegabytes: 3,
    tmpPrefix: 'hl-planted-',
    during: ({ dir }) => startVisitors(plan, seconds + 10, dir),
    afterCapture: (dir) => {
      if (existsSync(join(dir, 'visitor.log'))) console.error(readFileSync(join(dir, 'visitor.log'), 'utf8').trim());
    },
    truth: () => plantedTruth(scenario, plan, seconds),
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
