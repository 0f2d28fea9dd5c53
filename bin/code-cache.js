// The command as one classic script (.build/cli/command.cjs, written by bin/bundle.js) run through V8 with the code
// cache the build wrote for it (command.cache): V8 then skips parsing and compiling the functions a run needs, which
// Node 20 cannot do for ES modules. Measured on analyze of the 1.6 MB lab capture: 0.27 → 0.22 s of CPU (user+sys,
// median of 9). Plain JavaScript: it runs before anything is compiled.
//
// The cache is used only with the script of the same build: both start with the build's id, and a cache from another
// build is not given to V8 (V8 itself checks only the source's length). V8 refuses a cache made by another Node or
// under other V8 flags; the script is then compiled as usual, so a refused cache only costs the time it saves.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { setFlagsFromString } from 'node:v8';
import { Script } from 'node:vm';

/** The first line of the script: `// homesweep build <id>`; the cache file starts with `<id>\n`. */
const ID_LINE = /^\/\/ homesweep build ([0-9a-f]{16,})\n/;

/**
 * The cache bytes for `source` when `cache` (a whole cache file) was written for the same build, else undefined.
 * Exported for the tests.
 */
export function cacheFor(source, cache) {
  const id = ID_LINE.exec(source)?.[1];
  if (!id || !cache || cache.length <= id.length + 1) return undefined;
  if (cache.toString('latin1', 0, id.length + 1) !== `${id}\n`) return undefined;
  return cache.subarray(id.length + 1);
}

/**
 * Runs the script `file` (a CommonJS bundle; `metaUrl` stands in for its modules' `import.meta.url`) with the code
 * cache `cacheFile` when that belongs to it. `write`: instead, write that cache when the process exits (the build's
 * training run). Returns whether V8 took the cache: 'used', 'refused' (by V8), 'none' (no cache of this build),
 * or 'writing'.
 */
export function runCommandScript(file, cacheFile, metaUrl, write = false) {
  const source = readFileSync(file, 'utf8');
  let cachedData;
  if (!write) {
    try {
      cachedData = cacheFor(source, readFileSync(cacheFile));
    } catch {
      cachedData = undefined; // no cache: compiled as usual
    }
  }
  const script = new Script(`(function (exports, require, module, __hsBundleUrl, __hsImport) {${source}\n})`, {
    filename: file,
    ...(cachedData ? { cachedData } : {}),
  });
  if (write) {
    process.once('exit', () => {
      // V8 takes a cache only under the flags it was made with: those of a process starting, before the command's
      // own settings (gateway/util/small-run.ts) changed them.
      setFlagsFromString('--opt');
      setFlagsFromString('--semi-space-growth-factor=2');
      const tmp = `${cacheFile}.${process.pid}.tmp`;
      writeFileSync(tmp, Buffer.concat([Buffer.from(`${ID_LINE.exec(source)[1]}\n`, 'latin1'), script.createCachedData()]));
      renameSync(tmp, cacheFile);
    });
  }
  const module = { exports: {} };
  // The script's import() calls (bin/bundle.js): relative ones from the script's place, packages as from here.
  const load = (specifier) => import(specifier.startsWith('.') ? new URL(specifier, metaUrl).href : specifier);
  script.runInThisContext()(module.exports, createRequire(file), module, metaUrl, load);
  return write ? 'writing' : !cachedData ? 'none' : script.cachedDataRejected ? 'refused' : 'used';
}
