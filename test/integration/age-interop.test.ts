/**
 * HomeSweep's age files against Debian's real `age` binary. age reads passphrases only from a terminal, so it
 * runs under `script`, which gives it a pseudo-terminal whose input is our stdin.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AuditImportError } from '../../gateway/audit/import-error.ts';
import { readAuditBytes, serializeAudit } from '../../gateway/audit/load-audit.ts';
import { redactAudit } from '../../gateway/audit/redact.ts';
import { smallAudit } from '../unit/audit/small-audit.ts';

const dir = mkdtempSync(join(tmpdir(), 'hs-age-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs `age ARGS` on a pseudo-terminal, typing `typed` (one line per passphrase prompt). */
function ageOnTerminal(args: string[], typed: string[]) {
  const cmd = ['age', ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  return spawnSync('script', ['-qec', cmd, '/dev/null'], { input: typed.map((l) => l + '\n').join(''), encoding: 'utf8', timeout: 30_000 });
}

describe('age interoperability', () => {
  it('the installed age is the real binary', () => {
    expect(execFileSync('age', ['--version'], { encoding: 'utf8' })).toMatch(/^v?\d+\.\d+/);
  });

  it.each([false, true])('age -d opens an export HomeSweep encrypted (armor %s)', async (armor) => {
    const doc = redactAudit(smallAudit(), 'helper');
    const file = join(dir, `out-${armor}.age`);
    writeFileSync(file, await serializeAudit(doc, { passphrase: 'tangerine kettle 42', armor, workFactor: 12 }));
    const plain = join(dir, `plain-${armor}.json`);
    const run = ageOnTerminal(['-d', '-o', plain, file], ['tangerine kettle 42']);
    expect(run.status, run.stdout + run.stderr).toBe(0);
    expect(JSON.parse(readFileSync(plain, 'utf8'))).toEqual(doc);
  });

  it('age -d refuses the wrong passphrase for it too', async () => {
    const file = join(dir, 'wrong.age');
    writeFileSync(file, await serializeAudit(smallAudit(), { passphrase: 'right', workFactor: 10 }));
    const run = ageOnTerminal(['-d', '-o', join(dir, 'never.json'), file], ['wrong']);
    expect(run.status).not.toBe(0);
    expect(run.stdout + run.stderr).toMatch(/incorrect passphrase/);
  });

  it('HomeSweep imports an export that age -p encrypted, and refuses a wrong passphrase', async () => {
    const doc = smallAudit();
    const plain = join(dir, 'plain.json');
    writeFileSync(plain, JSON.stringify(doc));
    const file = join(dir, 'by-age.age');
    const run = ageOnTerminal(['-p', '-a', '-o', file, plain], ['orange piano 7', 'orange piano 7']);
    expect(run.status, run.stdout + run.stderr).toBe(0);
    const bytes = readFileSync(file);
    expect(bytes.toString('latin1')).toMatch(/^-----BEGIN AGE ENCRYPTED FILE-----/);
    expect(await readAuditBytes(bytes, { passphrase: 'orange piano 7' })).toEqual({ doc, encrypted: true });
    const err = await readAuditBytes(bytes, { passphrase: 'orange piano 8' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AuditImportError);
    expect((err as AuditImportError).code).toBe('wrong-passphrase');
  });
});
