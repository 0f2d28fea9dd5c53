/** `homesweep lab` input errors: one line naming the problem, exit 2, and nothing built. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const BIN = resolve(import.meta.dirname, '../../bin/homesweep.js');
const dir = mkdtempSync(join(tmpdir(), 'hl-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, 'lab', ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('homesweep lab', () => {
  it('rejects an invalid scenario with the file and field, exit 2', () => {
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, 'name: bad\nrouter: {mac: "c0:56:27:4a:10:01", igd: {friendlyName: a, manufacturer: b, modelName: c, server: d}}\ndevices:\n  - {name: cam, family: x, mac: "AA:BB:CC:DD:EE:FF", dhcp: {hostname: h, paramList: [1]}}\n');
    const r = run('up', '--scenario', file);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(`homesweep lab: ${file}: devices[0].mac: must be lowercase aa:bb:cc:dd:ee:ff`);
  });
  it.each([
    [['frob'], 'unknown lab command "frob"'],
    [['up', '--seconds', 'soon'], '--seconds: expected a whole number'],
    [['up', '--scenario', join(dir, 'missing.yaml')], 'missing.yaml: cannot read (ENOENT)'],
    [['exec'], 'exec needs a command'],
    [['motion'], 'motion needs one device name'],
  ])('%j is a user error', (args, message) => {
    const r = run(...args);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
  });
});
