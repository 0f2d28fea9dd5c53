/**
 * `homesweep report` of an exported file as a user runs it: the real bin on the demo home's capture analysed with
 * `homesweep analyze --json`. The export carries its texts in every language, so the Spanish and Portuguese
 * reports say what was seen in those languages, with their decimal sign (issue 15).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const BIN = new URL('../../../../bin/homesweep.js', import.meta.url).pathname;
const DEMO = new URL('../../../../demo/demo-home.pcap', import.meta.url).pathname;
const tmp = mkdtempSync(join(tmpdir(), 'hs-report-cli-'));
const exported = join(tmp, 'demo.json');
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function run(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 120_000, cwd: tmp });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** The report's text, without tags. */
function reportText(lang: string): string {
  const out = join(tmp, `report-${lang}.html`);
  const r = run('report', exported, '--out', out, '--lang', lang);
  expect(r.code, r.err).toBe(0);
  return readFileSync(out, 'utf8').replace(/<[^>]*>/g, ' ');
}

describe('homesweep report of an exported file', () => {
  beforeAll(() => {
    const r = run('analyze', DEMO, '--json');
    expect(r.code, r.err).toBe(0);
    writeFileSync(exported, r.out);
  }, 150_000);

  it('writes the evidence in English with a decimal point', () => {
    const text = reportText('en');
    expect(text).toMatch(/sent 1\.2 Mbit\/s/);
  });

  it.each([
    ['es', /envió 1,2 Mbit\/s/],
    ['pt-BR', /enviou 1,2 Mbit\/s/],
  ])('writes it in %s, numbers with a decimal comma', (lang, sent) => {
    const text = reportText(lang);
    expect(text).toMatch(sent);
    expect(text).not.toMatch(/\bsent \d/);
    expect(text).not.toMatch(/(?<![\d.])\d+\.\d+(?![\d.])\s?(?:[kMG]bit\/s|[kMG]B\b)/);
  });
});
