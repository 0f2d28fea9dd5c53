/** The export, import, report and diff commands, run as the real `homesweep` CLI on a real analysed capture. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditExport } from '../../gateway/contract.ts';
import { loadRules } from '../../pcap-rules/load.ts';
import { detectAgeFile } from '../../gateway/audit/encrypt.ts';
import { buildAuditExport } from '../../gateway/audit/export.ts';
import { parseAuditDocument } from '../../gateway/audit/schema.ts';
import { UserError } from '../../gateway/cli/errors.ts';
import type { CliCommand, CliIo } from '../../gateway/cli/io.ts';
import { analyzeLabCapture, withHousehold } from '../unit/audit/fixture-audit.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'hs-cli-'));
const at = (name: string) => join(dir, name);

/** The real CLI in a child process (main.ts included: exit codes, error lines). */
function homesweepProcess(...args: string[]) {
  const r = spawnSync('npx', ['tsx', 'gateway/main.ts', ...args], { cwd: ROOT, encoding: 'utf8', timeout: 230_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** The same command modules run in this process, with main.ts's handling of user errors; much quicker. */
async function homesweep(name: string, ...argv: string[]) {
  const { command } = (await import(`../../gateway/cli/${name}.ts`)) as { command: CliCommand };
  let out = '';
  let err = '';
  const sink = (add: (s: string) => void) => new Writable({ write: (chunk, _enc, done) => (add(String(chunk)), done()) });
  const io: CliIo = { argv, stdout: sink((s) => (out += s)), stderr: sink((s) => (err += s)), env: {}, stopSignal: new AbortController().signal };
  try {
    return { code: await command.run(io), out, err };
  } catch (e) {
    if (e instanceof UserError) return { code: 2, out, err: err + `homesweep ${name}: ${e.message}\n` };
    throw e;
  }
}

beforeAll(() => {
  writeFileSync(at('audit.json'), JSON.stringify(withHousehold(analyzeLabCapture()), null, 2));
  writeFileSync(at('pass.txt'), 'plum lantern 9\n');
  writeFileSync(at('wrong.txt'), 'plum lantern 8\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// These run age's scrypt at its default work factor (seconds of CPU each); on a loaded machine that takes minutes.
const SCRYPT_TIMEOUT_MS = 240_000;

describe('homesweep export / import / report / diff', () => {
  it('exports for a helper (redacted and encrypted by choice), and import checks and decrypts it', async () => {
    const ex = homesweepProcess('export', at('audit.json'), '--out', at('helper.age'), '--passphrase-file', at('pass.txt'));
    expect(ex.code, ex.err).toBe(0);
    expect(ex.out).toMatch(/redacted for a helper, encrypted/);
    const sealed = readFileSync(at('helper.age'));
    expect(detectAgeFile(sealed)).toBe('binary');
    const im = await homesweep('import', at('helper.age'), '--passphrase-file', at('pass.txt'), '--out', at('checked.json'));
    expect(im.code, im.err).toBe(0);
    expect(im.out).toMatch(/a valid HomeSweep audit \(was encrypted\)/);
    const checked = readFileSync(at('checked.json'), 'utf8');
    const doc = parseAuditDocument(checked);
    expect(doc.redactions.length).toBeGreaterThan(0);
    expect(checked).not.toMatch(/Maria|c0:56:27:4a:10:01|10\.77\.0\.13/);
    // Written through a temporary file and a rename: nothing else is left in the folder.
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  }, SCRYPT_TIMEOUT_MS);

  it('keeps everything with --redact none', async () => {
    const ex = await homesweep('export', at('audit.json'), '--out', at('full.json'), '--redact', 'none');
    expect(ex.code, ex.err).toBe(0);
    expect(JSON.parse(readFileSync(at('full.json'), 'utf8'))).toEqual(JSON.parse(readFileSync(at('audit.json'), 'utf8')));
  });

  it.each([
    ['a wrong passphrase', async () => homesweepProcess('import', at('helper.age'), '--passphrase-file', at('wrong.txt')), /helper\.age: the passphrase does not open this encrypted file/],
    ['no passphrase', async () => homesweep('import', at('helper.age')), /helper\.age: the file is encrypted, and no passphrase was given/],
    ['a changed document', async () => {
      writeFileSync(at('changed.json'), readFileSync(at('audit.json'), 'utf8').replace('"HS-DEVICE-0001"', '"HS-DEVICE-0002"'));
      return homesweep('import', at('changed.json'));
    }, /changed\.json: the field digest does not match the content/],
    ['an encrypted file that asks for too much scrypt work', async () => {
      writeFileSync(at('orange.txt'), 'orange piano 7\n');
      return homesweep('import', join(ROOT, 'test/fixtures/age/work-factor-19.age'), '--passphrase-file', at('orange.txt'));
    }, /work-factor-19\.age: the encrypted file's scrypt work factor is 19, more than the 18 HomeSweep accepts/],
    ['an audit id the store cannot hold', async () => {
      const doc = JSON.parse(readFileSync(at('audit.json'), 'utf8'));
      writeFileSync(at('climb.json'), JSON.stringify(buildAuditExport({ ...doc, audit: { ...doc.audit, id: '../../x' } })));
      return homesweepProcess('import', at('climb.json'), '--data', at('data'));
    }, /climb\.json: the field audit\.id is not a plain id/],
    ['a file that is not an audit', async () => homesweep('import', join(ROOT, 'package.json')), /package\.json: the document is not a HomeSweep audit export/],
    ['a missing file', async () => homesweep('report', at('nope.json'), '--out', at('r.html')), /nope\.json: no such audit file/],
    ['a report name that is not html or pdf', async () => homesweep('report', at('audit.json'), '--out', at('r.txt')), /r\.txt: the report file must end in \.html or \.pdf/],
    ['an unknown redaction level', async () => homesweep('export', at('audit.json'), '--out', at('x.json'), '--redact', 'some'), /--redact must be helper or none/],
    ['a report language it has not', async () => homesweep('report', at('audit.json'), '--out', at('r.html'), '--lang', 'fr'), /--lang must be en, es or pt-BR, not "fr"/],
  ])('refuses %s with one line and exit code 2', async (_name, run, message) => {
    const r = await run();
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(r.err.trim().split('\n')).toHaveLength(1);
  }, SCRYPT_TIMEOUT_MS);

  it('writes the HTML report', async () => {
    const r = await homesweep('report', at('audit.json'), '--out', at('report.html'), '--lang', 'es');
    expect(r.code, r.err).toBe(0);
    const html = readFileSync(at('report.html'), 'utf8');
    expect(html).toContain('<html lang="es">');
    expect(html).toMatch(/<meta http-equiv="Content-Security-Policy" content="default-src 'none';/);
    expect(html).toContain('Lo que esta revisión no puede ver');
  });

  it('writes the report in Brazilian Portuguese, with each finding titled from its rule', async () => {
    const r = await homesweep('report', at('audit.json'), '--out', at('report-pt.html'), '--lang', 'pt-BR');
    expect(r.code, r.err).toBe(0);
    const html = readFileSync(at('report-pt.html'), 'utf8');
    expect(html).toContain('<html lang="pt-BR">');
    expect(html).toContain('O que esta verificação não consegue ver');
    const doc = JSON.parse(readFileSync(at('audit.json'), 'utf8')) as AuditExport;
    const rules = new Map(loadRules().rules.map((x) => [x.rule.id, x.rule]));
    expect(doc.findings.length).toBeGreaterThan(0);
    for (const f of doc.findings) expect(html).toContain(`<strong>${rules.get(f.rule)!.title['pt-BR']}</strong>`);
  });

  it('compares two audits in words and as JSON', async () => {
    const plain = await homesweep('diff', at('audit.json'), at('checked.json'));
    expect(plain.code, plain.err).toBe(0);
    expect(plain.out).toMatch(/^New devices:\n {2}• /);
    const json = await homesweep('diff', at('audit.json'), at('audit.json'), '--json');
    expect(json.code, json.err).toBe(0);
    expect(JSON.parse(json.out)).toEqual({ newDevices: [], goneDevices: [], newFindings: [], resolvedFindings: [], changed: [] });
  });
});
