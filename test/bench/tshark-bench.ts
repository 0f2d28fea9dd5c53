/**
 * The baseline: tshark extracting the same fields the analyser needs. tshark is slow (thousands of
 * packets per second on this traffic), so by default it reads a prefix of the capture cut at a record
 * boundary, and its rate is computed from that prefix.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchContext, BenchResult, Benchmark } from './bench-types.ts';
import { measureCommand } from './measure.ts';
import { writePcapPrefix } from './pcap-prefix.ts';

/** The fields extracted, matching what `homesweep analyze` reads from each packet. */
export const TSHARK_FIELDS = [
  'frame.time_epoch', 'eth.src', 'eth.dst', 'ip.src', 'ip.dst', 'tcp.srcport', 'tcp.dstport',
  'udp.srcport', 'udp.dstport', 'dns.qry.name', 'tls.handshake.extensions_server_name', 'dhcp.option.hostname',
];

interface Input {
  path: string;
  bytes: number;
  packets: number;
  prefix: boolean;
}

function prepareInput(ctx: BenchContext): Input {
  const { capture, options, workDir } = ctx;
  const full = { path: capture.path, bytes: capture.truth.fileBytes, packets: capture.truth.packets, prefix: false };
  if (options.tsharkBytes === null || options.tsharkBytes >= full.bytes) return full;
  const path = join(workDir, `tshark-prefix-${options.tsharkBytes}-${capture.truth.fileBytes}.${options.format}`);
  if (options.format === 'pcap') {
    const r = writePcapPrefix(capture.path, path, options.tsharkBytes);
    return { path, bytes: r.bytes, packets: r.packets, prefix: true };
  }
  // pcapng: let editcap keep the first K packets, K scaled from the byte share.
  const k = Math.max(1, Math.floor((full.packets * options.tsharkBytes) / full.bytes));
  execFileSync('editcap', ['-F', 'pcapng', '-r', capture.path, path, `1-${k}`], { stdio: 'ignore' });
  return { path, bytes: statSync(path).size, packets: k, prefix: true };
}

/** Benchmark of `tshark -T fields` over the capture or its prefix. */
export const tsharkBench: Benchmark = {
  name: 'tshark-fields',
  description: `tshark -n -r FILE -T fields (${TSHARK_FIELDS.length} fields) > /dev/null`,
  async run(ctx: BenchContext): Promise<BenchResult> {
    if (!existsSync('/usr/bin/tshark')) return { name: this.name, status: 'unavailable', note: 'tshark-fields: tshark is not installed' };
    const input = prepareInput(ctx);
    const argv = ['tshark', '-n', '-r', input.path, '-T', 'fields', ...TSHARK_FIELDS.flatMap((f) => ['-e', f])];
    const m = await measureCommand(argv);
    if (m.exitCode !== 0) return { name: this.name, status: 'failed', note: `tshark-fields: exit ${m.exitCode}: ${m.stderrTail}` };
    const mb = (input.bytes / 1048576).toFixed(0);
    const note = input.prefix
      ? `tshark-fields: ran on a ${mb} MiB prefix (${input.packets} packets) of the capture; its rate is from that prefix ` +
        `(--tshark-bytes all for the whole file). tshark keeps per-packet state, so its RSS on the whole file would be higher`
      : `tshark-fields: whole file (${mb} MiB, ${input.packets} packets)`;
    return { name: this.name, status: 'ok', wallS: m.wallS, packets: input.packets, bytes: input.bytes, peakRssMb: m.peakRssMb, note: `${note}; RSS by ${m.rssMethod}` };
  },
};
