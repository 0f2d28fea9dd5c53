/**
 * Issue 13's lab proof: HomeSweep on a laptop beside the router, not on it. Two laptop namespaces join the planted
 * home's bridge: on the first, `homesweep start --interface eth0` alone sees only what devices announce, so none of
 * the planted traffic behaviours is found; on the second, `--capture-from ssh://root@10.77.0.1` reads the router's
 * tcpdump through a real OpenSSH server in hl-gw and finds them on the right devices, as the gateway on the router
 * does (gateway-planted.test.ts). The router's key is unknown at first: the start stops with its fingerprint, and
 * goes on once it is confirmed. Then the bad inputs, each one line and exit 2 with nothing retried, and no tcpdump
 * left on the router.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditSummary, AuditView } from '../../gateway/contract.ts';
import { INDICATORS_DIR } from '../fixtures/shared-paths.ts';
import { labGateway, type LabGateway } from './lab-gateway.ts';
import { acquireLabLock } from './lab-lock.ts';
import { LAB } from './lab-plan.ts';
import { addLaptop, pathWith, startLabSshd, tcpdumpsIn, type LabSshd } from './lab-router-ssh.ts';
import { labDown, labUp } from './lab.ts';
import { plantedBehaviours, startVisitors, type PlantedBehaviour } from './make-planted-capture.ts';
import { loadScenario } from './scenario-load.ts';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const BIN = join(REPO_ROOT, 'bin/homesweep.js');
const LISTEN_MS = 120_000;
const ALONE = 'hl-lap1';
const WITH_SSH = 'hl-lap2';
const ROUTER = `ssh://root@${LAB.gatewayLanIp}`;
const dir = mkdtempSync(join(tmpdir(), 'hs-router-capture-'));
let release: () => void = () => undefined;
let sshd: LabSshd | undefined;
let alone: LabGateway | undefined;
let withSsh: LabGateway | undefined;
let viewAlone: AuditView | undefined;
let viewSsh: AuditView | undefined;
let unknownKey: { code: number | null; stderr: string } = { code: null, stderr: '' };
let planted: PlantedBehaviour[] = [];
let tcpdumpsAfterStop: number[] = [];
const idOf = (mac: string) => `mac-${mac.replace(/:/g, '')}`;
const found = (v: AuditView, p: PlantedBehaviour) => v.findings.some((f) => f.rule === p.rule && f.device === idOf(p.mac) && f.evidence.some((e) => e.detail.includes(p.peer)));

/** Runs `homesweep ARGS` in namespace `ns`; resolves with the exit code and output (never rejects). */
function homesweep(ns: string, args: string[], opts: { onSpawn?: (pid: number) => void } = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((res) => {
    const p = spawn('ip', ['netns', 'exec', ns, process.execPath, BIN, ...args], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    p.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    p.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    if (p.pid) opts.onSpawn?.(p.pid);
    p.once('close', (code) => res({ code, stdout, stderr }));
  });
}

const sshArgs = (extra: string[] = []) => ['--capture-from', ROUTER, '--ssh-key', sshd!.clientKey, '--known-hosts', join(dir, 'none_known_hosts'), ...extra];

beforeAll(async () => {
  release = await acquireLabLock();
  const lab = await labUp(loadScenario('planted'), { seconds: LISTEN_MS / 1000 + 200, deferDevices: true });
  planted = plantedBehaviours(lab.plan);
  await addLaptop(ALONE, `${LAB.lanPrefix}.250`, '02:48:53:00:00:01', 'p-lap1');
  await addLaptop(WITH_SSH, `${LAB.lanPrefix}.251`, '02:48:53:00:00:02', 'p-lap2');
  sshd = await startLabSshd(join(dir, 'sshd'), 22);
  const ui = join(REPO_ROOT, 'ui/dist');
  // The router's key is not known yet: the start stops, names the fingerprint, and keeps nothing running.
  unknownKey = await homesweep(WITH_SSH, ['start', '--port', '0', '--data', join(dir, 'data-ssh'), '--ui-dir', ui, '--interface', 'eth0', ...sshArgs()]);
  alone = labGateway({ dir: join(dir, 'alone'), ns: ALONE, uiDir: ui, extraArgs: ['--indicators', INDICATORS_DIR] });
  withSsh = labGateway({ dir: join(dir, 'ssh'), ns: WITH_SSH, uiDir: ui, extraArgs: ['--indicators', INDICATORS_DIR, ...sshArgs(['--accept-host-key', sshd.fingerprint])] });
  await Promise.all([alone.start(), withSsh.start()]);
  await alone.setup('lab passcode');
  await withSsh.setup('lab passcode');
  const t0 = Date.now();
  await lab.startDevices();
  startVisitors(lab.plan, LISTEN_MS / 1000 + 10, dir);
  const [auditAlone] = (await alone.api<AuditSummary[]>('GET', '/api/audits')).json;
  const [auditSsh] = (await withSsh.api<AuditSummary[]>('GET', '/api/audits')).json;
  while (Date.now() - t0 < LISTEN_MS) {
    await new Promise((r) => setTimeout(r, 5000));
    viewSsh = (await withSsh.api<AuditView>('GET', `/api/audits/${auditSsh!.id}`)).json;
    if (planted.every((p) => found(viewSsh!, p))) {
      console.log(`over SSH, every planted behaviour was shown ${Math.round((Date.now() - t0) / 1000)} s after the devices started`);
      break;
    }
  }
  await withSsh.api('POST', `/api/audits/${auditSsh!.id}/stop`, {});
  await alone.api('POST', `/api/audits/${auditAlone!.id}/stop`, {});
  viewSsh = (await withSsh.api<AuditView>('GET', `/api/audits/${auditSsh!.id}`)).json;
  viewAlone = (await alone.api<AuditView>('GET', `/api/audits/${auditAlone!.id}`)).json;
  tcpdumpsAfterStop = await tcpdumpsIn(LAB.gatewayNs);
  for (const p of planted) console.log(`${p.device.padEnd(14)} ${p.rule} ${p.behaviour}: laptop alone ${found(viewAlone, p) ? 'found' : '-'}, over SSH ${found(viewSsh, p) ? 'found' : 'NOT FOUND'}`);
  await Promise.all([alone.stop(), withSsh.stop()]);
}, LISTEN_MS + 120_000);

afterAll(async () => {
  alone?.kill();
  withSsh?.kill();
  await sshd?.stop();
  await labDown();
  release();
  rmSync(dir, { recursive: true, force: true });
});

describe('HomeSweep on a laptop beside the router', () => {
  it('has the indicator lists it needs', () => {
    expect(existsSync(INDICATORS_DIR), `${INDICATORS_DIR} (../shared beside the checkout)`).toBe(true);
  });

  it('alone, finds the devices by what they announce but none of the planted traffic behaviours', () => {
    expect(viewAlone!.devices.length).toBeGreaterThan(5);
    const seen = planted.filter((p) => p.seenIn === 'capture' && found(viewAlone!, p)).map((p) => `${p.device}: ${p.behaviour}`);
    expect(seen).toEqual([]);
    const traffic = viewAlone!.findings.filter((f) => /^HS-(IOC|STREAM|REMOTE|HIDE)-/.test(f.rule) || f.rule === 'HS-EXPOSE-0002');
    expect(traffic.map((f) => `${f.rule} ${f.device}`)).toEqual([]);
  });

  it('stops on the unknown router key, naming its fingerprint in one line, exit 2', () => {
    expect(unknownKey.code).toBe(2);
    const lines = unknownKey.stderr.trim().split('\n');
    expect(lines.at(-1)).toContain(sshd!.fingerprint);
    expect(lines.at(-1)).toMatch(/^homesweep start: .*host key is not known.*--accept-host-key/);
  });

  it('with the router capture over SSH, finds every planted behaviour on the right device, naming the peer', () => {
    const missing = planted.filter((p) => !found(viewSsh!, p)).map((p) => `${p.device}: ${p.behaviour} (${p.rule}, ${p.peer})`);
    expect(missing).toEqual([]);
    expect(readFileSync(join(dir, 'ssh/data/known_hosts'), 'utf8')).toMatch(/^10\.77\.0\.1 ssh-ed25519 /);
  });

  it('leaves no tcpdump running on the router once the audit stopped', () => {
    expect(tcpdumpsAfterStop).toEqual([]);
  });
});

describe('router capture errors: one line, exit 2, nothing retried', () => {
  const discover = (args: string[], onSpawn?: (pid: number) => void) =>
    homesweep(WITH_SSH, ['discover', '--interface', 'eth0', '--seconds', '8', '--json', '--data', join(dir, 'ssh/data'), ...args], { ...(onSpawn ? { onSpawn } : {}) });
  const lastLine = (s: string) => s.trim().split('\n').at(-1) ?? '';
  // sshd (LogLevel VERBOSE) logs a refused login as "Connection closed by authenticating user root …".
  const refusedLogins = () => (sshd!.log().match(/Connection closed by authenticating user/g) ?? []).length;

  it('unreachable host', async () => {
    const r = await homesweep(WITH_SSH, ['discover', '--interface', 'eth0', '--seconds', '2', '--capture-from', `ssh://root@${LAB.lanPrefix}.199`, '--ssh-key', sshd!.clientKey]);
    expect(r.code).toBe(2);
    expect(lastLine(r.stderr)).toMatch(/^homesweep discover: root@10\.77\.0\.199 over SSH: cannot connect \(/);
  }, 30_000);

  it('refused key, tried once', async () => {
    const before = refusedLogins();
    const r = await discover(['--capture-from', ROUTER, '--ssh-key', sshd!.strangerKey]);
    expect(r.code).toBe(2);
    expect(lastLine(r.stderr)).toMatch(/^homesweep discover: root@10\.77\.0\.1 over SSH: the router refused the login/);
    await new Promise((r2) => setTimeout(r2, 300));
    expect(refusedLogins() - before).toBe(1);
  }, 30_000);

  it('host key changed', async () => {
    const r = await homesweep(WITH_SSH, ['discover', '--interface', 'eth0', '--seconds', '2', '--data', join(dir, 'data-changed'), '--capture-from', ROUTER, '--ssh-key', sshd!.clientKey, '--known-hosts', sshd!.wrongKnownHosts]);
    expect(r.code).toBe(2);
    expect(lastLine(r.stderr)).toMatch(/^homesweep discover: .*host key has CHANGED \(now SHA256:/);
    expect(lastLine(r.stderr)).toContain(sshd!.fingerprint);
  }, 30_000);

  it('a password instead of a key: typed once (here from a file), accepted; a wrong one refused once', async () => {
    const pwd = await startLabSshd(join(dir, 'sshd-pw'), 2223, { rootPassword: 'lab-router-pw' });
    try {
      writeFileSync(join(dir, 'pw-right'), 'lab-router-pw\n');
      writeFileSync(join(dir, 'pw-wrong'), 'not-the-password\n');
      const args = (file: string) => ['discover', '--interface', 'eth0', '--seconds', '4', '--json', '--data', join(dir, 'data-pw'),
        '--capture-from', `${ROUTER}:2223`, '--password-file', join(dir, file), '--accept-host-key', pwd.fingerprint];
      const wrong = await homesweep(WITH_SSH, args('pw-wrong'));
      expect(wrong.code).toBe(2);
      expect(lastLine(wrong.stderr)).toMatch(/^homesweep discover: root@10\.77\.0\.1:2223 over SSH: the router refused the login/);
      expect((pwd.log().match(/Failed password for root/g) ?? []).length).toBe(1);
      const right = await homesweep(WITH_SSH, args('pw-right'));
      expect(right.code).toBe(0);
      expect((JSON.parse(right.stdout) as { capture: { packets: number } }).capture.packets).toBeGreaterThan(0);
      expect(pwd.log()).toMatch(/Accepted password for root/);
    } finally {
      await pwd.stop();
    }
  }, 60_000);

  it('no tcpdump on the router', async () => {
    const path = pathWith(join(dir, 'no-tcpdump-bin'), { sh: '/bin/sh', cat: '/bin/cat', ip: '/usr/sbin/ip' });
    const bare = await startLabSshd(join(dir, 'sshd-bare'), 2222, { pathDir: path });
    try {
      const r = await homesweep(WITH_SSH, ['discover', '--interface', 'eth0', '--seconds', '2', '--data', join(dir, 'data-bare'),
        '--capture-from', `${ROUTER}:2222`, '--ssh-key', bare.clientKey, '--accept-host-key', bare.fingerprint]);
      expect(r.code).toBe(2);
      expect(lastLine(r.stderr)).toMatch(/^homesweep discover: root@10\.77\.0\.1:2222 over SSH: the router has no tcpdump/);
    } finally {
      await bare.stop();
    }
  }, 30_000);

  it('stream cut in the middle: the error names it, what was captured is kept, nothing is left on the router', async () => {
    let killed = false;
    const watch = setInterval(() => {
      void tcpdumpsIn(LAB.gatewayNs).then((pids) => {
        if (killed || !pids.length) return;
        killed = true;
        setTimeout(() => pids.forEach((pid) => process.kill(pid, 'SIGKILL')), 3000);
      });
    }, 200);
    const r = await discover(['--capture-from', ROUTER, '--ssh-key', sshd!.clientKey]).finally(() => clearInterval(watch));
    expect(killed).toBe(true);
    expect(r.code).toBe(2);
    expect(lastLine(r.stderr)).toMatch(/^homesweep discover: the capture stream from root@10\.77\.0\.1 over SSH was cut/);
    const result = JSON.parse(r.stdout) as { capture: { error: string; packets: number }; devices: unknown[] };
    expect(result.capture.packets).toBeGreaterThan(0);
    expect(result.devices.length).toBeGreaterThan(0);
    expect(await tcpdumpsIn(LAB.gatewayNs)).toEqual([]);
  }, 40_000);
});
