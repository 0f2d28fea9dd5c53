/**
 * `homesweep lab up|down|status|exec|motion`: the simulated home (network namespaces, simulated devices) for
 * demos, training and tests. The lab code lives in test/lab/ and is loaded only when this command runs.
 */
import { spawn } from 'node:child_process';
import { parseCommandArgs } from './args.ts';
import { UserError } from './errors.ts';
import type { CliCommand, CliIo } from './io.ts';

const USAGE = `Usage: homesweep lab <up|down|status|exec|motion> [options]

A simulated home in Linux network namespaces (hl-*): a bridge, the home router (hl-gw, 10.77.0.1, with UPnP
IGD), a simulated internet (hl-cloud) and one namespace per device. Nothing touches the machine's real
network interfaces. Needs root.

  lab up [--scenario home-12|home-50|FILE] [--seconds N]
                        build the lab (tearing down an old one first) and start the devices; prints the devices
  lab down              stop every lab process and delete the lab namespaces
  lab status            show the lab namespaces, their processes and the devices
  lab exec -- CMD...    run CMD inside the router namespace hl-gw, e.g.
                        homesweep lab exec -- tcpdump -i eth0 -w home.pcap
  lab motion DEVICE     a camera "motion" burst: its upload speeds up for a few seconds
`;

type LabModule = typeof import('../../test/lab/lab.ts');

async function loadLab(): Promise<LabModule> {
  const lab = await import('../../test/lab/lab.ts');
  try {
    lab.assertRoot();
  } catch (err) {
    throw new UserError((err as Error).message);
  }
  return lab;
}

async function refuseIfLocked(): Promise<void> {
  const { labLockHolder } = await import('../../test/lab/lab-lock.ts');
  const pid = labLockHolder();
  if (pid !== null) throw new UserError(`the lab is in use by a test run (process ${pid}); try again when it ends`);
}

async function up(io: CliIo, argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, { scenario: { type: 'string' }, seconds: { type: 'string' } }, false);
  void positionals;
  let seconds: number | undefined;
  if (values.seconds !== undefined) {
    seconds = Number(values.seconds);
    if (!Number.isInteger(seconds) || seconds < 5 || seconds > 86_400) throw new UserError(`--seconds: expected a whole number from 5 to 86400, got "${values.seconds}"`);
  }
  const { loadScenario, ScenarioError } = await import('../../test/lab/scenario-load.ts');
  let scenario;
  try {
    scenario = loadScenario(values.scenario ?? 'home-12');
  } catch (err) {
    if (err instanceof ScenarioError) throw new UserError(err.message);
    throw err;
  }
  const lab = await loadLab();
  await refuseIfLocked();
  const handle = await lab.labUp(scenario, { seconds, log: (line) => io.stderr.write(`lab: ${line}\n`) });
  io.stdout.write(`Lab "${scenario.name}" is up for ${handle.state.seconds} s. Router 10.77.0.1 (namespace hl-gw), cloud resolver 198.19.0.53.\n\n`);
  io.stdout.write(lab.formatDeviceTable(handle.state));
  io.stdout.write('\nCapture with: homesweep lab exec -- tcpdump -i eth0 -w home.pcap    Stop with: homesweep lab down\n');
  return 0;
}

async function status(io: CliIo): Promise<number> {
  const lab = await loadLab();
  const s = await lab.labStatus();
  if (!s.namespaces.length) {
    io.stdout.write('The lab is down.\n');
    return 0;
  }
  io.stdout.write(`Namespaces: ${s.namespaces.map((n) => `${n.name} (${n.processes} proc)`).join(', ')}\n`);
  if (s.state) {
    io.stdout.write(`Scenario "${s.state.scenario}", started ${s.state.startedAt}, runs ${s.state.seconds} s.\n\n`);
    io.stdout.write(lab.formatDeviceTable(s.state));
  }
  return 0;
}

async function exec(io: CliIo, argv: string[]): Promise<number> {
  const cmd = argv[0] === '--' ? argv.slice(1) : argv;
  if (!cmd.length) throw new UserError('exec needs a command, e.g. homesweep lab exec -- tcpdump -i eth0 -w home.pcap');
  const lab = await loadLab();
  const s = await lab.labStatus();
  if (!s.namespaces.some((n) => n.name === 'hl-gw')) throw new UserError('the lab is down (run homesweep lab up first)');
  const child = spawn('ip', ['netns', 'exec', 'hl-gw', ...cmd], { stdio: ['inherit', 'pipe', 'pipe'] });
  child.stdout.pipe(io.stdout, { end: false });
  child.stderr.pipe(io.stderr, { end: false });
  // Ctrl-C reaches the child through the terminal too; SIGINT here covers non-interactive stops (tcpdump flushes).
  const onStop = () => child.kill('SIGINT');
  io.stopSignal.addEventListener('abort', onStop, { once: true });
  return new Promise((resolve) => {
    child.on('error', (err) => {
      io.stderr.write(`homesweep lab exec: ${cmd[0]}: ${err.message}\n`);
      resolve(127);
    });
    child.on('close', (code, sig) => {
      io.stopSignal.removeEventListener('abort', onStop);
      resolve(code ?? (sig ? 128 : 1));
    });
  });
}

export const command: CliCommand = {
  summary: 'the simulated home lab in network namespaces (up, down, status, exec, motion)',
  usage: USAGE,
  async run(io: CliIo): Promise<number> {
    const [sub, ...rest] = io.argv;
    switch (sub) {
      case 'up':
        return up(io, rest);
      case 'down': {
        parseCommandArgs(rest, {}, false);
        const lab = await loadLab();
        await refuseIfLocked();
        const r = await lab.labDown();
        io.stdout.write(r.namespaces ? `Lab down: ${r.namespaces} namespaces and ${r.processes} processes removed.\n` : 'The lab was already down.\n');
        return 0;
      }
      case 'status':
        parseCommandArgs(rest, {}, false);
        return status(io);
      case 'exec':
        return exec(io, rest);
      case 'motion': {
        const { positionals } = parseCommandArgs(rest, {});
        if (positionals.length !== 1) throw new UserError('motion needs one device name (see homesweep lab status)');
        const lab = await loadLab();
        try {
          const d = lab.labMotion(positionals[0]);
          io.stdout.write(`Motion burst started on ${d.name} (${d.ip}).\n`);
        } catch (err) {
          throw new UserError((err as Error).message);
        }
        return 0;
      }
      default:
        throw new UserError(sub ? `unknown lab command "${sub}" (up, down, status, exec, motion)` : 'needs a lab command: up, down, status, exec or motion');
    }
  },
};
