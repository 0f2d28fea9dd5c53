/**
 * Live capture through tcpdump: `tcpdump -i IF -w - -U -n -s 0 -- [filter]` as a child process whose stdout (a
 * classic pcap stream, LAB-NOTES §5) feeds the capture reader. tcpdump, not a Node binding, holds the capture
 * privileges; we only read its output. Its stderr is logged line by line with the module name, and its packet
 * counters (printed when it stops, or on SIGUSR1) are kept: "dropped by kernel" counts the packets the capture
 * missed because tcpdump or HomeSweep fell behind.
 *
 * Short captures (discover, motion-test) want each packet at once: `-U` flushes every packet into the pipe, and
 * libpcap's default buffer hands packets over without waiting for a ring block to fill. A live audit runs for
 * minutes at the home's full rate instead (`longRunning`): a kernel ring (`-B`) of up to 64 MiB (a sixteenth of the
 * memory: 16 MiB on a 256 MB router) holds about two seconds of a 200 Mbit/s home mix while the gateway is busy
 * elsewhere (a progress snapshot takes a few hundred ms of CPU, about a second on a third of a core), and tcpdump's
 * output is block-buffered (no `-U`: one write per 4 KiB, not one per packet), so packets reach the reader up to
 * about a second late, and batched. test/bench/live-capture-bench.ts measures both.
 */
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { totalmem } from 'node:os';
import type { Readable } from 'node:stream';
import { readCaptureStream } from './reader.ts';
import type { PacketSink, ReaderSummary } from './types.ts';

/** Why tcpdump could not capture. */
export type CaptureSourceCode =
  | 'TCPDUMP_MISSING' | 'NO_SUCH_INTERFACE' | 'PERMISSION' | 'BAD_ARGUMENT' | 'EXITED'
  // Remote sources (gateway/capture/sources/): the router could not be reached or refused us.
  | 'UNREACHABLE' | 'AUTH_REFUSED' | 'WRONG_PASSWORD' | 'HOST_KEY_UNKNOWN' | 'HOST_KEY_CHANGED' | 'REMOTE_TCPDUMP_MISSING' | 'REMOTE_FAILED';

/** A capture that could not start, with a message the user can act on. */
export class CaptureSourceError extends Error {
  constructor(
    readonly code: CaptureSourceCode,
    message: string,
    /** The SHA256 fingerprint of the router's host key, for HOST_KEY_UNKNOWN and HOST_KEY_CHANGED. */
    readonly fingerprint?: string,
  ) {
    super(message);
    this.name = 'CaptureSourceError';
  }
}

/** Options of {@link createTcpdumpSource}. */
export interface TcpdumpSourceOptions {
  interface: string;
  /** A pcap-filter(7) expression. */
  filter?: string;
  /** Path of the tcpdump binary (default: `tcpdump` from PATH). */
  tcpdumpPath?: string;
  /** How long to wait for "listening on" before giving up. */
  readyTimeoutMs?: number;
  /** A capture for minutes or hours at the home's full rate (a live audit): big ring, batched output. */
  longRunning?: boolean;
  log?(message: string): void;
}

/** tcpdump's own counters (pcap_stats), as it last printed them. */
export interface TcpdumpCounters {
  /** Packets tcpdump handed on (written into the pipe). */
  captured: number;
  /** Packets the kernel's filter accepted. */
  receivedByFilter: number;
  /** Packets the kernel threw away because the ring was full: the capture missed them. */
  droppedByKernel: number;
  /** Packets the network card or driver dropped (printed only when not 0). */
  droppedByInterface: number;
}

const COUNTER_RE = /\d+ packets? (captured|received by filter|dropped by)/;

/**
 * Kernel ring of a long-running capture in MiB (tcpdump -B takes KiB): a sixteenth of the memory, between 8 and
 * 64 MiB. It is locked kernel memory, taken for as long as the capture runs.
 */
export function longRunningBufferMiB(totalMemBytes = totalmem()): number {
  return Math.max(8, Math.min(64, Math.floor(totalMemBytes / 16 / 1048576)));
}

/**
 * Reads tcpdump's counter lines ("12 packets captured", "12 packets received by filter", "0 packets dropped by
 * kernel", on three lines when it stops or on one line after SIGUSR1) from its stderr; null until all three came.
 */
export function parseTcpdumpCounters(text: string): TcpdumpCounters | null {
  const last = (what: string): number | undefined => {
    const all = [...text.matchAll(new RegExp(`(\\d+) packets? ${what}`, 'g'))];
    return all.length ? Number(all[all.length - 1]![1]) : undefined;
  };
  const captured = last('captured');
  const receivedByFilter = last('received by filter');
  const droppedByKernel = last('dropped by kernel');
  if (captured === undefined || receivedByFilter === undefined || droppedByKernel === undefined) return null;
  return { captured, receivedByFilter, droppedByKernel, droppedByInterface: last('dropped by interface') ?? 0 };
}

/** Linux interface names: at most 15 characters (IFNAMSIZ - 1), never an option-like leading dash. */
const IFNAME_RE = /^[A-Za-z0-9_.:@][A-Za-z0-9_.:@-]{0,14}$/;

