/** `homesweep analyze FILE [--json] [--indicators PATH]`: an offline audit of a pcap or pcapng capture. */
import { statSync } from 'node:fs';
import { loadRules } from '../../pcap-rules/load.ts';
import type { IndicatorMatcher } from '../rules/indicators/matcher.ts';
import type { IndicatorLoadResult } from '../rules/indicators/types.ts';
import { analyzeCapture, type AnalyzeResult } from '../audit/analyze-capture.ts';
import { CaptureFormatError } from '../capture/types.ts';
import { loadIdentifier } from '../identify-loader.ts';
import { parseCommandArgs } from './args.ts';
import { describeDevice } from './device-text.ts';
import { describeHint } from '../audit/hint-text.ts';
import { UserError } from './errors.ts';
import { releaseYoungGeneration, skipOptimisingCompiler } from '../util/small-run.ts';
import { createProgressBar, formatBytes, formatDuration } from './format.ts';
import type { CliCommand, CliIo } from './io.ts';
import { findingLines, visibilityLines } from './verdict-text.ts';
import { DEFAULT_INDICATORS_DIR } from '../rules/indicators/types.ts';

/** Where `homesweep indicators update` keeps its copy (the same default as that command). */

const USAGE = `Usage: homesweep analyze FILE|- [--json] [--indicators PATH] [--previous AUDIT [--data DIR]]

Reads a pcap or pcapng capture (- reads it from standard input, e.g. ssh router tcpdump -w - | homesweep analyze -) and lists the devices of the home it shows: what each one is, its names, whom
it talked to, and what the detection rules found. Nothing is sent on the network.

Options:
  --json               print the audit export document (format "homesweep.audit") instead of the summary
  --indicators PATH    stalkerware indicator file or folder (default ${DEFAULT_INDICATORS_DIR} when present)
  --previous AUDIT     an earlier audit of the same home (an export file, or an audit id in --data): devices
                       it did not have are reported as new
  --data DIR           the data folder of homesweep start, for --previous ids (default ./homesweep-data)
  --help               show this help
`;

const PROGRESS_MIN_BYTES = 8 * 1024 * 1024;

/**
 * Below this size a capture is analysed with V8's young generation held at its size (util/small-run.ts);
 * larger captures, and standard input (of unknown size), let it grow as V8 does, which pays off over many packets.
 */
const SMALL_CAPTURE_BYTES = 16 * 1024 * 1024;

/** Below this size the analysis runs without V8's optimising compiler (util/small-run.ts: measured to pay only below). */
const SHORT_ANALYSIS_BYTES = 4 * 1024 * 1024;

export const command: CliCommand = {
  summary: 'offline audit of a capture file (pcap or pcapng)',
  usage: USAGE,
  async run(io: CliIo): Promise<number> {
    const { values, positionals } = parseCommandArgs(io.argv, { json: { type: 'boolean' }, indicators: { type: 'string' }, previous: { type: 'string' }, data: { type: 'string' } });
    if (positionals.length !== 1) throw new UserError('needs exactly one capture file (see homesweep analyze --help)');
    const file = positionals[0];
    const fromStdin = file === '-';
    if (fromStdin && (!io.stdin || io.stdin.isTTY)) throw new UserError('-: standard input is a terminal, not a capture (pipe one in, e.g. < home.pcap)');
    const size = fromStdin ? 0 : fileSize(file);
    if (fromStdin || size >= SMALL_CAPTURE_BYTES) releaseYoungGeneration();
    if (!fromStdin && size < SHORT_ANALYSIS_BYTES) skipOptimisingCompiler();
    const { identify, problems } = loadIdentifier();
    for (const p of problems) io.stderr.write(`warning: device profile ${p.file}: ${p.reason}\n`);
    const ruleSet = loadRules();
    for (const p of ruleSet.problems) io.stderr.write(`warning: rule ${p.file}: ${p.reason} (skipped)\n`);
    const { indicators, notice } = await loadIndicators(io, values.indicators);
    // Reading an earlier audit may need decryption (age): loaded only when asked for.
    const previous = values.previous ? await (await import('./audit-files.ts')).loadAuditArg(values.previous, undefined, values.data) : undefined;
    const bar = size >= PROGRESS_MIN_BYTES ? createProgressBar(io.stderr, size, 'reading') : undefined;
    let result: AnalyzeResult;
    try {
      result = await analyzeCapture(fromStdin ? { stream: io.stdin!, name: 'standard input' } : file, {
        identify, rules: ruleSet.rules, indicators, onProgress: (n) => bar?.update(n),
        ...(previous ? { previousDeviceIds: new Set(previous.doc.devices.map((d) => d.id)) } : {}),
      });
    } catch (err) {
      if (err instanceof CaptureFormatError) throw new UserError(fromStdin ? `standard input: ${describeFormatError(err).replace('the file is', 'the input is')}` : `${file}: ${describeFormatError(err)}`);
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EISDIR' || code === 'EACCES') throw new UserError(`${file}: ${(err as Error).message}`);
      throw err;
    } finally {
      bar?.done();
    }
    // Said only once the file turned out to be a capture, so a refused file still gets exactly one line.
    if (notice) io.stderr.write(`${notice}\n`);
    const cap = result.document.audit.capture!;
    if (cap.truncated) {
      io.stderr.write(`warning: ${file}: the capture ends in the middle of a packet record (the file was cut); everything before it was analysed\n`);
    }
    if (result.reader.malformedRecords > 0 && !cap.truncated) {
      // A damaged block header stops the reading; a damaged packet inside a sound block is skipped.
      if (result.reader.bytes < size) io.stderr.write(`warning: ${file}: a damaged record stopped the reading after ${cap.packets} packets; everything before it was analysed\n`);
      else io.stderr.write(`warning: ${file}: ${result.reader.malformedRecords} damaged record(s) were skipped; everything else was analysed\n`);
    }
    if (values.json) io.stdout.write(JSON.stringify(result.document, null, 2) + '\n');
    else io.stdout.write(summarise(file, result));
    return 0;
  },
};

