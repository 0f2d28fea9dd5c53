import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AuditExport } from '../../gateway/contract.ts';

const BIN = new URL('../../bin/homesweep.js', import.meta.url).pathname;
const HOME12 = new URL('../fixtures/lab-home-12.pcap', import.meta.url).pathname;
const PLANTED = new URL('../fixtures/lab-planted.pcap', import.meta.url).pathname;
const NEW = ['HS-DEVICE-0002', 'HS-DEVICE-0003'];

function analyze(...args: string[]): AuditExport {
  const r = spawnSync(process.execPath, [BIN, 'analyze', ...args, '--json'], { encoding: 'utf8', maxBuffer: 64 << 20 });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as AuditExport;
}

describe('homesweep analyze --previous', () => {
  it('reports only the devices the earlier audit did not have as new', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hs-prev-'));
    const before = analyze(HOME12);
    writeFileSync(join(dir, 'before.json'), JSON.stringify(before));
    expect(analyze(PLANTED).findings.filter((f) => NEW.includes(f.rule))).toEqual([]);
    const after = analyze(PLANTED, '--previous', join(dir, 'before.json'));
    const known = new Set(before.devices.map((d) => d.id));
    const flagged = after.findings.filter((f) => NEW.includes(f.rule)).map((f) => f.device!);
    expect(flagged.length).toBeGreaterThan(0);
    for (const id of flagged) expect(known.has(id), id).toBe(false);
    const bad = spawnSync(process.execPath, [BIN, 'analyze', PLANTED, '--previous', join(dir, 'missing.json')], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/missing\.json: no such audit file/);
  });
});
