import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadIndicatorDir, loadIndicatorFile } from '../../../../../gateway/rules/indicators/load-indicators.ts';
import { detectIndicatorFormat, parseIndicatorText } from '../../../../../gateway/rules/indicators/parse-indicator-text.ts';
import { IndicatorFileError } from '../../../../../gateway/rules/indicators/types.ts';

const dir = mkdtempSync(join(tmpdir(), 'hs-ind-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('detectIndicatorFormat', () => {
  it.each([
    ['ioc.yaml', '', 'echap-yaml'],
    ['watchware.yml', '', 'echap-yaml'],
    ['network.csv', '', 'network-csv'],
    ['stalkerware.stix2', '', 'stix2'],
    ['bundle.json', '{"type": "bundle", "objects": []}', 'stix2'],
    ['indicators-for-tinycheck.json', '{"iocs": []}', 'tinycheck-json'],
    ['hosts', '', 'hosts-list'],
    ['README.md', '', null],
  ])('%s', (name, text, format) => expect(detectIndicatorFormat(name, text)).toBe(format));

  it('refuses an unknown file type with a typed error', () => {
    expect(() => parseIndicatorText('x', 'notes.md')).toThrowError(expect.objectContaining({ code: 'unknown-format', file: 'notes.md' }));
  });
});

describe('loadIndicatorFile / loadIndicatorDir', () => {
  it('names the file when it cannot be read', () => {
    expect(() => loadIndicatorFile(join(dir, 'missing.yaml'))).toThrowError(new IndicatorFileError('missing.yaml', 'unreadable', 'no such file'));
  });

  it('loads every known file of a folder and its generated/ subfolder, and skips bad ones with their reason', () => {
    writeFileSync(join(dir, 'ioc.yaml'), '- name: A\n  c2: {domains: [a.example]}\n');
    writeFileSync(join(dir, 'README.md'), '# not a list\n');
    writeFileSync(join(dir, 'LICENSE.txt'), 'Attribution 4.0 International\n');
    writeFileSync(join(dir, '.ioc.yaml.tmp-123'), 'half a fi');
    writeFileSync(join(dir, 'broken.json'), '{"iocs": [');
    mkdirSync(join(dir, 'generated'));
    writeFileSync(join(dir, 'generated', 'network.csv'), 'type,indicator,app\nipv4,198.51.100.1,A\n');
    const r = loadIndicatorDir(dir);
    expect(r.results.map((x) => [x.source, x.entries.length])).toEqual([
      ['network.csv', 1],
      ['ioc.yaml', 1],
    ]);
    expect(r.errors.map((e) => [e.file, e.code])).toEqual([['broken.json', 'bad-syntax']]);
  });

  it('names a missing folder', () => {
    expect(() => loadIndicatorDir(join(dir, 'nope'))).toThrowError(expect.objectContaining({ code: 'unreadable' }));
  });
});
