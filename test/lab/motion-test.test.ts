/**
 * `homesweep motion-test` in the lab home, run the way a person would: `ip netns exec hl-gw node
 * bin/homesweep.js motion-test --interface eth0 --mark-after 6 --json`. When the command prints its mark, the
 * test starts the Wyze camera's motion burst (`lab motion cam-wyze`: its upload runs 4× faster for 10 s). The
 * Wyze camera must be reported as reacting, and no device without a camera (nor the other camera) may be.
 * No timing assertions: the measured ratio is printed.
 */
import { spawn } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MotionReaction } from '../../gateway/rules/motion-test.ts';
import { acquireLabLock } from './lab-lock.ts';
import { LAB_GATEWAY_LAN_IF } from './lab-discover.ts';
import { LAB } from './lab-plan.ts';
import type { LabPlan } from './lab-plan.ts';
import { labDown, labMotion, labUp } from './lab.ts';
import { loadScenario } from './scenario-load.ts';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const CAMERA = 'cam-wyze';
// The devices' start-up burst (DHCP, DNS, first connections) is over by then, and the upload runs.
const SETTLE_MS = 4_000;

type Reaction = MotionReaction & { label: string };
let release: () => void = () => undefined;
let plan: LabPlan;
let code: number | null = null;
let stderr = '';
let reactions: Reaction[] = [];
let marked = false;

/** Runs the command in hl-gw; starts the camera's motion burst when the mark line arrives. */
function runMotionTest(): Promise<void> {
  const args = ['netns', 'exec', LAB.gatewayNs, process.execPath, join(REPO_ROOT, 'bin/homesweep.js'), 'motion-test',
    '--interface', LAB_GATEWAY_LAN_IF, '--mark-after', '6', '--seconds-before', '5', '--window', '5', '--json'];
  const child = spawn('ip', args, { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let pending = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop()!;
    for (const line of lines) {
      if (!line.trim()) continue;
      const msg = JSON.parse(line) as { type: 'mark' } | { type: 'result'; reactions: Reaction[] };
      if (msg.type === 'mark') {
        labMotion(CAMERA);
        marked = true;
      } else reactions = msg.reactions;
    }
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const kill = setTimeout(() => child.kill('SIGKILL'), 40_000);
  return new Promise((res, rej) => {
    child.on('error', (err) => (clearTimeout(kill), rej(err)));
    child.on('close', (c) => {
      clearTimeout(kill);
      code = c;
      res();
    });
  });
}

beforeAll(async () => {
  release = await acquireLabLock();
  const lab = await labUp(loadScenario('home-12'), { seconds: 40 });
  plan = lab.plan;
  await new Promise((r) => setTimeout(r, SETTLE_MS));
  await runMotionTest();
  for (const r of reactions) {
    console.log(`${r.reacted ? 'REACTED' : 'steady '} ${r.label.padEnd(32)} ${r.key}  ${Math.round(r.beforeBitsPerSecond / 1000)} → ${Math.round(r.afterBitsPerSecond / 1000)} kbit/s  ×${r.ratio.toFixed(2)}  first at +${r.reactedAfterSeconds ?? '-'} s`);
  }
}, 90_000);

afterAll(async () => {
  await labDown();
  release();
});

describe('motion-test in the lab home', () => {
  it('exits 0 after printing its mark and a result', () => {
    expect(code, stderr.slice(-800)).toBe(0);
    expect(marked).toBe(true);
    expect(reactions.length).toBeGreaterThan(0);
  });

  it('reports the Wyze camera as reacting to the motion at the mark', () => {
    const mac = plan.devices.find((d) => d.device.name === CAMERA)!.device.mac;
    const cam = reactions.find((r) => r.key === mac);
    expect(cam?.reacted).toBe(true);
    expect(cam!.ratio).toBeGreaterThanOrEqual(2);
    expect(cam!.afterBitsPerSecond).toBeGreaterThan(cam!.beforeBitsPerSecond);
  });

  it('reports no other device as reacting (not the other camera, no device without a camera)', () => {
    const mac = plan.devices.find((d) => d.device.name === CAMERA)!.device.mac;
    expect(reactions.filter((r) => r.reacted).map((r) => r.key)).toEqual([mac]);
    const others = plan.devices.filter((d) => d.device.expect?.category !== 'camera').map((d) => d.device.mac);
    // Some device without a camera was uploading, so "not reported" means compared and steady, not unseen.
    expect(reactions.some((r) => others.includes(r.key) && !r.reacted)).toBe(true);
  });
});
