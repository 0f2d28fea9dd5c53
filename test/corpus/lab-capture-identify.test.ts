/**
 * Issue 3's "done means" on the demo capture: the offline audit of test/fixtures/lab-home-12.pcap lists every
 * device of its ground truth (by MAC) with the category, and the profile, that the home-12 scenario expects of
 * it, flags the router as the gateway, and invents no other device. Expectations come from the scenario YAML
 * by device name, so the fixture does not have to be regenerated when they change.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AuditExport, Device } from '../../gateway/contract.ts';
import { analyzeCapture } from '../../gateway/audit/analyze-capture.ts';
import { loadIdentifier } from '../../gateway/identify-loader.ts';
import { loadScenario } from '../lab/scenario-load.ts';

const PCAP = new URL('../fixtures/lab-home-12.pcap', import.meta.url).pathname;
const TRUTH = new URL('../fixtures/lab-home-12.truth.json', import.meta.url).pathname;

interface Truth {
  scenario: string;
  router: { ip: string; mac: string };
  devices: { name: string; mac: string; ip: string }[];
}

const truth = JSON.parse(readFileSync(TRUTH, 'utf8')) as Truth;
const scenario = loadScenario(truth.scenario);
let doc: AuditExport;
const byMac = (mac: string): Device | undefined => doc.devices.find((d) => d.mac === mac);

beforeAll(async () => {
  const { identify, problems } = loadIdentifier();
  expect(problems).toEqual([]);
  doc = (await analyzeCapture(PCAP, { identify })).document;
});

describe(`offline audit of the demo capture (${truth.scenario})`, () => {
  it('says the capture, taken on the router, was in the traffic\'s path and saw every device\'s traffic', () => {
    const v = doc.audit.visibility!;
    expect(v).toMatchObject({ placement: 'in-path', reason: 'saw-traffic' });
    const router = byMac(truth.router.mac)!;
    expect(v.sawDevices).not.toContain(router.id);
    // Every device of the home talks to its cloud within the capture.
    expect(v.sawDevices.sort()).toEqual(truth.devices.map((d) => `mac-${d.mac.replace(/:/g, '')}`).sort());
    expect(v.devicesTotal).toBe(truth.devices.length);
  });

  it('the truth and the scenario name the same devices', () => {
    expect(truth.devices.map((d) => d.name)).toEqual(scenario.devices.map((d) => d.name));
  });

  it.each(truth.devices.map((d) => [d.name, d] as const))('%s is listed with its expected category and profile', (name, t) => {
    const want = scenario.devices.find((d) => d.name === name)!.expect;
    expect(want, `${name} has no expect in the scenario`).toBeDefined();
    const got = byMac(t.mac);
    expect(got, `${name} (${t.mac}) missing from the audit`).toBeDefined();
    expect(got!.ips).toContain(t.ip);
    expect({ category: got!.category, profile: got!.profile?.id }).toEqual({ category: want!.category, profile: want!.profile ?? got!.profile?.id });
    expect(got!.isGateway ?? false).toBe(false);
  });

  it('the router is listed as the gateway, with the category the scenario expects', () => {
    const router = byMac(truth.router.mac);
    expect(router, 'router missing').toBeDefined();
    expect(router!.isGateway).toBe(true);
    expect(router!.ips).toContain(truth.router.ip);
    expect(router!.category).toBe(scenario.router.expect.category);
    expect(doc.devices.filter((d) => d.isGateway).map((d) => d.mac)).toEqual([truth.router.mac]);
  });

  it('lists no device other than the truth devices and the router', () => {
    const known = new Set([truth.router.mac, ...truth.devices.map((d) => d.mac)]);
    expect(doc.devices.filter((d) => !d.mac || !known.has(d.mac)).map((d) => d.id)).toEqual([]);
    expect(doc.devices).toHaveLength(known.size);
  });
});
