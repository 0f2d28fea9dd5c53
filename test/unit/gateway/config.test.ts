import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PORT, loadConfig } from '../../../gateway/config.ts';

describe('config', () => {
  it('has safe defaults: this computer only', () => {
    const c = loadConfig({});
    expect(c.listen).toBe('127.0.0.1');
    expect(c.port).toBe(DEFAULT_PORT);
    expect(c.capture).toBe(true);
  });

  it('applies file, then HOMESWEEP_* variables, then flags', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hs-cfg-'));
    const file = join(dir, 'homesweep.yaml');
    writeFileSync(file, 'port: 9000\ndata: /var/lib/homesweep\nlisten: 0.0.0.0\n');
    const c = loadConfig({ file, env: { HOMESWEEP_PORT: '9100', HOMESWEEP_DATA: '' }, flags: { listen: '10.0.0.2' } });
    expect(c).toMatchObject({ port: 9100, data: '/var/lib/homesweep', listen: '10.0.0.2' });
  });

  it.each([
    [{ env: { HOMESWEEP_PORT: 'eighty' } }, /^environment: HOMESWEEP_PORT: /],
    [{ env: { HOMESWEEP_INTERFACE: '-w /etc/x' } }, /HOMESWEEP_INTERFACE: not an interface name/],
    [{ flags: { port: '70000' } }, /--port: /],
    [{ flags: { hostNames: ['notes.home.arpa', 'evil name/'] } }, /--host-name: not a host name/],
    [{ env: { HOMESWEEP_HOST_NAMES: 'ok.lan,bad_name!' } }, /HOMESWEEP_HOST_NAMES: not a host name/],
  ])('names the source and setting of a bad value (%#)', (src, message) => {
    expect(() => loadConfig(src)).toThrow(message);
  });

  it('takes host names from HOMESWEEP_HOST_NAMES (comma-separated) or repeated flags', () => {
    expect(loadConfig({ env: { HOMESWEEP_HOST_NAMES: 'notes.home.arpa, kitchen-pc' } }).hostNames).toEqual(['notes.home.arpa', 'kitchen-pc']);
    expect(loadConfig({ flags: { hostNames: ['a.lan', 'b.lan'] } }).hostNames).toEqual(['a.lan', 'b.lan']);
    expect(loadConfig({}).hostNames).toEqual([]);
  });

  it('names a bad config file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hs-cfg-'));
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, 'colour: blue\n');
    expect(() => loadConfig({ file })).toThrow(/bad\.yaml: .*colour/);
    expect(() => loadConfig({ file: join(dir, 'missing.yaml') })).toThrow(/missing\.yaml: cannot read \(ENOENT\)/);
  });
});
