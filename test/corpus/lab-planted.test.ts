/**
 * The planted lab home (test/fixtures/lab-planted.pcap, recorded by test/lab/make-planted-capture.ts): the real
 * `homesweep analyze --json`, spawned as a user runs it, finds every behaviour planted in the capture with evidence
 * that names the device, the peer and the time, and raises nothing high or medium on the ordinary devices. The one
 * behaviour only the router can show (its UPnP port mappings) is checked through the same pipeline with the
 * mappings as discovery reads them.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditExport, Finding, Observation } from '../../gateway/contract.ts';
import { loadIndicatorDir } from '../../gateway/rules/indicators/load-indicators.ts';
import { createIndicatorMatcher } from '../../gateway/rules/indicators/matcher.ts';
import { loadRules } from '../../pcap-rules/load.ts';
import { runRulesOn } from '../fixtures/rules/run-fixture.ts';
import { INDICATORS_DIR } from '../fixtures/shared-paths.ts';
import type { PlantedTruth } from '../lab/make-planted-capture.ts';

const BIN = fileURLToPath(new URL('../../bin/homesweep.js', import.meta.url));
const PCAP = fileURLToPath(new URL('../fixtures/lab-planted.pcap', import.meta.url));
const TRUTH = fileURLToPath(new URL('../fixtures/lab-planted.truth.json', import.meta.url));

const truth = JSON.parse(readFileSync(TRUTH, 'utf8')) as PlantedTruth;
const deviceIdOf = (mac: string) => `mac-${mac.replace(/:/g, '')}`;
const tmp = mkdtempSync(join(tmpdir(), 'hs-lab-planted-'));
let doc: AuditExport;

beforeAll(() => {
  // In a folder without ./homesweep-data, so only the indicator lists named here are loaded.
  const r = spawnSync(process.execPath, [BIN, 'analyze', PCAP, '--json', '--indicators', INDICATORS_DIR], { encoding: 'utf8', timeout: 120_000, cwd: tmp, maxBuffer: 64 << 20 });
  expect(r.stderr.trim()).not.toMatch(/error/i);
  expect(r.status).toBe(0);
  doc = JSON.parse(r.stdout) as AuditExport;
}, 150_000);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** True when `f` names `peer` in its evidence and every evidence time lies inside the capture. */
function namesPeerAndTime(f: Finding, peer: string, from: string, to: string): boolean {
  const inCapture = f.evidence.every((e) => !Number.isNaN(Date.parse(e.at)) && e.at.slice(0, 19) >= from.slice(0, 19) && e.at.slice(0, 19) <= to.slice(0, 19));
  return inCapture && f.evidence.some((e) => e.detail.includes(peer));
}

describe('homesweep analyze on the planted lab home', () => {
  it('reads the whole capture: 90–120 s, a home of 10–14 devices plus the router, each in its expected category', () => {
    const c = doc.audit.capture!;
    expect(c.malformed).toBe(0);
    const seconds = (Date.parse(c.lastPacket!) - Date.parse(c.firstPacket!)) / 1000;
    expect(seconds).toBeGreaterThanOrEqual(90);
    expect(seconds).toBeLessThanOrEqual(120);
    expect(truth.devices.length).toBeGreaterThanOrEqual(10);
    expect(truth.devices.length).toBeLessThanOrEqual(14);
    for (const d of truth.devices) {
      const found = doc.devices.find((x) => x.mac === d.mac);
      expect({ name: d.name, category: found?.category }).toEqual({ name: d.name, category: d.expect?.category });
    }
  });

  it.each(truth.planted.filter((p) => p.seenIn === 'capture').map((p) => [`${p.device}: ${p.behaviour} (${p.rule}, ${p.peer})`, p] as const))(
    'finds %s with evidence naming the device, the peer and the time',
    (_label, p) => {
      const onDevice = doc.findings.filter((f) => f.rule === p.rule && f.device === deviceIdOf(p.mac));
      expect(onDevice.length, `${p.rule} on ${p.device}`).toBeGreaterThan(0);
      const hit = onDevice.find((f) => namesPeerAndTime(f, p.peer, doc.audit.capture!.firstPacket!, doc.audit.capture!.lastPacket!));
      expect(hit, `a ${p.rule} finding on ${p.device} whose evidence names ${p.peer}: ${JSON.stringify(onDevice.map((f) => f.evidence))}`).toBeDefined();
      // The device is named in plain words too: its identified name appears in the summary.
      const device = doc.devices.find((d) => d.id === hit!.device)!;
      expect(device.mac).toBe(p.mac);
      expect(hit!.summary).toContain(device.hostnames[0] ?? device.mac!);
      expect(['high', 'medium', 'low']).toContain(hit!.severity);
    },
  );

  it('raises no high or medium finding on the ordinary devices', () => {
    const benign = new Set(truth.devices.filter((d) => !d.planted).map((d) => deviceIdOf(d.mac)));
    expect(benign.size).toBeGreaterThanOrEqual(6);
    const loud = doc.findings.filter((f) => f.device && benign.has(f.device) && (f.severity === 'high' || f.severity === 'medium'));
    expect(loud.map((f) => `${f.rule} ${f.device}: ${f.summary}`)).toEqual([]);
  });

  it('every high or medium finding is on a device with a planted behaviour', () => {
    const planted = new Set(truth.planted.map((p) => deviceIdOf(p.mac)));
    const loud = doc.findings.filter((f) => f.severity === 'high' || f.severity === 'medium');
    for (const f of loud) expect(planted.has(f.device ?? ''), `${f.rule} on ${f.device}`).toBe(true);
  });
});

describe('the planted router port mapping, as discovery reads it', () => {
  it.each(truth.planted.filter((p) => p.seenIn === 'router').map((p) => [`${p.device}: ${p.behaviour}`, p] as const))('finds %s', async (_label, p) => {
    const ipOf = new Map(truth.devices.map((d) => [d.name, d.ip]));
    const mappings = truth.router.portMappings.map((m) => ({ ...m, enabled: true, internalClient: ipOf.get(m.internalClient)! }));
    const igd: Observation = { source: 'upnp-igd', at: '2026-11-27T21:27:00.000Z', ip: truth.router.ip, data: { router: truth.router.ip, mappings } };
    const indicators = createIndicatorMatcher(loadIndicatorDir(INDICATORS_DIR).results.flatMap((r) => r.entries));
    const findings = (await runRulesOn(PCAP, { rules: loadRules().rules, indicators, extraObservations: [igd] })).map((f) => f.finding);
    const hit = findings.find((f) => f.rule === p.rule && f.device === deviceIdOf(p.mac) && f.evidence.some((e) => e.detail.includes(p.peer)));
    expect(hit, JSON.stringify(findings.filter((f) => f.rule === p.rule))).toBeDefined();
  });
});
