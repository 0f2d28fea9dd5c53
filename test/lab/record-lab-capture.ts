/**
 * What the fixture-capture scripts (make-demo-capture.ts, make-planted-capture.ts) share: under the lab lock, bring
 * a scenario up with its devices held back, start tcpdump on the router's LAN interface (hl-gw eth0), start the
 * devices, let the script act during the capture, stop at `seconds`, tear the lab down, trim bulk TCP payloads
 * (pcap-trim.ts) so the file stays small while frame lengths stay real, and write the pcap and its ground truth
 * (`<out>.truth.json`). Needs root; sends only inside the lab's namespaces.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startCapture } from './capture.ts';
import { acquireLabLock } from './lab-lock.ts';
import { labDown, labUp } from './lab.ts';
import { trimBulkTcp } from './pcap-trim.ts';
import type { Scenario } from './scenario-schema.ts';

/** The command line both scripts take: `[--seconds N] [--out FILE]`, with their own defaults. */
export function captureArgs(defaults: { seconds: number; out: string }): { seconds: number; out: string } {
  const { values } = parseArgs({ options: { seconds: { type: 'string', default: String(defaults.seconds) }, out: { type: 'string', default: defaults.out } } });
  return { seconds: Number(values.seconds), out: resolve(values.out!) };
}

/** One recording: the scenario, its length, where it goes, and what the script does around the capture. */
export interface LabCaptureRecipe {
  scenario: Scenario;
  seconds: number;
  /** The pcap to write (absolute); the truth goes next to it as `.truth.json`. */
  out: string;
  /** Largest trimmed capture accepted, in MB. */
  maxMegabytes: number;
  /** Prefix of the scratch folder under the system temp folder. */
  tmpPrefix: string;
  /** Runs once the devices have started (`t0` is then); the capture stops `seconds` after `t0`. */
  during?: (ctx: { t0: number; dir: string }) => Promise<void> | void;
  /** Runs after tcpdump stopped and before the lab goes down (e.g. to print a helper's log from `dir`). */
  afterCapture?: (dir: string) => void;
  /** The ground-truth document written next to the pcap. */
  truth: () => unknown;
}

/** Records the capture and writes the pcap and its truth; throws when the trimmed file is too big. */
export async function recordLabCapture(r: LabCaptureRecipe): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), r.tmpPrefix));
  const raw = join(dir, 'raw.pcap');
  const release = await acquireLabLock();
  try {
    const lab = await labUp(r.scenario, { seconds: r.seconds + 15, deferDevices: true, log: (l) => console.error(`lab: ${l}`) });
    const capture = await startCapture({ file: raw });
    const t0 = Date.now();
    await lab.startDevices();
    await r.during?.({ t0, dir });
    await new Promise((res) => setTimeout(res, Math.max(0, r.seconds * 1000 - (Date.now() - t0))));
    const packets = await capture.stop();
    r.afterCapture?.(dir);
    await labDown();
    const result = trimBulkTcp(readFileSync(raw));
    if (!result) throw new Error('tcpdump wrote a file that is not a classic pcap');
    if (result.pcap.length > r.maxMegabytes * 1024 * 1024) throw new Error(`trimmed capture is ${result.pcap.length} bytes, over ${r.maxMegabytes} MB: use fewer --seconds`);
    writeFileSync(r.out, result.pcap);
    writeFileSync(r.out.replace(/\.pcap$/, '.truth.json'), JSON.stringify(r.truth(), null, 2) + '\n');
    console.log(`${r.out}: ${packets} packets, ${result.trimmed} bulk segments trimmed, ${result.pcap.length} bytes`);
  } finally {
    await labDown().catch(() => undefined);
    release();
    rmSync(dir, { recursive: true, force: true });
  }
}
