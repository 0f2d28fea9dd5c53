/**
 * `homesweep motion-test --interface IF [--seconds-before N] [--window N] [--mark-after N] [--json]`: listens on
 * the home network, asks the person doing the check to walk past a suspected camera at a marked moment, and
 * says which devices' upload rose within a few seconds of the mark.
 */
import { networkInterfaces } from 'node:os';
import { createInterface } from 'node:readline';
import type { Device } from '../contract.ts';
import { createPacketEngine } from '../capture/engine.ts';
import { readCaptureStream } from '../capture/reader.ts';
import { CaptureSourceError, createTcpdumpSource, tcpdumpArgs } from '../capture/tcpdump-source.ts';
import { loadIdentifier } from '../identify-loader.ts';
import { createInventory } from '../inventory/inventory.ts';
import { motionTest, type MotionReaction } from '../rules/motion-test.ts';
import { formatRate } from '../rules/matchers/upload-runs.ts';
import { deviceLabelText } from '../rules/phrases.ts';
import { isRandomizedMac, lookupVendor } from '../../discovery/oui.ts';
import { assertActiveDiscoveryAllowed, DiscoveryGuardError } from '../../discovery/guard.ts';
import { parseCommandArgs } from './args.ts';
import { UserError } from './errors.ts';
import type { CliCommand, CliIo } from './io.ts';

const USAGE = `Usage: homesweep motion-test --interface IF [--seconds-before N] [--window N] [--mark-after N] [--json]

Finds which devices react when you move: it listens on IF, learns each device's usual upload for a few
seconds, then asks you to walk past the camera (or switch a light on) and press Enter. Devices whose upload
to the internet rises within a few seconds of that moment are listed. It only listens; it sends nothing.

Options:
  --interface IF      network interface to listen on (required outside the HomeSweep lab)
  --seconds-before N  seconds of usual upload to compare with (default 10, 3 to 120)
  --window N          seconds after your mark to look at (default 5, 1 to 30)
  --mark-after N      do not wait for Enter: mark N seconds after listening starts (for scripts; at least
                      --seconds-before)
  --json              print the result as JSON
  --help              show this help
`;

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => { clearTimeout(t); resolve(); }, { once: true });
  });

function wholeNumber(name: string, text: string | undefined, def: number, min: number, max: number): number {
  if (text === undefined) return def;
  if (!/^\d{1,4}$/.test(text) || Number(text) < min || Number(text) > max) throw new UserError(`--${name} must be a whole number from ${min} to ${max}, not "${text}"`);
  return Number(text);
}

function clock(ms: number): string {
  return new Date(ms).toISOString().slice(11, 19);
}

/** One plain sentence per device. */
export function describeReaction(r: MotionReaction, device: Device | undefined): string {
  const label = deviceLabelText(device, 'a device').en;
  const who = label.includes(r.key) ? label : `${label} (${r.key})`;
  const from = formatRate(r.beforeBitsPerSecond);
  const to = formatRate(r.afterBitsPerSecond);
  if (r.reacted) {
    const within = r.reactedAfterSeconds !== undefined ? ` within ${r.reactedAfterSeconds} s of your mark` : ' after your mark';
    return `The upload of ${who} rose from ${from} to ${to}${within} (${r.ratio.toFixed(1)} times).`;
  }
  return `The upload of ${who} stayed about the same (${from} before, ${to} after).`;
}

