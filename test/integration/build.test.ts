/**
 * The compiled build (bin/build.js): used only while it is newer than every source, and its stored schema checks give
 * the compiled loaders exactly the knowledge the sources load by validating.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIsFresh } from '../../bin/build-fresh.js';
import { cacheFor, runCommandScript } from '../../bin/code-cache.js';
import { loadProfiles } from '../../device-profiles/load.ts';
import { loadRules } from '../../pcap-rules/load.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Runs the build unless the one there is fresh (the test runner builds first; a single file run may not). */
function buildWhenStale(): void {
  if (buildIsFresh()) return;
  const build = spawnSync(process.execPath, [join(ROOT, 'bin/build.js')], { encoding: 'utf8' });
  expect(build.status, build.stderr).toBe(0);
}

describe('build freshness', () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'hs-build-fresh-'));
    mkdirSync(join(root, '.build'));
    mkdirSync(join(root, 'gateway'));
    writeFileSync(join(root, 'gateway', 'main.ts'), 'export {};\n');
    writeFileSync(join(root, '.build', 'stamp.json'), JSON.stringify({ sources: ['gateway/main.ts'] }));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  const at = (file: string, seconds: number) => utimesSync(join(root, file), seconds, seconds);

  it('uses a build newer than its sources', () => {
    at('gateway/main.ts', 1_000);
    at('.build/stamp.json', 2_000);
    expect(buildIsFresh(root)).toBe(true);
  });

  it('refuses a build older than one source, or whose source is gone', () => {
    at('gateway/main.ts', 3_000);
    at('.build/stamp.json', 2_000);
    expect(buildIsFresh(root)).toBe(false);
    writeFileSync(join(root, '.build', 'stamp.json'), JSON.stringify({ sources: ['gateway/main.ts', 'gateway/gone.ts'] }));
    expect(buildIsFresh(root)).toBe(false);
  });

  it('refuses a missing or damaged stamp', () => {
    writeFileSync(join(root, '.build', 'stamp.json'), '{"sources": [');
    expect(buildIsFresh(root)).toBe(false);
    rmSync(join(root, '.build', 'stamp.json'));
    expect(buildIsFresh(root)).toBe(false);
  });
});

