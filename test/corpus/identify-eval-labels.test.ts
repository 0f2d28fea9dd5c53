/**
 * The held-out identification test set (test/fixtures/identify-eval/) is well-formed: every file passes its schema,
 * ids are unique, every device names a listed source, its label is the manifest's (the source's own label, never the
 * identifier's output), categories come from the contract, and the "shows an identifying signal" mark matches the
 * evidence. No accuracy is asserted here: the figures live in `npm run bench` (test/bench/identify-eval.ts).
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CATEGORIES } from '../../gateway/contract.ts';
import { DEVICES_FILE, EVAL_DIR, EvalDataError, loadDevices, loadManifest, loadSources, signalsOf } from '../bench/identify-eval/dataset.ts';

const sources = loadSources();
const manifest = loadManifest();
const devices = loadDevices();
const dupes = (ids: string[]) => ids.filter((id, i) => ids.indexOf(id) !== i);

describe('identify-eval sources', () => {
  it('has unique ids, each with a commit and a licence', () => {
    expect(sources.length).toBeGreaterThan(0);
    expect(dupes(sources.map((s) => s.id))).toEqual([]);
    for (const s of sources) expect(s.licence.length, s.id).toBeGreaterThan(10);
  });
});

describe('identify-eval manifest', () => {
  it('has unique ids and names only listed sources', () => {
    expect(dupes(manifest.map((e) => e.id))).toEqual([]);
    const known = new Set(sources.map((s) => s.id));
    expect(manifest.filter((e) => !known.has(e.source)).map((e) => e.id)).toEqual([]);
  });

  it('lists each device once (no MAC under two ids)', () => {
    expect(dupes(manifest.flatMap((e) => e.macs))).toEqual([]);
  });

  it('labels every device with a known category other than unknown', () => {
    for (const e of manifest) {
      expect(CATEGORIES, e.id).toContain(e.label.category);
      expect(e.label.category, e.id).not.toBe('unknown');
      expect(e.label.alsoRight ?? [], e.id).not.toContain(e.label.category);
    }
  });

  it('has devices in every source', () => {
    for (const s of sources) expect(manifest.some((e) => e.source === s.id), s.id).toBe(true);
  });
});

describe('identify-eval devices', () => {
  const byId = new Map(manifest.map((e) => [e.id, e]));

  it('has one record per manifest entry, with unique ids', () => {
    expect(dupes(devices.map((d) => d.id))).toEqual([]);
    expect(devices.map((d) => d.id).sort()).toEqual([...byId.keys()].sort());
  });

  it.each(devices.map((d) => [d.id, d] as const))('%s: label, source and MAC are the manifest\'s', (id, d) => {
    const e = byId.get(id)!;
    expect({ source: d.source, sourceLabel: d.sourceLabel, label: d.label }).toEqual({ source: e.source, sourceLabel: e.sourceLabel, label: e.label });
    expect(e.macs).toContain(d.evidence.mac);
  });

  it.each(devices.map((d) => [d.id, d] as const))('%s: the signal mark matches its evidence', (_id, d) => {
    expect(d.signals).toEqual(signalsOf(d.evidence));
  });

  it('is written in ASCII (non-ASCII as \\u escapes), so regenerating one source leaves the others byte-identical', () => {
    expect(readFileSync(DEVICES_FILE, 'utf8')).toMatch(/^[\x00-\x7f]*$/);
  });

  it('has the size its README gives: devices, with a signal, watching kinds, and per source', () => {
    const readme = readFileSync(join(EVAL_DIR, 'README.md'), 'utf8').replace(/\s+/g, ' ');
    const m = /\*\*Size:\*\* (\d+) devices \((\d+) of them show an identifying signal; (\d+) are cameras, doorbells or locks\) from (\d+) sources: ([^(]+) \(/.exec(readme);
    expect(m, 'the README\'s **Size:** line').not.toBeNull();
    const watching = devices.filter((d) => ['camera', 'doorbell', 'lock'].includes(d.label.category)).length;
    expect(m!.slice(1, 5).map(Number)).toEqual([devices.length, devices.filter((d) => d.signals.length > 0).length, watching, sources.length]);
    const perSource = Object.fromEntries(m![5]!.split(',').map((p) => p.trim().split(' ')).map(([id, n]) => [id, Number(n)]));
    expect(perSource).toEqual(Object.fromEntries(sources.map((s) => [s.id, devices.filter((d) => d.source === s.id).length])));
  });

  it('covers cameras, doorbells, plugs, speakers, hubs, TVs and thermostats', () => {
    const have = new Set(devices.map((d) => d.label.category));
    for (const c of ['camera', 'doorbell', 'smart-plug', 'smart-speaker', 'hub', 'tv-streamer', 'thermostat'] as const) expect(have, c).toContain(c);
  });
});

describe('identify-eval split', () => {
  it('no device profile names a source of the test set (it stays out of every knowledge source)', () => {
    const root = new URL('../../device-profiles/', import.meta.url).pathname;
    const repos = sources.map((s) => new URL(s.url).pathname.replace(/^\/|\/$/g, '').toLowerCase());
    const hits: string[] = [];
    for (const file of readdirSync(root, { recursive: true, encoding: 'utf8' })) {
      if (!/\.(ya?ml|json)$/.test(file)) continue;
      const text = readFileSync(join(root, file), 'utf8').toLowerCase();
      for (const repo of repos) if (text.includes(repo)) hits.push(`${file}: ${repo}`);
    }
    expect(repos.length).toBe(sources.length);
    expect(hits).toEqual([]);
  });
});

describe('identify-eval loading', () => {
  const dir = mkdtempSync(join(tmpdir(), 'identify-eval-test-'));

  it('names the file, the entry and the field of a bad label', () => {
    const file = join(dir, 'manifest.json');
    writeFileSync(file, JSON.stringify([{ ...manifest[0], label: { category: 'spy-gadget' } }]));
    expect(() => loadManifest(file)).toThrow(EvalDataError);
    expect(() => loadManifest(file)).toThrow(new RegExp(`${file}: entry 0 \\(${manifest[0]!.id.replace(/\./g, '\\.')}\\): label\\.category`));
  });

  it('refuses a file that is not a list', () => {
    const file = join(dir, 'sources.json');
    writeFileSync(file, '{}');
    expect(() => loadSources(file)).toThrow(/expected a JSON array/);
  });
});
