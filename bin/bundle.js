// Part of `npm run build`: bundles the command's entry (gateway/main.ts) and every module it can load into
// .build/cli/ with esbuild (which comes with vite), one chunk per command plus shared chunks, so starting a command
// reads a few files instead of resolving and compiling ~150 modules one by one. Measured on analyze of the 1.6 MB lab
// capture: 0.33 s of CPU (user+sys, median of 9) instead of 0.43 s for the unbundled compiled JavaScript.
//
// Each source's `import.meta.url` is rewritten to the URL of its compiled file beside the source, so the paths a
// module finds from its own place (knowledge folders, the web page, the age worker) are the same bundled or not.
// Packages stay outside the bundle and load as before, except the few on every command's path that bundle cleanly.
import { randomBytes } from 'node:crypto';
import { rmSync, renameSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';

/** Packages taken into the bundle: pure JavaScript, no files found at run time, loaded by analyze. */
const BUNDLED = new Set(['zod', 'dns-packet', '@leichtgewicht/ip-codec']);

/** The bundle's folder; bin/homesweep.js runs `main.js` from it when the build is fresh. */
export const CLI_DIR = '.build/cli';

/** The commands bin/homesweep.js runs from the script bundle, and its file in CLI_DIR (its code cache: CACHE_FILE). */
export const SCRIPT_COMMANDS = new Set(['analyze']);
export const SCRIPT_FILE = 'command.cjs';
export const CACHE_FILE = 'command.cache';

/**
 * esbuild plugin: packages outside BUNDLED stay external; each source's `import.meta.url` becomes the URL of its
 * compiled file beside the source, found from `base` (the bundle's own URL).
 */
function sourcePaths(out, base) {
  return {
    name: 'homesweep-paths',
    setup(b) {
      b.onResolve({ filter: /^[^./]/ }, (args) => {
        if (args.path.startsWith('node:')) return { external: true };
        const name = args.path.startsWith('@') ? args.path.split('/').slice(0, 2).join('/') : args.path.split('/')[0];
        return BUNDLED.has(name) ? undefined : { external: true };
      });
      b.onLoad({ filter: /\.ts$/ }, async (args) => {
        if (args.path.includes(`${sep}node_modules${sep}`)) return undefined;
        const compiled = relative(out, args.path).split(sep).join('/').replace(/\.ts$/, '.js');
        const text = (await readFile(args.path, 'utf8')).replaceAll('import.meta.url', `new URL(${JSON.stringify(compiled)}, ${base}).href`);
        return { contents: text, loader: 'ts' };
      });
    },
  };
}

/** Writes the bundle to `root`/.build/cli; false (and the reason on stderr) when esbuild is not installed. */
export async function bundleCli(root) {
  const out = join(root, CLI_DIR);
  let esbuild;
  try {
    esbuild = await import('esbuild');
  } catch (err) {
    rmSync(out, { recursive: true, force: true }); // never an older build's bundle beside this build's stamp
    process.stderr.write(`build: no bundle (esbuild not available: ${err.message.split('\n')[0]}); the compiled modules are used\n`);
    return false;
  }
  const tmp = `${out}.${process.pid}.tmp`;
  rmSync(tmp, { recursive: true, force: true });
  await esbuild.build({
    entryPoints: [join(root, 'gateway', 'main.ts')],
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    outdir: tmp,
    chunkNames: 'chunk-[hash]',
    logLevel: 'warning',
    // CommonJS packages inside an ES module bundle call require(); give them Node's.
    banner: { js: "import { createRequire as __hsCreateRequire } from 'node:module'; const require = __hsCreateRequire(import.meta.url);" },
    plugins: [sourcePaths(out, 'import.meta.url')],
  });
  // analyze (SCRIPT_COMMANDS) as one classic script, run with a V8 code cache (bin/code-cache.js). Its modules' own
  // place is given to the script as __hsBundleUrl (a classic script has no import.meta); the other commands are left
  // out (main.ts imports them dynamically): they load their compiled modules if this script is ever asked for one.
  const script = await esbuild.build({
    entryPoints: [join(root, 'gateway', 'main.ts')],
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    outdir: tmp,
    entryNames: SCRIPT_FILE.replace(/\.cjs$/, ''),
    outExtension: { '.js': '.cjs' },
    write: false,
    logLevel: 'warning',
    banner: { js: `// homesweep build ${randomBytes(12).toString('hex')}` },
    define: { 'import.meta.url': '__hsBundleUrl' },
    plugins: [
      {
        name: 'homesweep-script-commands',
        setup(b) {
          b.onResolve({ filter: /^\.\/cli\/[a-z-]+\.ts$/ }, (args) => {
            if (args.kind !== 'dynamic-import' || !args.importer.endsWith(`${sep}gateway${sep}main.ts`) || SCRIPT_COMMANDS.has(args.path.slice(6, -3))) return undefined;
            return { path: `../../gateway/cli/${args.path.slice(6, -3)}.js`, external: true };
          });
        },
      },
      sourcePaths(out, '__hsBundleUrl'),
    ],
  });
  // A classic script's import() needs a Node flag (--experimental-vm-modules) or warns; the ones left (packages and
  // the other commands) go through __hsImport, the loader's own import() (bin/code-cache.js).
  const [file] = script.outputFiles;
  writeFileSync(file.path, file.text.replace(/(?<![\w$.])import\("/g, '__hsImport("'));
  rmSync(out, { recursive: true, force: true });
  renameSync(tmp, out);
  return true;
}