describe('knowledge checked by the build', () => {
  beforeAll(buildWhenStale);

  it('gives the compiled loaders, with no schema run, the profiles and rules the sources validate', () => {
    // In the child the schemas fail if they run at all: the loaders must take every built-in file from the build.
    const child = `
      for (const m of ['./device-profiles/schema.js', './device-profiles/knowledge-schema.js', './pcap-rules/schema.js', './pcap-rules/phrases.js']) {
        for (const [name, s] of Object.entries(await import(m))) {
          if (typeof s?.safeParse === 'function') s.safeParse = () => { throw new Error('schema ' + name + ' ran'); };
        }
      }
      const { loadProfiles } = await import('./device-profiles/load.js');
      const { loadRules } = await import('./pcap-rules/load.js');
      const lib = loadProfiles();
      const rules = loadRules();
      process.stdout.write(JSON.stringify({ profiles: lib.profiles, problems: lib.problems, clues: lib.clues !== undefined, rules: rules.rules.map((r) => r.rule), ruleProblems: rules.problems }));
    `;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', child], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 << 20 });
    expect(run.stderr).toBe('');
    const compiled = JSON.parse(run.stdout);
    const lib = loadProfiles();
    const rules = loadRules();
    expect(compiled.problems).toEqual([]);
    expect(compiled.ruleProblems).toEqual([]);
    expect(compiled.clues).toBe(true);
    expect(compiled.profiles.length).toBeGreaterThan(100);
    expect(compiled.profiles).toEqual(JSON.parse(JSON.stringify(lib.profiles)));
    expect(compiled.rules).toEqual(JSON.parse(JSON.stringify(rules.rules.map((r) => r.rule))));
  });

  it('builds no schema for the built-in knowledge, and still validates a rule folder the build did not check', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hs-user-rules-'));
    try {
      mkdirSync(join(dir, 'access'));
      copyFileSync(join(ROOT, 'pcap-rules/access/HS-ACCESS-0001.yaml'), join(dir, 'access/HS-ACCESS-0001.yaml'));
      writeFileSync(join(dir, 'access/HS-ACCESS-0002.yaml'), readFileSync(join(ROOT, 'pcap-rules/access/HS-ACCESS-0002.yaml'), 'utf8').replace(/^severity: .*$/m, 'severity: loud'));
      const child = `
        const { lazySchemasBuilt } = await import('./gateway/util/lazy-schema.js');
        const { loadProfiles } = await import('./device-profiles/load.js');
        const { loadRules } = await import('./pcap-rules/load.js');
        const lib = loadProfiles();
        const builtIn = loadRules();
        const before = lazySchemasBuilt();
        const user = loadRules(${JSON.stringify(dir)});
        process.stdout.write(JSON.stringify({ before, after: lazySchemasBuilt(), profiles: lib.profiles.length, builtIn: builtIn.rules.length, user: user.rules.map((r) => r.rule.id), problems: user.problems }));
      `;
      const run = spawnSync(process.execPath, ['--input-type=module', '-e', child], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 << 20 });
      expect(run.stderr).toBe('');
      const out = JSON.parse(run.stdout);
      expect(out.profiles).toBeGreaterThan(100);
      expect(out.builtIn).toBeGreaterThan(20);
      expect(out.before).toBe(0);
      expect(out.after).toBeGreaterThan(0);
      expect(out.user).toEqual(['HS-ACCESS-0001']);
      expect(out.problems).toHaveLength(1);
      expect(out.problems[0].file).toBe('access/HS-ACCESS-0002.yaml');
      expect(out.problems[0].reason).toMatch(/severity/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the bundled command', () => {
  beforeAll(buildWhenStale);

  /** The audit export of the lab capture, without its random id and the digest that covers it. */
  function audit(argv: string[]): unknown {
    const run = spawnSync(process.execPath, [...argv, 'analyze', join(ROOT, 'test/fixtures/lab-home-12.pcap'), '--json'], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 << 20 });
    expect(run.status, run.stderr).toBe(0);
    const doc = JSON.parse(run.stdout) as { audit: { id?: string }; digest?: string };
    delete doc.audit.id;
    delete doc.digest;
    return doc;
  }

  it('exists, and bin/homesweep.js (running it) gives the audit the sources give', () => {
    expect(existsSync(join(ROOT, '.build/cli/main.js'))).toBe(true);
    const bundled = audit([join(ROOT, 'bin/homesweep.js')]);
    expect(bundled).toMatchObject({ format: 'homesweep.audit', audit: { capture: { packets: 15148 } } });
    expect(bundled).toEqual(audit(['--import', 'tsx', join(ROOT, 'gateway/main.ts')]));
  });

  it('runs analyze from the script bundle with the code cache the build wrote, which V8 takes', () => {
    const run = spawnSync(process.execPath, [join(ROOT, 'bin/homesweep.js'), 'analyze', join(ROOT, 'test/fixtures/lab-home-12.pcap'), '--json'], {
      cwd: ROOT,
      encoding: 'utf8',
      maxBuffer: 64 << 20,
      env: { ...process.env, HOMESWEEP_CODE_CACHE: 'show' },
    });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/^code cache: used$/m);
  });
});