/** The `motion-test` subcommand (registered in gateway/main.ts). */
export const command: CliCommand = {
  summary: 'which devices react when you walk past (upload rises within seconds)',
  usage: USAGE,
  async run(io: CliIo): Promise<number> {
    const { values, positionals } = parseCommandArgs(
      io.argv,
      { interface: { type: 'string' }, 'seconds-before': { type: 'string' }, window: { type: 'string' }, 'mark-after': { type: 'string' }, json: { type: 'boolean' } },
      false,
    );
    if (positionals.length) throw new UserError(`unexpected argument "${positionals[0]}" (see homesweep motion-test --help)`);
    const before = wholeNumber('seconds-before', values['seconds-before'], 10, 3, 120);
    const window = wholeNumber('window', values.window, 5, 1, 30);
    const markAfter = values['mark-after'] === undefined ? undefined : wholeNumber('mark-after', values['mark-after'], 0, 1, 600);
    try {
      assertActiveDiscoveryAllowed({ interface: values.interface });
    } catch (err) {
      if (err instanceof DiscoveryGuardError) throw new UserError('the motion test listens on a network interface: name it with --interface IF (or run inside the HomeSweep lab)');
      throw err;
    }
    let iface = values.interface;
    if (iface !== undefined) {
      try {
        tcpdumpArgs(iface);
      } catch (err) {
        throw new UserError(`--interface: ${(err as Error).message}`);
      }
      if (!(iface in networkInterfaces())) throw new UserError(`no network interface "${iface}" (have: ${Object.keys(networkInterfaces()).join(', ')})`);
    } else {
      // Inside the lab: the only interface that is not loopback.
      const ext = Object.entries(networkInterfaces()).filter(([, a]) => a?.some((x) => !x.internal));
      if (ext.length !== 1) throw new UserError('name the interface to listen on with --interface IF');
      iface = ext[0]![0];
    }

    const { identify } = loadIdentifier();
    const inventory = createInventory({ vendorOf: lookupVendor, isRandomizedMac, identify });
    const engine = createPacketEngine({ onObservation: (o) => inventory.observe(o) });
    const source = createTcpdumpSource({ interface: iface, log: (m) => io.stderr.write(`[tcpdump] ${m}\n`) });
    let stream;
    try {
      stream = await source.start();
    } catch (err) {
      if (err instanceof CaptureSourceError) throw new UserError(`cannot listen on ${iface}: ${err.message}`);
      throw err;
    }
    const reading = readCaptureStream(stream, engine);
    const say = (m: string) => { if (!values.json) io.stdout.write(`${m}\n`); };
    let markMs: number;
    try {
      const startMs = Date.now();
      if (markAfter !== undefined) {
        say(`Listening on ${iface}. The mark will be in ${markAfter} s.`);
        await sleep(markAfter * 1000, io.stopSignal);
      } else {
        say(`Listening on ${iface} for ${before} s to learn each device's usual upload. Stay out of view of the camera.`);
        await sleep(before * 1000, io.stopSignal);
        say('Walk past the camera now, then press Enter.');
        const rl = createInterface({ input: process.stdin });
        await new Promise<void>((resolve) => {
          rl.once('line', () => resolve());
          rl.once('close', () => resolve());
          io.stopSignal.addEventListener('abort', () => resolve(), { once: true });
        });
        rl.close();
      }
      markMs = Date.now();
      // Scripts wait for this line to make the motion happen.
      io.stdout.write(`${values.json ? JSON.stringify({ type: 'mark', at: new Date(markMs).toISOString() }) : `Mark at ${clock(markMs)}.`}\n`);
      if (markMs - startMs < before * 1000) say(`(Only ${Math.round((markMs - startMs) / 1000)} s of usual upload before the mark: the comparison is rougher.)`);
      // The window, and a second for the last packets to come through tcpdump.
      await sleep((window + 1) * 1000, io.stopSignal);
    } finally {
      await source.stop();
      await reading.catch(() => undefined);
    }
    engine.finish();
    const gw = engine.gatewayMac();
    if (gw) inventory.setGateway({ mac: gw });
    const devices = inventory.devices();
    const reactions = motionTest(engine.uploadSeries(), markMs, { windowSeconds: window, before });
    const deviceOf = (key: string) => devices.find((d) => d.mac === key || d.ips.includes(key));
    if (values.json) {
      io.stdout.write(`${JSON.stringify({ type: 'result', mark: new Date(markMs).toISOString(), reactions: reactions.map((r) => ({ ...r, device: deviceOf(r.key)?.id, label: deviceLabelText(deviceOf(r.key), r.key).en })) })}\n`);
      return 0;
    }
    const reacted = reactions.filter((r) => r.reacted);
    say('');
    if (reacted.length === 0) say(`No device's upload rose within ${window} s of your mark. You can try again, closer to the camera or with a light switched on.`);
    else say(`${reacted.length === 1 ? 'One device' : `${reacted.length} devices`} reacted to your mark:`);
    for (const r of reacted) say(`  ${describeReaction(r, deviceOf(r.key))}`);
    const others = reactions.filter((r) => !r.reacted);
    if (others.length) {
      say('');
      say('Other devices that were uploading:');
      for (const r of others) say(`  ${describeReaction(r, deviceOf(r.key))}`);
    }
    if (reacted.length) say('\nA device that reacts can see (or hear) that spot. This does not tell who watches it; its app may show who has access.');
    return 0;
  },
};
