/**
 * Regenerates the "demo home" fixture test/fixtures/lab-home-12.pcap (and its ground truth
 * lab-home-12.truth.json): brings the home-12 lab up, captures with tcpdump on the router's LAN interface
 * (hl-gw eth0) from before the devices start, triggers one camera motion burst halfway, tears the lab down,
 * and trims bulk TCP payloads (pcap-trim.ts) so the file stays under 2 MB while frame lengths stay real.
 *
 *   sudo npx tsx test/lab/make-demo-capture.ts [--seconds 65] [--out test/fixtures/lab-home-12.pcap]
 */
import { planLab } from './lab-plan.ts';
import { labMotion } from './lab.ts';
import { captureArgs, recordLabCapture } from './record-lab-capture.ts';
import { loadScenario } from './scenario-load.ts';

const { seconds, out } = captureArgs({ seconds: 65, out: 'test/fixtures/lab-home-12.pcap' });
const scenario = loadScenario('home-12');
const plan = planLab(scenario);
const motionCamera = scenario.devices.find((d) => d.motion)?.name;
await recordLabCapture({
  scenario,
  seconds,
  out,
  maxMegabytes: 2,
  tmpPrefix: 'hl-demo-',
  during: async ({ t0 }) => {
    // One motion burst halfway through the capture.
    await new Promise((r) => setTimeout(r, Math.max(0, seconds * 1000 - (Date.now() - t0)) / 2));
    if (motionCamera) labMotion(motionCamera);
  },
  truth: () => ({
    about: 'Ground truth of lab-home-12.pcap, written by test/lab/make-demo-capture.ts',
    scenario: scenario.name,
    seconds,
    motionBurst: motionCamera ?? null,
    router: { ip: '10.77.0.1', mac: scenario.router.mac, expect: scenario.router.expect, portMappings: scenario.router.igd.mappings },
    devices: plan.devices.map((d) => ({ name: d.device.name, family: d.device.family, ip: d.ip, mac: d.device.mac, hostname: d.device.dhcp.hostname, resolver: d.resolver, dns: d.device.dns, mdns: d.device.mdns.map((s) => `${s.name}.${s.type}.local`), ssdp: d.device.ssdp?.deviceType ?? null, traffic: d.device.traffic, expect: d.device.expect ?? null })),
    domains: plan.domains,
  }),
});
