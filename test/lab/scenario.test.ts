/** Scenario loading, validation errors (file + field), the generated home-N and the lab plan. No root needed. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { loadProfiles } from '../../device-profiles/load.ts';
import { planLab } from './lab-plan.ts';
import { loadScenario, loadScenarioFile, ScenarioError } from './scenario-load.ts';

const dir = mkdtempSync(join(tmpdir(), 'hl-scenario-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function writeScenario(name: string, value: unknown): string {
  const file = join(dir, name);
  writeFileSync(file, typeof value === 'string' ? value : stringify(value));
  return file;
}

describe('home-12', () => {
  const s = loadScenario('home-12');
  it('has at least 12 families, with unique names and MACs', () => {
    expect(new Set(s.devices.map((d) => d.family)).size).toBeGreaterThanOrEqual(12);
    expect(new Set(s.devices.map((d) => d.mac)).size).toBe(s.devices.length);
  });
  it('gives the phone a locally administered (randomised) MAC and every other device a vendor OUI', () => {
    const laa = (mac: string) => (parseInt(mac.slice(0, 2), 16) & 0x02) !== 0;
    expect(s.devices.filter((d) => laa(d.mac)).map((d) => d.family)).toEqual(['phone-android']);
  });
});

describe('expected identities', () => {
  const s = loadScenario('home-12');
  const library = loadProfiles();
  it('every home-12 device expects a category and an existing profile of that category; the router a router', () => {
    expect(s.router.expect).toEqual({ category: 'router' });
    for (const d of s.devices) {
      expect(d.expect, d.name).toBeDefined();
      const profile = library.profiles.find((p) => p.id === d.expect!.profile);
      expect(profile?.category, `${d.name} → ${d.expect!.profile}`).toBe(d.expect!.category);
    }
  });
  it('home-50 copies carry the expectation of their original', () => {
    const base = loadScenario('home-12');
    loadScenario('home-50').devices.forEach((d, i) => expect(d.expect, d.name).toEqual(base.devices[i % base.devices.length].expect));
  });
});

describe('home-N', () => {
  it('replicates the families to 50 devices with new MACs that keep each OUI', () => {
    const base = loadScenario('home-12');
    const s = loadScenario('home-50');
    expect(s.devices).toHaveLength(50);
    expect(new Set(s.devices.map((d) => d.mac)).size).toBe(50);
    expect(new Set(s.devices.map((d) => d.name)).size).toBe(50);
    s.devices.forEach((d, i) => {
      const original = base.devices[i % base.devices.length];
      expect(d.family).toBe(original.family);
      expect(d.mac.slice(0, 8)).toBe(original.mac.slice(0, 8));
    });
  });
});

describe('invalid scenarios name the file and the field', () => {
  const valid = loadScenario('home-12');
  it.each([
    ['bad MAC', (s: any) => (s.devices[2].mac = 'AA:BB:CC:DD:EE:FF'), 'devices[2].mac'],
    ['upload without rate', (s: any) => (s.devices[0].traffic = [{ kind: 'upload', to: 'x.example.com', port: 443 }]), 'devices[0].traffic[0].rateKbps'],
    ['unknown mapping target', (s: any) => (s.router.igd.mappings[0].internalClient = 'ghost'), 'router.igd.mappings[0].internalClient'],
    ['duplicate name', (s: any) => (s.devices[1].name = s.devices[0].name), 'devices[1].name'],
    ['public resolver', (s: any) => (s.devices[1].dnsServer = '8.8.8.8'), 'devices[1].dnsServer'],
    ['unknown field', (s: any) => (s.devices[0].colour = 'red'), 'devices[0]'],
    ['bad mDNS type', (s: any) => (s.devices[3].mdns[0].type = 'googlecast'), 'devices[3].mdns[0].type'],
    ['unknown expected category', (s: any) => (s.devices[4].expect = { category: 'spy-gadget' }), 'devices[4].expect.category'],
    ['bad expected profile id', (s: any) => (s.devices[4].expect = { category: 'camera', profile: 'Wyze Camera' }), 'devices[4].expect.profile'],
  ])('%s', (_label, mutate, field) => {
    const copy = structuredClone(valid);
    mutate(copy);
    const file = writeScenario('bad.yaml', copy);
    expect(() => loadScenarioFile(file)).toThrow(ScenarioError);
    expect(() => loadScenarioFile(file)).toThrow(`${file}: ${field}`);
  });
  it('reports YAML syntax errors and missing files with the file name', () => {
    const file = writeScenario('broken.yaml', 'devices: [\n');
    expect(() => loadScenarioFile(file)).toThrow(`${file}: not valid YAML`);
    expect(() => loadScenarioFile(join(dir, 'none.yaml'))).toThrow(/none\.yaml: cannot read \(ENOENT\)/);
  });
});

describe('planLab', () => {
  const plan = planLab(loadScenario('home-12'));
  it('places device N in hl-dN at 10.77.0.(10+N)', () => {
    expect(plan.devices.slice(0, 2).map((d) => [d.ns, d.ip, d.bridgePort])).toEqual([
      ['hl-d1', '10.77.0.11', 'p-d1'],
      ['hl-d2', '10.77.0.12', 'p-d2'],
    ]);
  });
  it('gives every looked-up or contacted name a distinct address in 198.19.0.0/16', () => {
    const names = new Set(plan.scenario.devices.flatMap((d) => [...d.dns, ...d.traffic.map((t) => t.to)]));
    for (const n of names) expect(plan.domains[n]).toMatch(/^198\.19\.\d+\.\d+$/);
    expect(new Set(Object.values(plan.domains)).size).toBe(Object.keys(plan.domains).length);
    expect(plan.domains['a.hw.cab']).toBeDefined();
  });
  it('adds hard-coded resolvers to the cloud and collects sink ports by protocol', () => {
    expect(plan.resolvers).toEqual(['198.19.0.53', '198.19.0.54']);
    expect(plan.udpPorts).toEqual([10240, 32100]);
    expect(plan.tcpPorts).toContain(443);
    expect(plan.tcpPorts).not.toContain(32100);
  });
});
