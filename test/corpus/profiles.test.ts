/**
 * Corpus checks over every built-in device profile: each file validates, its id names its path, patterns
 * compile, the set covers every category, strong signals are not claimed twice at the same priority, and
 * every OUI listed is registered to a brand rather than a Wi-Fi chip maker.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CATEGORIES } from '../../gateway/contract.ts';
import { checkGlob, compileGlob } from '../../device-profiles/glob.ts';
import { DEFAULT_PROFILES_DIR, listProfileFiles, loadProfiles, readGenerated, type ProfileProblem } from '../../device-profiles/load.ts';
import { renderJsonSchemas } from '../../device-profiles/gen-json-schema.ts';
import { ProfileSchema, WeightsSchema, type Profile } from '../../device-profiles/schema.ts';
import { claimKeys } from '../../device-profiles/claims.ts';

const dir = DEFAULT_PROFILES_DIR;
const files = listProfileFiles(dir);
const library = loadProfiles(dir);
const raw = new Map(files.map((f) => [f, parse(readFileSync(`${dir}/${f}`, 'utf8')) as unknown]));
const parsed = new Map<string, Profile>();
for (const [f, r] of raw) {
  const p = ProfileSchema.safeParse(r);
  if (p.success) parsed.set(f, p.data);
}
const generatedProblems: ProfileProblem[] = [];
const generated = readGenerated(dir, generatedProblems).map((g) => g.profile);
/** Hand-written and generated profiles, as validated data. */
const allProfiles: Profile[] = [...parsed.values(), ...generated];

