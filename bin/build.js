#!/usr/bin/env node
// `npm run build`: compiles the TypeScript sources to JavaScript beside them (tsconfig.build.json), writes the
// YAML parse cache of the built-in knowledge (.build/yaml-cache.json) and, for each profile, rule and phrases file,
// what its schema returned (.build/knowledge-checked.json; the compiled loaders then skip validation of unchanged
// files), then the stamp that bin/build-fresh.js checks.
// Each file is written to a temporary name and renamed, so a build cut short never leaves a half-written one; the
// stamp comes last, so an interrupted build is simply not used (only analyze's code cache follows it: the stamped
// command writes it, and without it the command compiles as usual).
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative, sep } from 'node:path';
import { ROOT, STAMP } from './build-fresh.js';
import { bundleCli, CACHE_FILE, CLI_DIR } from './bundle.js';

const BUILD_DIR = join(ROOT, '.build');
const KNOWLEDGE_DIRS = ['device-profiles', 'pcap-rules', 'gateway'];

function writeAtomic(file, text) {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, file);
}

function yamlFiles(dir, out = []) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, e.name);
    if (e.isDirectory()) yamlFiles(full, out);
    else if (/\.ya?ml$/.test(e.name)) out.push(full);
  }
  return out;
}

mkdirSync(BUILD_DIR, { recursive: true });
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const run = spawnSync(process.execPath, [tsc, '-p', join(ROOT, 'tsconfig.build.json'), '--listFiles'], { encoding: 'utf8', maxBuffer: 64 << 20 });
if (run.status !== 0) {
  process.stderr.write(run.stdout + run.stderr);
  process.stderr.write('build: compiling the TypeScript sources failed\n');
  process.exit(1);
}
const sources = run.stdout
  .split('\n')
  .filter((f) => f.startsWith(ROOT) && !f.includes(`${sep}node_modules${sep}`) && f.endsWith('.ts') && !f.endsWith('.d.ts'))
  .map((f) => relative(ROOT, f).split(sep).join('/'));

const { parse } = await import('yaml');
const files = {};
for (const dir of KNOWLEDGE_DIRS) {
  for (const file of yamlFiles(join(ROOT, dir))) {
    let data;
    try {
      data = parse(readFileSync(file, 'utf8'), { prettyErrors: true });
    } catch {
      continue; // the loader reports it at run time, as it would without a cache
    }
    const st = statSync(file);
    files[relative(ROOT, file).split(sep).join('/')] = { size: st.size, mtimeMs: st.mtimeMs, data };
  }
}
const cacheFile = join(BUILD_DIR, 'yaml-cache.json');
writeAtomic(cacheFile, JSON.stringify({ version: 3, files }));
// The built-in knowledge loaded once by the compiled loaders, recording each successful schema check.
const { recordCheckedKnowledge } = await import('../gateway/util/yaml-cache.js');
const { loadProfiles } = await import('../device-profiles/load.js');
const { loadRules } = await import('../pcap-rules/load.js');
let checked = {};
try {
  checked = recordCheckedKnowledge(() => {
    loadProfiles();
    loadRules();
  });
} catch (err) {
  // A broken built-in file (e.g. phrases.yaml) is reported by the loaders at run time, with its name, as without the
  // build; the build only stores no checked results.
  process.stderr.write(`build: the built-in knowledge did not load (${String(err.message).split('\n')[0]}); nothing checked is stored\n`);
}
// What the schemas returned, in a file of its own (gateway/util/yaml-cache.ts): the compiled loaders read only it.
writeAtomic(join(BUILD_DIR, 'knowledge-checked.json'), JSON.stringify({ version: 3, files: checked }));
// The IEEE registry in 256 shards by first byte, for discovery/oui.ts (one small file read per lookup, no 5.6 MB parse).
const ouiDir = join(BUILD_DIR, 'oui');
mkdirSync(ouiDir, { recursive: true });
const registry = JSON.parse(readFileSync(createRequire(import.meta.url).resolve('oui-data'), 'utf8'));
const shards = new Map();
for (const [prefix, text] of Object.entries(registry)) {
  const org = String(text).split('\n')[0].trim().replace(/\t/g, ' ');
  if (!org) continue;
  const id = prefix.slice(0, 2).toUpperCase();
  if (!shards.has(id)) shards.set(id, []);
  shards.get(id).push(`${prefix.toUpperCase()}\t${org}`);
}
for (const [id, lines] of shards) writeAtomic(join(ouiDir, `${id}.tsv`), lines.join('\n') + '\n');

// The command's modules in a few files (.build/cli/), for a faster start.
const bundled = await bundleCli(ROOT);

// package-lock.json is listed too: new dependencies (or a new registry) make the build stale.
writeAtomic(STAMP, JSON.stringify({ sources: [...sources, 'package-lock.json'] }, null, 1));
// The code cache of analyze's script (bin/code-cache.js): written by one analysis of the demo capture, with the build
// stamped (the command runs the build only then), and checked by a second run: V8 must take it.
let codeCache = '';
if (bundled) {
  const analyze = (mode) =>
    spawnSync(process.execPath, [join(ROOT, 'bin', 'homesweep.js'), 'analyze', join(ROOT, 'demo', 'demo-home.pcap'), '--json'], {
      env: { ...process.env, HOMESWEEP_CODE_CACHE: mode },
      encoding: 'utf8',
      stdio: ['ignore', 'ignore', 'pipe'],
    });
  const wrote = analyze('write');
  const used = wrote.status === 0 ? /^code cache: (\w+)$/m.exec(analyze('show').stderr)?.[1] : undefined;
  codeCache = used === 'used' ? ', code cache written' : `, no code cache (${wrote.status === 0 ? `V8 answered ${used ?? 'nothing'}` : 'the analysis failed'})`;
  if (used !== 'used') rmSync(join(ROOT, CLI_DIR, CACHE_FILE), { force: true });
}
process.stdout.write(`build: ${sources.length} modules compiled, ${Object.keys(files).length} knowledge files cached (${Object.keys(checked).length} checked)${bundled ? ', command bundled' : ''}${codeCache}\n`);
