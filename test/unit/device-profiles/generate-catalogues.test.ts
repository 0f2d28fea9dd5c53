/**
 * The catalogue clue generator (issue 12): reading zigbee-herdsman-converters' device definitions (on a small slice
 * written in its format), the category from a definition's functions, the tables it learns, the calibration, and the
 * committed output (valid, with its source in SOURCES.md).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseZigbeeDevices, zigbeeCategory } from '../../../device-profiles/generate/catalogues.ts';
import {
  applyPlatt, brandTable, bucket, calibrate, deviceWords, fitPlatt, logLoss, predict, reliability, stemTable, wordTable,
  type CatalogueDevice,
} from '../../../device-profiles/generate/catalogue-learn.ts';
import { withSection } from '../../../device-profiles/generate/sources.ts';
import { GeneratedCluesFileSchema } from '../../../device-profiles/knowledge-schema.ts';
import { GENERATED_CLUES, loadGeneratedClues, type KnowledgeProblem } from '../../../device-profiles/knowledge.ts';
import { modelStem } from '../../../discovery/clues.ts';

const slice = readFileSync(new URL('../../fixtures/catalogues/zhc-devices-slice.ts.txt', import.meta.url), 'utf8');

describe('parseZigbeeDevices', () => {
  const devices = parseZigbeeDevices(slice);
  const byModel = new Map(devices.map((d) => [d.model, d]));

  it('reads vendor, model, description and reported names; white-label twins take the parent\'s category', () => {
    expect([...byModel.keys()].sort()).toEqual(['ACK-200', 'ACL1001', 'BX-S1', 'BX-T3', 'BX-W1', 'CP-10', 'DP-1']);
    expect(byModel.get('ACL1001')).toEqual({ vendor: 'Acme', model: 'ACL1001', names: ['Smart lock shaped bulb, E27', 'ACME bulb E27 opal'], category: 'smart-light' });
    expect(byModel.get('CP-10')).toMatchObject({ vendor: 'Cubo', names: ['Wi-Fi free smart plug'], category: 'smart-plug' });
    expect(byModel.get('DP-1')).toMatchObject({ vendor: 'Dyna', category: 'smart-plug' });
  });

  it('takes the category from functions, never from the words', () => {
    expect(byModel.get('ACL1001')!.category).toBe('smart-light'); // "lock" in its description, a light by function
    expect(byModel.get('ACK-200')!.category).toBe('lock'); // child_lock alone would not say lock; e.lock() does
    expect(byModel.get('BX-W1')!.category).toBe('alarm'); // a warning device before its temperature sensor
    expect(byModel.get('BX-T3')!.category).toBe('sensor');
  });

  it('leaves out a remote (actions only)', () => {
    expect(byModel.has('BX-R1')).toBe(false);
  });
});

describe('zigbeeCategory', () => {
  it.each([
    ['exposes: [e.child_lock(), e.switch()]', 'smart-plug'],
    ['exposes: [e.climate().withSetpoint("x")]', 'thermostat'],
    ['extend: [m.windowCovering({controls: ["lift"]})]', 'appliance'],
    ['exposes: [e.action(["single"])]', null],
    ['description: "Smart lock",\n exposes: [e.battery()]', null],
  ])('%s → %s', (block, want) => {
    expect(zigbeeCategory(block)).toBe(want);
  });
});

const dev = (vendor: string, model: string, name: string, category: CatalogueDevice['category']): CatalogueDevice => ({ vendor, model, names: [name], category });

describe('learning', () => {
  const devices = [
    dev('Acme', 'ACP-1', 'Smart plug', 'smart-plug'),
    dev('Bolt', 'BOP-1', 'Outdoor plug', 'smart-plug'),
    dev('Cubo', 'CUL-1', 'Plug-in night light', 'smart-light'),
    dev('Acme', 'ACL-2', 'Smart bulb', 'smart-light'),
    dev('Acme', 'ACL-3', 'Smart bulb GU10', 'smart-light'),
  ];

  it('words: 4+ characters, not the maker\'s own name, seen with enough makers', () => {
    expect([...deviceWords(dev('Acme', 'X', 'Acme smart plug E27', 'smart-plug'))].sort()).toEqual(['plug', 'smart']);
    const t = wordTable(devices, { alpha: 0, minCount: 2, minVendors: 2 });
    expect(t.get('plug')).toMatchObject({ category: 'smart-plug', n: 3 });
    expect(t.get('plug')!.p).toBeCloseTo(2 / 3);
    expect(t.has('bulb')).toBe(false); // one maker only
    expect(wordTable(devices, { alpha: 0, minCount: 2, minVendors: 1 }).get('bulb')).toMatchObject({ category: 'smart-light', p: 1 });
  });

  it('smoothing pulls a rare key towards the catalogue\'s mix', () => {
    const t = wordTable(devices, { alpha: 5, minCount: 2, minVendors: 1 });
    // (2 + 5·3/5) / (2 + 5) = 5/7
    expect(t.get('bulb')!.p).toBeCloseTo(5 / 7);
  });

  it('brands and model stems', () => {
    const b = brandTable(devices, { alpha: 0, minCount: 2, minVendors: 1 });
    expect(b.get('acme')).toMatchObject({ category: 'smart-light', n: 3, maker: 'Acme' });
    expect(modelStem('SNZB-02P')).toBe('snzb');
    expect(modelStem('LED1545')).toBeNull(); // three letters: too often a word
    expect(modelStem('plug')).toBeNull();
    const acme = [1, 2, 3, 4].map((i) => dev('Acme', `ZBPL-${i}`, 'x', 'smart-plug'));
    const s = stemTable([...acme, dev('Bolt', 'ZBPL9', 'z', 'smart-light')], { alpha: 0, minCount: 2, minVendors: 1 });
    expect(s.get('zbpl')).toMatchObject({ category: 'smart-plug', maker: 'Acme', n: 5 });
    // One maker must hold 80% of a stem.
    expect(stemTable([dev('Acme', 'ZBPL-1', 'x', 'smart-plug'), dev('Bolt', 'ZBPL-2', 'y', 'smart-plug')], { alpha: 0, minCount: 2, minVendors: 1 }).has('zbpl')).toBe(false);
  });

  it('predicts from the strongest key', () => {
    const t = wordTable(devices, { alpha: 0, minCount: 1, minVendors: 1 });
    expect(predict(t, ['smart', 'bulb'])).toEqual({ category: 'smart-light', p: 1 });
    expect(predict(t, ['nothing'])).toBeNull();
  });
});

describe('calibration', () => {
  // Predictions that say 0.9 and are right 6 times in 10, and that say 0.2 and are right 2 times in 10.
  const points = Array.from({ length: 200 }, (_, i) => (i < 100 ? { p: 0.9, right: i % 10 < 6 } : { p: 0.2, right: i % 10 < 2 }));

  it('the Platt map brings over-confident weights to how often they were right', () => {
    const m = fitPlatt(points);
    expect(applyPlatt(m, 0.9)).toBeCloseTo(0.6, 1);
    expect(applyPlatt(m, 0.2)).toBeCloseTo(0.2, 1);
    expect(logLoss(points, m)).toBeLessThan(logLoss(points));
    const bins = reliability(points, m);
    expect(bins.reduce((n, b) => n + b.n, 0)).toBe(200);
  });

  it('keeps the identity map when too few predictions were held out', () => {
    expect(fitPlatt(points.slice(0, 20))).toEqual({ a: 1, b: 0 });
  });

  it('splits the same way every run, and learns the published table on everything', () => {
    expect(bucket('v:acme')).toBe(bucket('v:acme'));
    const many = Array.from({ length: 60 }, (_, i) => dev(`Maker${i % 12}`, `M-${i}`, i % 3 ? `Wall plug ${i}` : `Ceiling lamp ${i}`, i % 3 ? 'smart-plug' : 'smart-light'));
    const c = calibrate('word', many, wordTable, deviceWords, (d) => bucket(d.vendor) >= 80, 'test', { alpha: [1, 5], minCount: [2, 3], minVendors: 2 });
    expect(c.table.get('plug')!.category).toBe('smart-plug');
    expect(c.table.get('lamp')!.category).toBe('smart-light');
    expect(c.heldOut.devices).toBe(many.filter((d) => bucket(d.vendor) >= 80).length);
  });
});

describe('SOURCES.md sections', () => {
  it('replaces its own section and keeps the others', () => {
    const one = withSection('', 'a', 'A1');
    const two = withSection(one, 'b', 'B1');
    const again = withSection(two, 'a', 'A2');
    expect(again).toContain('A2');
    expect(again).not.toContain('A1');
    expect(again).toContain('B1');
    expect(again.indexOf('A2')).toBeLessThan(again.indexOf('B1'));
  });
});

describe('the committed tables', () => {
  const file = GeneratedCluesFileSchema.parse(JSON.parse(readFileSync(new URL('../../../device-profiles/generated/clues/catalogues.json', import.meta.url), 'utf8')));
  const sources = readFileSync(new URL('../../../device-profiles/generated/SOURCES.md', import.meta.url), 'utf8');

  it('are valid, name their source commit and licence, also in SOURCES.md', () => {
    for (const s of file.sources) {
      expect(sources).toContain(s.commit);
      expect(sources).toContain(s.licence);
    }
    expect(Object.keys(file.words).length).toBeGreaterThan(20);
    expect(Object.keys(file.brands).length).toBeGreaterThan(20);
  });

  it('hold no weight below the lowest that can show a hint', () => {
    for (const [, w] of Object.values(file.words)) expect(w).toBeGreaterThanOrEqual(0.3);
    for (const [, , w] of [...Object.values(file.brands), ...Object.values(file.models)]) expect(w).toBeGreaterThanOrEqual(0.3);
  });
});

describe('loading the generated tables', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hs-gen-clues-'));
  const write = (text: string) => {
    mkdirSync(join(dir, 'generated', 'clues'), { recursive: true });
    writeFileSync(join(dir, GENERATED_CLUES), text);
  };

  it('absent: empty tables, no problem', () => {
    const problems: KnowledgeProblem[] = [];
    expect(loadGeneratedClues(join(dir, 'none'), problems)?.words.size).toBe(0);
    expect(problems).toEqual([]);
  });

  it('not JSON, or a weight out of range: a problem naming the file and the field', () => {
    const problems: KnowledgeProblem[] = [];
    write('{');
    expect(loadGeneratedClues(dir, problems)).toBeNull();
    const good = JSON.parse(readFileSync(new URL('../../../device-profiles/generated/clues/catalogues.json', import.meta.url), 'utf8'));
    write(JSON.stringify({ ...good, words: { plug: ['smart-plug', 1.5] } }));
    expect(loadGeneratedClues(dir, problems)).toBeNull();
    expect(problems.map((p) => p.file)).toEqual([GENERATED_CLUES, GENERATED_CLUES]);
    expect(problems[0]!.reason).toMatch(/not valid JSON/);
    expect(problems[1]!.reason).toMatch(/^words\.plug\.1: /);
    rmSync(dir, { recursive: true, force: true });
  });
});
