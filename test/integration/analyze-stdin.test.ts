/** `homesweep analyze -` reads the capture on standard input, as `ssh router tcpdump -w - | homesweep analyze -` gives it. */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { AuditExport } from '../../gateway/contract.ts';

const BIN = fileURLToPath(new URL('../../bin/homesweep.js', import.meta.url));
const PCAP = fileURLToPath(new URL('../fixtures/lab-home-12.pcap', import.meta.url));

describe('homesweep analyze -', () => {
  it('gives the same audit from standard input as from the file', () => {
    const opts = { encoding: 'utf8' as const, maxBuffer: 64 << 20, timeout: 120_000 };
    const piped = spawnSync(process.execPath, [BIN, 'analyze', '-', '--json'], { ...opts, input: readFileSync(PCAP) });
    const file = spawnSync(process.execPath, [BIN, 'analyze', PCAP, '--json'], opts);
    expect(piped.status).toBe(0);
    const a = JSON.parse(piped.stdout) as AuditExport;
    const b = JSON.parse(file.stdout) as AuditExport;
    expect(a.audit.capture?.packets).toBe(b.audit.capture?.packets);
    expect(a.devices.map((d) => [d.id, d.profile?.id])).toEqual(b.devices.map((d) => [d.id, d.profile?.id]));
    expect(a.audit.capture?.file).toBe('standard input');
  }, 150_000);

  it('refuses an empty input with one line, exit 2', () => {
    const r = spawnSync(process.execPath, [BIN, 'analyze', '-'], { encoding: 'utf8', input: '' });
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n').at(-1)).toBe('homesweep analyze: standard input: the input is empty');
  });
});