describe('the code cache of the script bundle (bin/code-cache.js)', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'hs-code-cache-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** A one-line "command" script of build `id`; running it sets globalThis.hsCodeCacheRan to `value`. */
  const script = (name: string, id: string, value: string) => {
    const file = join(dir, name);
    writeFileSync(file, `// homesweep build ${id}\n"use strict";\nfunction twice(x) { return x + x; }\nglobalThis.hsCodeCacheRan = twice(${JSON.stringify(value)});\n`);
    return file;
  };
  /** Writes the cache of `file` as the build does (a child process that exits), returns the cache's path. */
  const writeCache = (file: string) => {
    const cache = `${file}.cache`;
    const child = `import { runCommandScript } from ${JSON.stringify(join(ROOT, 'bin/code-cache.js'))}; runCommandScript(${JSON.stringify(file)}, ${JSON.stringify(cache)}, 'file:///', true);`;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', child], { encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    return cache;
  };
  const ran = () => (globalThis as { hsCodeCacheRan?: string }).hsCodeCacheRan;

  it('gives V8 the cache written for the same build', () => {
    const file = script('same.cjs', 'a'.repeat(24), 'x');
    const cache = writeCache(file);
    expect(readFileSync(cache, 'latin1').startsWith(`${'a'.repeat(24)}\n`)).toBe(true);
    expect(runCommandScript(file, cache, 'file:///')).toBe('used');
    expect(ran()).toBe('xx');
  });

  it('refuses a cache from another build, even for a script of the same length, and runs the script compiled', () => {
    const older = writeCache(script('older.cjs', 'b'.repeat(24), 'y'));
    // Same length, another build id and another text: V8 alone (which checks the length) would take the cache.
    const file = script('newer.cjs', 'c'.repeat(24), 'z');
    expect(cacheFor(readFileSync(file, 'utf8'), readFileSync(older))).toBeUndefined();
    expect(runCommandScript(file, older, 'file:///')).toBe('none');
    expect(ran()).toBe('zz');
  });

  it('runs the script when there is no cache, or the script has no build id', () => {
    const file = script('alone.cjs', 'd'.repeat(24), 'w');
    expect(runCommandScript(file, join(dir, 'missing.cache'), 'file:///')).toBe('none');
    expect(ran()).toBe('ww');
    expect(cacheFor('"use strict";\n', Buffer.from('x\nabc'))).toBeUndefined();
  });
});

describe('bin/homesweep.js chooses the build only while it is fresh', () => {
  let root: string;
  beforeAll(() => {
    // A tree of its own: the real bin/ and node_modules (for tsx), a one-line "source" and a one-line "bundle".
    root = mkdtempSync(join(tmpdir(), 'hs-bin-choice-'));
    mkdirSync(join(root, 'bin'));
    for (const f of ['homesweep.js', 'build-fresh.js', 'code-cache.js']) copyFileSync(join(ROOT, 'bin', f), join(root, 'bin', f));
    symlinkSync(join(ROOT, 'node_modules'), join(root, 'node_modules'));
    writeFileSync(join(root, 'package.json'), '{"type":"module"}\n');
    mkdirSync(join(root, 'gateway'));
    writeFileSync(join(root, 'gateway', 'main.ts'), "const from: string = 'sources';\nprocess.stdout.write(from);\n");
    mkdirSync(join(root, '.build', 'cli'), { recursive: true });
    writeFileSync(join(root, '.build', 'cli', 'main.js'), "process.stdout.write('bundle');\n");
    writeFileSync(join(root, '.build', 'cli', 'command.cjs'), `// homesweep build ${'e'.repeat(24)}\nprocess.stdout.write('script');\n`);
    writeFileSync(join(root, '.build', 'stamp.json'), JSON.stringify({ sources: ['gateway/main.ts'] }));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  const run = (...args: string[]) => spawnSync(process.execPath, [join(root, 'bin', 'homesweep.js'), ...args], { cwd: root, encoding: 'utf8' });

  it('runs the bundle while no source is newer than the stamp, analyze from the script bundle', () => {
    utimesSync(join(root, 'gateway', 'main.ts'), 1_000, 1_000);
    utimesSync(join(root, '.build', 'stamp.json'), 2_000, 2_000);
    expect(run().stdout).toBe('bundle');
    expect(run('analyze').stdout).toBe('script');
  });

  it('runs the sources through tsx once a source is newer than the build, analyze too', () => {
    utimesSync(join(root, 'gateway', 'main.ts'), 3_000, 3_000);
    const r = run();
    expect(r.stdout).toBe('sources');
    expect(r.status).toBe(0);
    expect(run('analyze').stdout).toBe('sources');
  });
});
