#!/usr/bin/env node
// Entry point of the `homesweep` command. `npm run build` (run by `npm start` and by the test runner) compiles the
// TypeScript sources to JavaScript beside them and bundles the command (.build/cli/, bin/bundle.js); that build is
// used only while it is newer than every source. When a source changed since the build, the sources run as they are
// through tsx (slower start, never stale code). analyze runs from the build's script bundle with its V8 code cache
// (bin/code-cache.js) when the build has one.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildIsFresh } from './build-fresh.js';

if (buildIsFresh()) {
  const script = new URL('../.build/cli/command.cjs', import.meta.url);
  if (process.argv[2] === 'analyze' && existsSync(script)) {
    const { runCommandScript } = await import('./code-cache.js');
    const cache = new URL('../.build/cli/command.cache', import.meta.url);
    const how = runCommandScript(fileURLToPath(script), fileURLToPath(cache), script.href, process.env.HOMESWEEP_CODE_CACHE === 'write');
    if (process.env.HOMESWEEP_CODE_CACHE === 'show') process.stderr.write(`code cache: ${how}\n`);
  } else {
    const bundle = new URL('../.build/cli/main.js', import.meta.url);
    await import(existsSync(bundle) ? bundle.href : '../gateway/main.js');
  }
} else {
  if (process.stderr.isTTY) process.stderr.write('homesweep: the sources changed since the last build; running them directly (npm run build makes start-up faster)\n');
  const { register } = await import('tsx/esm/api');
  register();
  await import('../gateway/main.ts');
}
