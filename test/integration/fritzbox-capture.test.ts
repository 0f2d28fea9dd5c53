/**
 * The FRITZ!Box capture source against a simulated box (test/fixtures/fritzbox-sim.ts, written from AVM's public
 * login note) on 127.0.0.1, streaming the recorded planted home: a live audit fed by it finds the planted traffic
 * behaviours on the right devices, as `homesweep analyze` and the gateway on the router do. Then the bad inputs: a
 * wrong password (one login, refused, nothing retried), an old box's MD5 login, a slow stream, and a stream cut in
 * the middle (the error names it; what came before stays in the audit). `homesweep start` with a wrong password
 * file exits 2 with one line.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { RuleFinding } from '../../gateway/rules/engine.ts';
import { createFritzboxSource } from '../../gateway/capture/sources/fritzbox-source.ts';
import { CaptureSourceError } from '../../gateway/capture/tcpdump-source.ts';
import { loadKnowledge } from '../../gateway/knowledge.ts';
import { createLiveAudit, type LiveSnapshot } from '../../gateway/service/live-audit.ts';
import { startFritzboxSim, type FritzboxSimOptions } from '../fixtures/fritzbox-sim.ts';
import { INDICATORS_DIR } from '../fixtures/shared-paths.ts';
import type { PlantedTruth } from '../lab/make-planted-capture.ts';

const PCAP = fileURLToPath(new URL('../fixtures/lab-planted.pcap', import.meta.url));
const TRUTH = JSON.parse(readFileSync(fileURLToPath(new URL('../fixtures/lab-planted.truth.json', import.meta.url)), 'utf8')) as PlantedTruth;
const BIN = fileURLToPath(new URL('../../bin/homesweep.js', import.meta.url));
const PACKETS = 14494;
const knowledge = loadKnowledge({ indicatorsPath: INDICATORS_DIR });
const tmp = mkdtempSync(join(tmpdir(), 'hs-fritz-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const idOf = (mac: string) => `mac-${mac.replace(/:/g, '')}`;
const found = (findings: RuleFinding[], p: PlantedTruth['planted'][number]) =>
  findings.some((f) => f.finding.rule === p.rule && f.finding.device === idOf(p.mac) && f.finding.evidence.some((e) => e.detail.includes(p.peer)));

/** A live audit fed by the simulated box until `until(snapshot)` or the stream fails; returns the final snapshot. */
async function audit(sim: Partial<FritzboxSimOptions>, password = 'geheim-1234', until = (s: LiveSnapshot) => s.packets >= PACKETS) {
  const box = await startFritzboxSim({ user: 'owner', password: 'geheim-1234', pcap: PCAP, ...sim });
  const logs: string[] = [];
  try {
    const source = createFritzboxSource({ target: { host: '127.0.0.1', port: box.port }, password, log: (m) => logs.push(m) });
    const live = createLiveAudit({ captureSource: source, knowledge, log: (m) => logs.push(m) });
    await live.start();
    for (let i = 0; i < 600 && !until(live.snapshot()) && !source.failure(); i++) await new Promise((r) => setTimeout(r, 50));
    const final = await live.stop();
    return { final, box, logs };
  } finally {
    await box.close();
  }
}

describe('FRITZ!Box capture (simulated box)', () => {
  it('streams the planted home into the live audit, which finds the planted traffic behaviours', async () => {
    const { final, box } = await audit({});
    expect(final.packets).toBe(PACKETS);
    expect(final.captureError).toBeUndefined();
    const missing = TRUTH.planted.filter((p) => p.seenIn === 'capture' && !found(final.findings, p)).map((p) => `${p.device}: ${p.behaviour}`);
    expect(missing).toEqual([]);
    // One login; on stop the box was asked to end the capture and the session.
    expect(box.logins()).toBe(1);
    expect(box.stops()).toBe(1);
    expect(box.logouts()).toBe(1);
    expect(box.requests.some((r) => /capture_notimeout\?ifaceorminor=1-lan&snaplen=1600&capture=Start&sid=[0-9a-f]{16}$/.test(r))).toBe(true);
  }, 60_000);

  it('logs in to an old box with the MD5 challenge', async () => {
    const { final, box } = await audit({ md5: true });
    expect(box.logins()).toBe(1);
    expect(final.packets).toBe(PACKETS);
  }, 60_000);

  it('a wrong password is one refused login, not retried', async () => {
    const box = await startFritzboxSim({ user: 'owner', password: 'geheim-1234', pcap: PCAP });
    try {
      const live = createLiveAudit({ captureSource: createFritzboxSource({ target: { host: '127.0.0.1', port: box.port }, password: 'wrong', log: () => undefined }), knowledge, log: () => undefined });
      const err = await live.start().then(() => undefined, (e: unknown) => e);
      expect(err).toBeInstanceOf(CaptureSourceError);
      expect((err as CaptureSourceError).code).toBe('WRONG_PASSWORD');
      expect((err as Error).message).toBe(`the FRITZ!Box at 127.0.0.1:${box.port}: the box refused the password for user owner`);
      expect(box.logins()).toBe(1);
      expect(box.requests.filter((r) => r.includes('capture_notimeout'))).toEqual([]);
    } finally {
      await box.close();
    }
  });

  it('reads a slow stream to the end', async () => {
    const { final } = await audit({ stream: 'slow' });
    expect(final.packets).toBe(PACKETS);
  }, 60_000);

  it('a stream cut in the middle: the error names it and the packets before the cut stay', async () => {
    const { final } = await audit({ stream: 'cut', cutAfter: 700_000 });
    expect(final.packets).toBeGreaterThan(1000);
    expect(final.packets).toBeLessThan(PACKETS);
    expect(final.captureError).toMatch(/^the capture stream from the FRITZ!Box at 127\.0\.0\.1:\d+ was cut before the audit stopped; what came before is kept$/);
    expect(final.devices.length).toBeGreaterThan(3);
  }, 60_000);

  it('homesweep start with a wrong password: one line, exit 2, the audit kept as failed', async () => {
    const box = await startFritzboxSim({ user: 'owner', password: 'geheim-1234', pcap: PCAP });
    try {
      writeFileSync(join(tmp, 'pw'), 'wrong\n');
      const r = await new Promise<{ status: number | null; stderr: string }>((res) => {
        // Asynchronous: the simulated box answers from this process.
        const p = import('node:child_process').then(({ spawn }) => spawn(process.execPath, [BIN, 'start', '--port', '0', '--data', join(tmp, 'data'), '--capture-from', `fritzbox://127.0.0.1:${box.port}`, '--password-file', join(tmp, 'pw')], { cwd: tmp }));
        void p.then((child) => {
          let stderr = '';
          child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
          child.once('close', (status) => res({ status, stderr }));
        });
      });
      expect(r.status).toBe(2);
      expect(r.stderr.trim().split('\n').at(-1)).toBe(`homesweep start: the FRITZ!Box at 127.0.0.1:${box.port}: the box refused the password for user owner`);
      expect(box.logins()).toBe(1);
      const kept = spawnSync('ls', [join(tmp, 'data/audits')], { encoding: 'utf8' }).stdout.trim().split('\n').filter(Boolean);
      expect(kept.length).toBe(1);
    } finally {
      await box.close();
    }
  }, 60_000);
});
