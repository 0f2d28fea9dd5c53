/** `homesweep analyze` as a user runs it: the real bin, real files, exit codes and one-line errors. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { digestOf } from '../../../../gateway/audit/canonical.ts';
import type { AuditExport } from '../../../../gateway/contract.ts';
import { PcapngWriter } from '../../../fixtures/capture-writer.ts';
import { INDICATORS_DIR } from '../../../fixtures/shared-paths.ts';

const BIN = new URL('../../../../bin/homesweep.js', import.meta.url).pathname;
const LAB = new URL('../../../fixtures/lab-home-12.pcap', import.meta.url).pathname;
const tmp = mkdtempSync(join(tmpdir(), 'hs-analyze-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function run(...args: string[]) {
  // In a folder without ./homesweep-data, so the default indicator copy is absent whatever the checkout holds.
  const r = spawnSync(process.execPath, [BIN, 'analyze', ...args], { encoding: 'utf8', timeout: 60_000, cwd: tmp });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('homesweep analyze', () => {
  it('prints the audit export with --json, with a digest that checks out', () => {
    const r = run(LAB, '--json');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out) as AuditExport;
    expect(doc.format).toBe('homesweep.audit');
    expect(doc.version).toBe(1);
    expect(doc.audit.mode).toBe('capture');
    expect(doc.audit.capture).toMatchObject({ file: 'lab-home-12.pcap', packets: 15148, malformed: 0, truncated: false });
    expect(digestOf(doc as unknown as Record<string, unknown>)).toBe(doc.digest);
    expect(doc.devices.filter((d) => d.isGateway).map((d) => d.ips)).toEqual([['10.77.0.1']]);
    for (const d of doc.devices) expect(d.mac ?? '').toMatch(/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/);
  });

  it('prints a readable summary without --json', () => {
    const r = run(LAB);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/15148 packets/);
    expect(r.out).toMatch(/0 malformed record/);
    expect(r.out).toMatch(/2c:aa:8e:3b:7c:21 {2}Wyze camera \(camera/);
    expect(r.out).toMatch(/wyze-mars-service\.wyzecam\.com\s+↑\s+11 MB/);
    expect(r.err).toBe('no indicator lists: run homesweep indicators update\n');
    // The rules run without indicators: the lab's P2P camera channels are reported, no indicator finding.
    expect(r.out).toMatch(/\[low\] V380 camera "IPCAM" sent UDP traffic to p2p1\.av380\.net on port 32100/);
    expect(r.out).not.toMatch(/Hoverwatch/);
  });

  it('with --indicators, reports the Hoverwatch server lookup on the phone, in the summary and the export', () => {
    const text = run(LAB, '--indicators', INDICATORS_DIR);
    expect(text.code).toBe(0);
    expect(text.err).toBe('');
    const block = text.out.slice(text.out.indexOf('finding(s):'));
    expect(block).toMatch(/• Android phone da:a1:19:5b:3e:7f\n {4}\[high\] Android phone "android-5c1d8e3a0b9f2e47" looked up or connected to a\.hw\.cab, a server used by the Hoverwatch app\./);
    const doc = JSON.parse(run(LAB, '--json', '--indicators', INDICATORS_DIR).out) as AuditExport;
    const hits = doc.findings.filter((f) => f.rule === 'HS-IOC-0001');
    expect(hits).toHaveLength(1);
    expect(hits[0]).toMatchObject({ device: 'mac-daa1195b3e7f', severity: 'high' });
    expect(hits[0]!.evidence[0]!.detail).toMatch(/a\.hw\.cab/);
    expect(digestOf(doc as unknown as Record<string, unknown>)).toBe(doc.digest);
  });

  it('refuses a missing --indicators path with one line and exit code 2', () => {
    const r = run(LAB, '--indicators', join(tmp, 'nowhere'));
    expect(r.code).toBe(2);
    expect(r.err.trim()).toMatch(/nowhere: no such file or folder$/);
  });

  it('analyses a cut capture up to the cut and warns', () => {
    const cut = join(tmp, 'cut.pcap');
    writeFileSync(cut, readFileSync(LAB).subarray(0, 100_000));
    const r = run(cut, '--json');
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/cut\.pcap: the capture ends in the middle of a packet record/);
    const doc = JSON.parse(r.out) as AuditExport;
    expect(doc.audit.capture?.truncated).toBe(true);
    expect(doc.audit.capture?.packets).toBeGreaterThan(500);
  });

  it('counts packets with timestamps beyond the date range as malformed instead of failing', () => {
    const file = join(tmp, 'far-future.pcapng');
    const w = new PcapngWriter().section().interface(1).interface(1, { tsresol: 0 }).interface(1, { tsoffset: 2n ** 62n });
    w.enhanced(0, 2n ** 64n - 1n, Buffer.alloc(60, 1)).enhanced(1, 2n ** 64n - 1n, Buffer.alloc(60, 2)).enhanced(2, 5n, Buffer.alloc(60, 3));
    writeFileSync(file, w.enhanced(0, 1_700_000_000_000_000n, Buffer.alloc(60, 4)).toBuffer());
    const r = run(file, '--json');
    expect(r.code).toBe(0);
    expect(r.err).not.toMatch(/error|RangeError/i);
    expect(r.err).toMatch(/far-future\.pcapng: 3 damaged record\(s\) were skipped; everything else was analysed$/m);
    const doc = JSON.parse(r.out) as AuditExport;
    expect(doc.audit.capture).toMatchObject({ packets: 1, malformed: 3, firstPacket: '2023-11-14T22:13:20.000Z' });
  });

  it.each([
    ['a missing file', () => join(tmp, 'missing.pcap'), /missing\.pcap: no such file$/],
    ['a text file', () => new URL('../../../../README.md', import.meta.url).pathname, /README\.md: not a pcap or pcapng capture/],
    ['an empty file', () => { const f = join(tmp, 'empty.pcap'); writeFileSync(f, ''); return f; }, /empty\.pcap: the file is empty$/],
    ['a folder', () => tmp, /: not a file$/],
  ])('refuses %s with one line and exit code 2', (_what, file, message) => {
    const r = run(file());
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err.trim()).toMatch(message);
  });

  it('refuses bad arguments with exit code 2', () => {
    expect(run().code).toBe(2);
    const r = run(LAB, '--frobnicate');
    expect(r.code).toBe(2);
    expect(r.err.trim()).toBe("homesweep analyze: Unknown option '--frobnicate'");
  });
});
