import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { checkKnowledgeFile, readYamlFile, recordCheckedKnowledge, resetYamlCache, yamlCacheKey } from '../../../../gateway/util/yaml-cache.ts';

const Schema = z.object({ name: z.string(), weight: z.number().default(0.5) });

describe('checked knowledge in the build cache', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'hs-yaml-cache-'));
    file = join(dir, 'camera.yaml');
    writeFileSync(file, 'name: camera\n');
  });
  afterEach(() => {
    resetYamlCache();
    rmSync(dir, { recursive: true, force: true });
  });

  /** What the build stores for `file` after checking it as `kind` with `schema`. */
  function record(kind = 'profile', schema: z.ZodType = Schema) {
    return recordCheckedKnowledge(() => {
      checkKnowledgeFile(file, kind, () => readYamlFile(file), schema);
    });
  }

  it('records what the schema returned (defaults filled in) with the file size and time', () => {
    const entry = record()[yamlCacheKey(file)];
    expect(entry?.checked).toEqual({ profile: { name: 'camera', weight: 0.5 } });
    expect(entry?.size).toBe('name: camera\n'.length);
  });

  it('reuses the stored result without reading or validating the unchanged file', () => {
    resetYamlCache(record());
    const read = vi.fn(() => ({ name: 'not read' }));
    const parse = vi.spyOn(Schema, 'safeParse');
    expect(checkKnowledgeFile(file, 'profile', read, Schema, true)).toEqual({ success: true, data: { name: 'camera', weight: 0.5 } });
    expect(read).not.toHaveBeenCalled();
    expect(parse).not.toHaveBeenCalled();
    parse.mockRestore();
  });

  it('validates again when the file changed, when asked as another kind, or when not running the build', () => {
    resetYamlCache(record());
    expect(checkKnowledgeFile(file, 'rule', () => ({ name: 'other kind' }), Schema, true)).toMatchObject({ data: { name: 'other kind' } });
    expect(checkKnowledgeFile(file, 'profile', () => ({ name: 'sources' }), Schema, false)).toMatchObject({ data: { name: 'sources' } });
    writeFileSync(file, 'name: doorbell camera\n');
    expect(checkKnowledgeFile(file, 'profile', () => readYamlFile(file), Schema, true)).toMatchObject({ data: { name: 'doorbell camera' } });
    writeFileSync(file, 'weight: 2\n');
    const bad = checkKnowledgeFile(file, 'profile', () => readYamlFile(file), Schema, true);
    expect(bad.success).toBe(false);
  });

  it('stores neither an invalid file nor a result JSON cannot carry', () => {
    writeFileSync(file, 'weight: 2\n');
    expect(record()).toEqual({});
    writeFileSync(file, 'name: camera\n');
    const withMap = z.object({ name: z.string() }).transform((v) => ({ ...v, index: new Map([[v.name, 1]]) }));
    expect(record('profile', withMap)).toEqual({});
  });

  it('lets a read error through, as reading without the cache does', () => {
    writeFileSync(file, 'name: [unclosed\n');
    expect(() => checkKnowledgeFile(file, 'profile', () => readYamlFile(file), Schema, true)).toThrow();
  });
});

describe('cache keys', () => {
  const root = fileURLToPath(new URL('../../../../', import.meta.url));
  it('are paths relative to the repository root, inside it or not', () => {
    expect(yamlCacheKey(join(root, 'device-profiles', 'wyze', 'camera.yaml'))).toBe('device-profiles/wyze/camera.yaml');
    expect(yamlCacheKey(join(root, 'pcap-rules', 'phrases.yaml'))).toBe(relative(root, join(root, 'pcap-rules', 'phrases.yaml')));
    expect(yamlCacheKey('/elsewhere/x.yaml')).toBe(relative(root, '/elsewhere/x.yaml'));
  });
});

describe('reading a knowledge file', () => {
  it('parses a .json file as JSON and a .yaml file as YAML', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hs-yaml-read-'));
    try {
      writeFileSync(join(dir, 'models.json'), '{"series": [{"pattern": "C6N", "maker": "EZVIZ"}]}');
      writeFileSync(join(dir, 'models.yaml'), 'series:\n  - pattern: C6N\n    maker: EZVIZ\n');
      expect(readYamlFile(join(dir, 'models.json'))).toEqual({ series: [{ pattern: 'C6N', maker: 'EZVIZ' }] });
      expect(readYamlFile(join(dir, 'models.yaml'))).toEqual(readYamlFile(join(dir, 'models.json')));
      writeFileSync(join(dir, 'models.json'), '{"series": [');
      expect(() => readYamlFile(join(dir, 'models.json'))).toThrow(SyntaxError);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