/** The size of the capture file; a one-line error when it is missing or not a file. */
function fileSize(file: string): number {
  try {
    const st = statSync(file);
    if (!st.isFile()) throw new UserError(`${file}: not a file`);
    return st.size;
  } catch (err) {
    if (err instanceof UserError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    throw new UserError(`${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : (err as Error).message}`);
  }
}

/**
 * The indicator lists to match: `--indicators PATH` (a file or a folder; an unusable one is an error), else the
 * local copy when there is one, else none (`notice` says so, for one line on stderr). The parsers and the matcher
 * (with its public-suffix list) are loaded only when there are lists to read.
 */
async function loadIndicators(io: CliIo, explicit: string | undefined): Promise<{ indicators?: IndicatorMatcher; notice?: string }> {
  const path = explicit ?? DEFAULT_INDICATORS_DIR;
  const st = statSync(path, { throwIfNoEntry: false });
  if (!st) {
    if (explicit !== undefined) throw new UserError(`${path}: no such file or folder`);
    return { notice: 'no indicator lists: run homesweep indicators update' };
  }
  const [{ loadIndicatorDir, loadIndicatorFile }, { createIndicatorMatcher }, { IndicatorFileError }] = await Promise.all([
    import('../rules/indicators/load-indicators.ts'),
    import('../rules/indicators/matcher.ts'),
    import('../rules/indicators/types.ts'),
  ]);
  let results: IndicatorLoadResult[];
  try {
    if (st.isDirectory()) {
      const dir = loadIndicatorDir(path);
      for (const e of dir.errors) io.stderr.write(`warning: indicators ${e.message} (skipped)\n`);
      results = dir.results;
    } else results = [loadIndicatorFile(path)];
  } catch (err) {
    if (err instanceof IndicatorFileError) throw new UserError(`${path === err.file ? '' : path + ': '}${err.message}`);
    throw err;
  }
  if (results.length === 0) throw new UserError(`${path}: no indicator file (run homesweep indicators update)`);
  return { indicators: createIndicatorMatcher(results.flatMap((r) => r.entries)) };
}

function describeFormatError(err: CaptureFormatError): string {
  if (err.code === 'NOT_A_CAPTURE') return `not a pcap or pcapng capture (${err.message})`;
  if (err.code === 'EMPTY') return 'the file is empty';
  return err.message;
}

function summarise(file: string, r: AnalyzeResult): string {
  const cap = r.document.audit.capture!;
  const span = cap.firstPacket && cap.lastPacket ? Date.parse(cap.lastPacket) - Date.parse(cap.firstPacket) : 0;
  const devices = r.document.devices.filter((d) => d.id !== 'unattributed');
  const out = [
    `${file}: ${cap.packets} packets, ${formatBytes(cap.bytes)} (${r.reader.format})`,
    cap.firstPacket ? `from ${cap.firstPacket} to ${cap.lastPacket} (${formatDuration(span)})` : 'no packets',
    `${cap.malformed} malformed record(s)${cap.truncated ? ', file cut short' : ''}, ${cap.flows} flows`,
    '',
    `${devices.length} device(s):`,
  ];
  const { clues } = loadIdentifier();
  const hintText = clues ? (h: NonNullable<(typeof devices)[number]['hint']>) => describeHint(h, clues) : undefined;
  for (const d of devices) out.push(...describeDevice(d, { peers: 5, confidence: true, hintText }));
  out.push('', ...visibilityLines(r.document.audit.visibility));
  out.push('', ...findingLines(r.document.findings, r.document.devices, r.document.audit.visibility));
  return out.join('\n') + '\n';
}
