/**
 * The running gateway finds the planted behaviours of the lab's `planted` home (issue 4's proof, the gateway half;
 * test/corpus/lab-planted.test.ts is the `homesweep analyze` half on the recorded capture): `homesweep start
 * --interface eth0` in hl-gw with the shared stalkerware indicator lists, the planted home's devices and its outside
 * visitor start, and within two minutes the audit the page reads shows each planted behaviour as a finding on the
 * right device whose evidence names the peer. The ordinary devices get nothing high or medium.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditSummary, AuditView } from '../../gateway/contract.ts';
import { INDICATORS_DIR } from '../fixtures/shared-paths.ts';
import { labGateway, type LabGateway } from './lab-gateway.ts';
import { acquireLabLock } from './lab-lock.ts';
import { labDown, labUp } from './lab.ts';
import { plantedBehaviours, startVisitors, type PlantedBehaviour } from './make-planted-capture.ts';
import { loadScenario } from './scenario-load.ts';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const LISTEN_MS = 120_000;
const dir = mkdtempSync(join(tmpdir(), 'hs-planted-'));
let release: () => void = () => undefined;
let gateway: LabGateway | undefined;
let view: AuditView | undefined;
let planted: PlantedBehaviour[] = [];
let ordinary: string[] = [];
const idOf = (mac: string) => `mac-${mac.replace(/:/g, '')}`;
const found = (v: AuditView, p: PlantedBehaviour) => v.findings.some((f) => f.rule === p.rule && f.device === idOf(p.mac) && f.evidence.some((e) => e.detail.includes(p.peer)));

beforeAll(async () => {
  release = await acquireLabLock();
  const scenario = loadScenario('planted');
  const lab = await labUp(scenario, { seconds: LISTEN_MS / 1000 + 30, deferDevices: true });
  planted = plantedBehaviours(lab.plan);
  const plantedNames = new Set(planted.map((p) => p.device));
  ordinary = lab.plan.devices.filter((d) => !plantedNames.has(d.device.name)).map((d) => idOf(d.device.mac));
  const ui = join(REPO_ROOT, 'ui/dist');
  if (!existsSync(join(ui, 'index.html'))) spawnSync('npm', ['run', '--silent', 'build:ui'], { cwd: REPO_ROOT, stdio: 'inherit' });
  gateway = labGateway({ dir, uiDir: ui, extraArgs: ['--indicators', INDICATORS_DIR] });
  await gateway.start();
  await gateway.setup('lab passcode');
  const t0 = Date.now();
  await lab.startDevices();
  startVisitors(lab.plan, LISTEN_MS / 1000 + 10, dir);
  const [audit] = (await gateway.api<AuditSummary[]>('GET', '/api/audits')).json;
  const seen = new Map<string, number>();
  while (Date.now() - t0 < LISTEN_MS) {
    await new Promise((r) => setTimeout(r, 5000));
    view = (await gateway.api<AuditView>('GET', `/api/audits/${audit!.id}`)).json;
    for (const p of planted) if (!seen.has(p.behaviour + p.peer) && found(view, p)) seen.set(p.behaviour + p.peer, Math.round((Date.now() - t0) / 1000));
    if (seen.size === planted.length) break;
  }
  for (const p of planted) console.log(`${p.device.padEnd(14)} ${p.rule} ${p.behaviour} → ${seen.has(p.behaviour + p.peer) ? `shown after ${seen.get(p.behaviour + p.peer)} s` : 'NOT SHOWN'}`);
  await gateway.api('POST', `/api/audits/${audit!.id}/stop`, {});
  await gateway.stop();
}, LISTEN_MS + 90_000);

afterAll(async () => {
  gateway?.kill();
  await labDown();
  release();
  rmSync(dir, { recursive: true, force: true });
});

describe('the running gateway on the planted lab home', () => {
  it('has the indicator lists it needs', () => {
    expect(existsSync(INDICATORS_DIR), `${INDICATORS_DIR} (../shared beside the checkout)`).toBe(true);
  });

  it('shows every planted behaviour as a finding on the right device, naming the peer', () => {
    const missing = planted.filter((p) => !found(view!, p)).map((p) => `${p.device}: ${p.behaviour} (${p.rule}, ${p.peer})`);
    expect(missing).toEqual([]);
  });

  it('raises nothing high or medium on the ordinary devices', () => {
    const loud = view!.findings.filter((f) => f.device && ordinary.includes(f.device) && (f.severity === 'high' || f.severity === 'medium'));
    expect(loud.map((f) => `${f.rule} ${f.device}: ${f.summary}`)).toEqual([]);
  });
});