/** The tcpdump argument list (exported for tests); throws {@link CaptureSourceError} on a bad name or filter. */
export function tcpdumpArgs(iface: string, filter?: string, opts: { bufferMiB?: number } = {}): string[] {
  if (!IFNAME_RE.test(iface)) throw new CaptureSourceError('BAD_ARGUMENT', `"${iface}" is not a valid interface name`);
  // With a ring size given: the long-running form (no -U); without, libpcap's default ring and -U.
  const args = opts.bufferMiB
    ? ['-i', iface, '-w', '-', '-B', String(Math.round(opts.bufferMiB * 1024)), '-n', '-s', '0']
    : ['-i', iface, '-w', '-', '-U', '-n', '-s', '0'];
  // `--` ends option parsing, so a filter can never be read as an option such as -w FILE.
  if (filter !== undefined && filter.trim() !== '') args.push('--', filter);
  return args;
}

function classify(stderr: string, iface: string): CaptureSourceError {
  const last = stderr.trim().split('\n').filter(Boolean).pop() ?? 'no message';
  if (/No such device|doesn't exist|SIOCGIFHWADDR|no suitable device/i.test(stderr)) {
    return new CaptureSourceError('NO_SUCH_INTERFACE', `no network interface "${iface}" (tcpdump: ${last})`);
  }
  if (/permission|not permitted/i.test(stderr)) {
    return new CaptureSourceError('PERMISSION', `tcpdump may not capture on "${iface}"; run as root or give tcpdump CAP_NET_RAW (tcpdump: ${last})`);
  }
  return new CaptureSourceError('EXITED', `tcpdump stopped before capturing on "${iface}": ${last}`);
}

/**
 * Creates a tcpdump capture source. `start()` resolves with tcpdump's stdout once it is listening; `run(sink)`
 * starts and reads the whole stream into `sink` until `stop()`.
 */
export function createTcpdumpSource(opts: TcpdumpSourceOptions) {
  const log = opts.log ?? ((m: string) => process.stderr.write(`[tcpdump] ${m}\n`));
  let child: ChildProcessByStdio<null, Readable, Readable> | null = null;
  let exited: Promise<void> = Promise.resolve();
  let counters: TcpdumpCounters | null = null;
  let listening = false;

  const start = (): Promise<Readable> => {
    const args = tcpdumpArgs(opts.interface, opts.filter, opts.longRunning ? { bufferMiB: longRunningBufferMiB() } : {});
    const bin = opts.tcpdumpPath ?? 'tcpdump';
    return new Promise((resolve, reject) => {
      let ready = false;
      let stderr = '';
      let partial = '';
      let counterLines = '';
      const proc = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
      child = proc;
      exited = new Promise((r) => proc.once('close', () => r()));
      const timer = setTimeout(() => {
        if (ready) return;
        proc.kill('SIGTERM');
        reject(new CaptureSourceError('EXITED', `tcpdump did not start listening on "${opts.interface}" within ${opts.readyTimeoutMs ?? 5000} ms`));
      }, opts.readyTimeoutMs ?? 5000);
      proc.once('error', (err: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        child = null;
        reject(
          err.code === 'ENOENT'
            ? new CaptureSourceError('TCPDUMP_MISSING', `tcpdump is not installed (looked for "${bin}"); install it, e.g. apt-get install tcpdump`)
            : new CaptureSourceError('EXITED', `cannot run ${bin}: ${err.message}`),
        );
      });
      proc.stderr.setEncoding('utf8');
      proc.stderr.on('data', (chunk: string) => {
        if (stderr.length < 8192) stderr += chunk;
        const lines = (partial + chunk).split('\n');
        partial = lines.pop() ?? '';
        for (const line of lines) {
          if (COUNTER_RE.test(line)) {
            // The final counters come on three lines; the answer to requestCounters() on one, which is not logged
            // (a live audit asks every few seconds).
            counterLines = (counterLines + line + '\n').slice(-400);
            counters = parseTcpdumpCounters(counterLines) ?? counters;
            if (/captured, .*dropped by kernel/.test(line)) continue;
          }
          if (line.trim()) log(line.trim());
          // tcpdump prints "listening on IF, link-type …" once the capture handle is active.
          if (!ready && /listening on/.test(line)) {
            ready = true;
            listening = true;
            clearTimeout(timer);
            resolve(proc.stdout);
          }
        }
      });
      // 'close', not 'exit': only then has all of stderr been read, which the error message is built from.
      proc.once('close', (code, signal) => {
        clearTimeout(timer);
        listening = false;
        if (partial.trim()) log(partial.trim());
        if (!ready) reject(classify(stderr + partial, opts.interface));
        else if (code !== 0 && signal === null) log(`exited with code ${code}`);
      });
    });
  };

  return {
    start,
    /** Starts tcpdump and reads its stream into `sink`; resolves with the reader's summary after `stop()`. */
    async run(sink: PacketSink): Promise<ReaderSummary> {
      const stream = await start();
      return readCaptureStream(stream, sink);
    },
    /** tcpdump's counters as it last printed them (after `requestCounters()`, and final once it has stopped). */
    counters(): TcpdumpCounters | null {
      return counters;
    },
    /**
     * Asks the running tcpdump for its counters (SIGUSR1, which tcpdump answers on stderr: `counters()` has them a
     * moment later). Only once it is listening: its handler is in place by then (SIGUSR1 would otherwise end it).
     */
    requestCounters(): void {
      if (child && listening && child.exitCode === null && child.signalCode === null) child.kill('SIGUSR1');
    },
    /** Sends SIGTERM and waits for tcpdump to exit (SIGKILL after 3 s). */
    async stop(): Promise<void> {
      const proc = child;
      if (!proc) return;
      child = null;
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM');
      const kill = setTimeout(() => proc.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(kill);
    },
  };
}
