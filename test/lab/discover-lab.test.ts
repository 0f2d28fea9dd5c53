/**
 * `homesweep discover` in the lab home, run the way a person would: `ip netns exec hl-gw node bin/homesweep.js
 * discover --interface eth0 --seconds N --json`, after the home-12 devices have been up for a while (HomeSweep
 * is plugged into a home whose devices already run, so their start-up DHCP and DNS are over).
 *
 * - A 5 s round finds every device (MAC and IP), marks the router as the gateway, gives no device a wrong
 *   category, and identifies each device that announces itself on the LAN (mDNS, SSDP) or carries a MAC prefix
 *   of its own brand. Devices that only talk to their cloud are identified once they look a name up, open a
 *   TLS session or renew DHCP; that may or may not fall inside 5 s, and the test prints which did.
 * - A round as long as one device cycle (the scenario's DHCP renewal, which the lab devices' DNS refresh
 *   matches) identifies every device with the category the scenario expects.
 * No timing assertions: wall times are printed, content is asserted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadProfiles } from '../../device-profiles/load.ts';
import { scoreDiscovery, type DeviceScore } from './discovery-score.ts';
import { acquireLabLock } from './lab-lock.ts';
import { runLabDiscover, type LabDiscoverRun } from './lab-discover.ts';
import type { LabPlan } from './lab-plan.ts';
import { labDown, labUp } from './lab.ts';
import { loadScenario } from './scenario-load.ts';

const SHORT_S = 5;
// Devices settle this long after reporting up, so the round sees their steady state, not their start-up burst.
const SETTLE_MS = 3_000;

let release: () => void = () => undefined;
let plan: LabPlan;
let short: LabDiscoverRun;
let long: LabDiscoverRun;
let longSeconds = 0;
const library = loadProfiles();

function table(title: string, run: LabDiscoverRun, scores: DeviceScore[]): string {
  const rows = scores.map((s) => `  ${s.name.padEnd(16)} ${s.found ? 'found' : 'MISSING'}  ${(s.category ?? '-').padEnd(14)} ${s.identified ? 'as expected' : `expected ${s.expected}`}${s.profile ? `  (${s.profile})` : ''}`);
  return [`${title}: exit ${run.code}, wall ${(run.wallMs / 1000).toFixed(1)} s, ${scores.filter((s) => s.identified).length}/${scores.length} identified`, ...rows].join('\n');
}

/** Devices that tell who they are on the LAN itself, or by a MAC prefix their brand's profile lists. */
function announcesItself(name: string): boolean {
  const d = plan.scenario.devices.find((x) => x.name === name)!;
  if (d.mdns.length > 0 || d.ssdp) return true;
  const profile = library.profiles.find((p) => p.id === d.expect?.profile);
  const hex = d.mac.replace(/:/g, '').toUpperCase();
  return profile?.match.oui.some((o) => hex.startsWith(o.prefix)) ?? false;
}

beforeAll(async () => {
  release = await acquireLabLock();
  const scenario = loadScenario('home-12');
  longSeconds = scenario.dhcpRenewSec + 5;
  const lab = await labUp(scenario, { seconds: SETTLE_MS / 1000 + SHORT_S + longSeconds + 60 });
  plan = lab.plan;
  expect(lab.state.devices.every((d) => d.pid > 0)).toBe(true);
  await new Promise((r) => setTimeout(r, SETTLE_MS));
  short = await runLabDiscover({ seconds: SHORT_S });
  console.log(table(`discover --seconds ${SHORT_S}`, short, scoreDiscovery(plan, short.result?.devices ?? [])));
  long = await runLabDiscover({ seconds: longSeconds, progress: true });
  console.log(table(`discover --seconds ${longSeconds}`, long, scoreDiscovery(plan, long.result?.devices ?? [])));
}, 240_000);

afterAll(async () => {
  await labDown();
  release();
});

describe(`discover --seconds ${SHORT_S} in the lab home (steady state)`, () => {
  it('exits 0 with a JSON result that names the interface and captured packets', () => {
    expect(short.code, short.stderr.slice(-800)).toBe(0);
    expect(short.result?.interface).toBe('eth0');
    expect(short.result?.capture).toMatchObject({ malformed: 0 });
    expect((short.result?.capture as { packets: number }).packets).toBeGreaterThan(0);
  });

  it('finds every simulated device by MAC, with its lab IP', () => {
    const scores = scoreDiscovery(plan, short.result!.devices);
    expect(scores.filter((s) => !s.found).map((s) => s.name)).toEqual([]);
    for (const d of plan.devices) expect(short.result!.devices.find((x) => x.mac === d.device.mac)?.ips, d.device.name).toContain(d.ip);
  });

  it('lists the router as the gateway, as a router', () => {
    const gw = short.result!.devices.filter((d) => d.isGateway);
    expect(gw.map((d) => [d.mac, d.category])).toEqual([[plan.scenario.router.mac, plan.scenario.router.expect.category]]);
  });

  it('gives no device a category other than the expected one (unknown is allowed here)', () => {
    const wrong = scoreDiscovery(plan, short.result!.devices).filter((s) => s.category !== 'unknown' && !s.identified);
    expect(wrong.map((s) => `${s.name}: ${s.category}`)).toEqual([]);
  });

  it('identifies every device that announces itself on the LAN or has its own brand MAC prefix', () => {
    const scores = scoreDiscovery(plan, short.result!.devices).filter((s) => announcesItself(s.name));
    // home-12 has seven such devices: six mDNS/SSDP announcers and the Wyze camera (its own OUI).
    expect(scores.length).toBe(7);
    expect(scores.filter((s) => !s.identified).map((s) => `${s.name}: ${s.category}`)).toEqual([]);
  });

  it('lists nothing but the simulated devices and the router', () => {
    const known = new Set([plan.scenario.router.mac, ...plan.devices.map((d) => d.device.mac)]);
    expect(short.result!.devices.filter((d) => !d.mac || !known.has(d.mac)).map((d) => d.id)).toEqual([]);
  });
});

describe('discover over one device cycle (DHCP renewal and DNS refresh), with --progress-json', () => {
  it('exits 0 after progress lines in time order and one result line', () => {
    expect(long.code, long.stderr.slice(-800)).toBe(0);
    expect(long.result).not.toBeNull();
    expect(long.progress.length).toBeGreaterThan(1);
    const times = long.progress.map((p) => p.elapsedMs);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(times.at(-1)!).toBeLessThanOrEqual(Date.parse(long.result!.endedAt) - Date.parse(long.result!.startedAt));
  });

  it('progress only grows towards the result: what the last snapshot identified, the result identifies too', () => {
    const last = scoreDiscovery(plan, long.progress.at(-1)!.devices);
    const final = scoreDiscovery(plan, long.result!.devices);
    expect(last.filter((s) => s.found).length).toBe(plan.devices.length);
    for (const s of last.filter((x) => x.identified)) expect(final.find((f) => f.name === s.name)?.identified, s.name).toBe(true);
  });

  it('identifies every simulated device with the expected category, and the profile where one is expected', () => {
    const scores = scoreDiscovery(plan, long.result!.devices);
    expect(scores.filter((s) => !s.identified).map((s) => `${s.name}: ${s.category ?? 'missing'}`)).toEqual([]);
    for (const s of scores) {
      const want = plan.scenario.devices.find((d) => d.name === s.name)!.expect?.profile;
      if (want) expect(s.profile, s.name).toBe(want);
    }
  });
});