describe('device-profiles corpus', () => {
  it('loads with no problems', () => {
    expect(library.problems).toEqual([]);
    expect(library.profiles.length).toBe(files.length + generated.length);
  });

  it('has at least 80 profiles', () => {
    expect(files.length).toBeGreaterThanOrEqual(80);
  });

  it('weights.yaml is valid', () => {
    const w = WeightsSchema.safeParse(parse(readFileSync(`${dir}/weights.yaml`, 'utf8')));
    expect(w.success ? [] : w.error.issues).toEqual([]);
  });

  it.each(files)('%s is schema-valid and its id names its path', (file) => {
    const result = ProfileSchema.safeParse(raw.get(file));
    expect(result.success ? [] : result.error.issues).toEqual([]);
    expect(result.data?.id).toBe(file.replace(/\.yaml$/, '').replace('/', '.'));
  });

  it.each(files)('%s: every pattern is a usable glob that compiles', (file) => {
    const p = parsed.get(file);
    expect(p).toBeDefined();
    const m = p!.match;
    const patterns = [
      ...(m.dhcpHostname ?? []).map((h) => (typeof h === 'string' ? h : h.pattern)),
      ...(m.dhcpVendorClass ?? []),
      ...(m.mdnsName ?? []),
      ...(m.mdnsTxt ?? []).map((t) => t.pattern),
      ...(m.ssdp ?? []).map((s) => s.pattern),
    ];
    for (const pattern of patterns) {
      expect(checkGlob(pattern), pattern).toBeNull();
      // A pattern must at least match its own literal text.
      expect(compileGlob(pattern).test(pattern.replace(/[*?]/g, 'x')), pattern).toBe(true);
    }
  });

  it.each(files)('%s: every user text has English', (file) => {
    const p = parsed.get(file)!;
    const maps = [
      p.name,
      ...p.remoteAccess.flatMap((r) => [r.feature, r.description, r.whereToCheck]),
      ...p.checklist.flatMap((c) => [c.text, c.why, c.noticeRisk]),
      ...p.cannotSee,
    ];
    for (const map of maps) expect(map.en.trim().length).toBeGreaterThan(0);
  });

  it('ids are unique', () => {
    const ids = library.profiles.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('checklist ids are unique within each profile', () => {
    for (const p of library.profiles) {
      const ids = p.checklist.map((c) => c.id);
      expect(new Set(ids).size, p.id).toBe(ids.length);
    }
  });

  it('covers every category except unknown', () => {
    const covered = new Set(library.profiles.map((p) => p.category));
    const missing = CATEGORIES.filter((c) => c !== 'unknown' && !covered.has(c));
    expect(missing).toEqual([]);
  });

  it('no user text calls a device spyware', () => {
    for (const [file, r] of raw) expect(JSON.stringify(r).toLowerCase(), file).not.toMatch(/spyware|stalkerware/);
  });

  it('no two profiles claim the same strong signal at the same priority', () => {
    const claims = new Map<string, { id: string; priority: number }[]>();
    for (const p of allProfiles) {
      for (const key of claimKeys(p)) {
        const list = claims.get(key) ?? [];
        list.push({ id: p.id, priority: p.priority });
        claims.set(key, list);
      }
    }
    const clashes: string[] = [];
    for (const [key, list] of claims) {
      const byPriority = new Map<number, string[]>();
      for (const c of list) byPriority.set(c.priority, [...(byPriority.get(c.priority) ?? []), c.id]);
      for (const ids of byPriority.values()) if (ids.length > 1) clashes.push(`${key}: ${ids.join(', ')}`);
    }
    expect(clashes).toEqual([]);
  });

  it('every generic HomeKit profile agrees with the HomeKit category table', () => {
    const generic = library.profiles.filter((p) => p.match.homekitCategory.length > 0);
    expect(generic.length).toBeGreaterThanOrEqual(11);
    for (const p of generic) {
      for (const { ci } of p.match.homekitCategory) {
        expect(library.knowledge.homekitCategories.get(ci)?.category, `${p.id} ci=${ci}`).toBe(p.category);
      }
    }
  });

  it('every OUI is registered (oui-data) to an organisation that is not a chip/module maker', () => {
    const ouiFile = fileURLToPath(new URL('../../node_modules/oui-data/index.json', import.meta.url));
    const registry = JSON.parse(readFileSync(ouiFile, 'utf8')) as Record<string, string>;
    const bad: string[] = [];
    for (const p of library.profiles) {
      for (const { prefix } of p.match.oui) {
        const org = registry[prefix]?.split('\n')[0];
        if (!org) bad.push(`${p.id} ${prefix}: not registered`);
        else if (library.knowledge.moduleVendors.some((re) => re.test(org))) bad.push(`${p.id} ${prefix}: ${org} is a module vendor`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('the JSON Schemas for editors are up to date (npx tsx device-profiles/gen-json-schema.ts)', () => {
    for (const [name, text] of Object.entries(renderJsonSchemas())) {
      expect(readFileSync(`${dir}/${name}`, 'utf8'), name).toBe(text);
    }
  });
});

describe('loadProfiles on a user-supplied folder', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'hs-profiles-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));
  const good = 'id: acme.cam\nname: { en: Acme cam }\ncategory: camera\ncapabilities: [camera]\nmatch: { dhcpHostname: ["acme-*"] }\n';
  const write = (file: string, text: string) => {
    mkdirSync(join(tmp, file, '..'), { recursive: true });
    writeFileSync(join(tmp, file), text);
  };
  copyFileSync(`${dir}/weights.yaml`, join(tmp, 'weights.yaml'));
  write('acme/cam.yaml', good);
  write('acme/broken.yaml', 'id: [unclosed\n');
  write('acme/no-english.yaml', good.replace('acme.cam', 'acme.no-english').replace('{ en: Acme cam }', '{ es: Cámara }'));
  write('acme/wrong-id.yaml', good.replace('acme.cam', 'acme.other'));
  write('acme/bad-category.yaml', good.replace('acme.cam', 'acme.bad-category').replace('camera\n', 'spy-gadget\n'));
  write('acme/bad-oui.yaml', good.replace('acme.cam', 'acme.bad-oui').replace('dhcpHostname: ["acme-*"]', 'oui: ["12345"]'));
  write('acme/any.yaml', good.replace('acme.cam', 'acme.any').replace('"acme-*"', '"*"'));

  it('loads the good file and reports each bad one with its name and reason', () => {
    const lib = loadProfiles(tmp);
    expect(lib.profiles.map((p) => p.id)).toEqual(['acme.cam']);
    const byFile = Object.fromEntries(lib.problems.map((p) => [p.file, p.reason]));
    expect(Object.keys(byFile).sort()).toEqual([
      'acme/any.yaml', 'acme/bad-category.yaml', 'acme/bad-oui.yaml', 'acme/broken.yaml', 'acme/no-english.yaml', 'acme/wrong-id.yaml',
    ]);
    expect(byFile['acme/broken.yaml']).toMatch(/not valid YAML/);
    expect(byFile['acme/no-english.yaml']).toMatch(/name\.en/);
    expect(byFile['acme/wrong-id.yaml']).toMatch(/does not match the file path/);
    expect(byFile['acme/bad-category.yaml']).toMatch(/category/);
    expect(byFile['acme/bad-oui.yaml']).toMatch(/OUI must be 6/);
    expect(byFile['acme/any.yaml']).toMatch(/matches anything/);
  });

  it('reports a missing weights file and loads nothing', () => {
    const empty = mkdtempSync(join(tmpdir(), 'hs-profiles-empty-'));
    try {
      const lib = loadProfiles(empty);
      expect(lib.profiles).toEqual([]);
      expect(lib.problems[0]?.file).toBe('weights.yaml');
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
