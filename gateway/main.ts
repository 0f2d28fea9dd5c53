/**
 * `homesweep` entry point: argv, environment and signals only. Each subcommand lives in gateway/cli/<name>.ts
 * and exports `command: CliCommand`; only the command that runs is loaded.
 */
import { UserError } from './cli/errors.ts';
import type { CliCommand, CliIo } from './cli/io.ts';
import { holdYoungGeneration } from './util/small-run.ts';

/**
 * Commands whose memory is measured small (util/small-run.ts): analyze (which lets go for a large capture) and
 * start (which lets go once the gateway runs). The others keep V8's default, e.g. motion-test's live capture.
 */
const HOLD_YOUNG_GENERATION = new Set(['analyze', 'start']);

const COMMANDS: Record<string, { summary: string; load: () => Promise<{ command: CliCommand }> }> = {
  analyze: { summary: 'offline audit of a capture file (pcap or pcapng)', load: () => import('./cli/analyze.ts') },
  discover: { summary: 'one round of live discovery on the home network', load: () => import('./cli/discover.ts') },
  indicators: { summary: 'update or show the stalkerware indicator lists', load: () => import('./cli/indicators.ts') },
  lab: { summary: 'the simulated home lab in network namespaces (up, down, status)', load: () => import('./cli/lab.ts') },
  start: { summary: 'run the gateway and its web checklist', load: () => import('./cli/start.ts') },
  'mqtt-audit': { summary: 'read-only audit of the home\'s MQTT broker', load: () => import('./cli/mqtt-audit.ts') },
  'motion-test': { summary: 'which devices react when you walk past a camera', load: () => import('./cli/motion-test.ts') },
  export: { summary: 'write an audit export for a helper or for yourself (redacted, encrypted)', load: () => import('./cli/export.ts') },
  import: { summary: 'check an audit export (and decrypt it) before opening it', load: () => import('./cli/import.ts') },
  report: { summary: 'write the printable report of an audit (HTML or PDF)', load: () => import('./cli/report.ts') },
  diff: { summary: 'what changed between two audits', load: () => import('./cli/diff.ts') },
};

function help(): string {
  const lines = ['HomeSweep: find the connected devices in a home and what can watch, listen, track or control.', '', 'Usage: homesweep <command> [options]', '', 'Commands:'];
  for (const [name, cmd] of Object.entries(COMMANDS)) lines.push(`  ${name.padEnd(10)} ${cmd.summary}`);
  lines.push('', 'Run `homesweep <command> --help` for the options of one command.');
  return lines.join('\n') + '\n';
}

async function main(): Promise<number> {
  const [name, ...rest] = process.argv.slice(2);
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(help());
    return name ? 0 : 2;
  }
  const entry = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!entry) {
    process.stderr.write(`homesweep: unknown command "${name}" (try homesweep --help)\n`);
    return 2;
  }
  if (HOLD_YOUNG_GENERATION.has(name)) holdYoungGeneration();
  const { command } = await entry.load();
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(command.usage.endsWith('\n') ? command.usage : command.usage + '\n');
    return 0;
  }
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const io: CliIo = { argv: rest, stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env, stopSignal: stop.signal };
  try {
    return await command.run(io);
  } catch (err) {
    if (err instanceof UserError) {
      process.stderr.write(`homesweep ${name}: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`homesweep: internal error: ${(err as Error).stack ?? err}\n`);
    process.exitCode = 1;
  },
);
