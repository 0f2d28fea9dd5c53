/**
 * Shared parts of the simulated access-check devices: the request log (every request a sim gets, classified as
 * a read, a write or a command), the failure modes, and a small CLI so a sim can run as a lab device
 * (`ip netns exec NS npx tsx test/lab/sim-access/kasa-plug.ts --host 10.77.0.21 --log /tmp/x.jsonl`).
 */
import { appendFileSync, readFileSync } from 'node:fs';
import type { Server, Socket } from 'node:net';

/** How a sim misbehaves. `slow` never completes its answer; `huge` sends ~1 MiB; `garbage` sends random bytes;
 * `wrong-types` sends JSON with the right keys and wrong value types; `auth` asks for a password. */
export type SimMode = 'normal' | 'slow' | 'huge' | 'garbage' | 'wrong-types' | 'auth';

/** One request a sim received. */
export interface SimRequest {
  at: string;
  /** HTTP method, or `TCP` for the Kasa protocol. */
  method: string;
  /** HTTP path with query, or the Kasa `module.method` list. */
  path: string;
  /** `read` when it only reads; `write`/`command` when it would change or operate the device. */
  kind: 'read' | 'write' | 'command' | 'unknown';
}

/** A running sim. */
export interface SimHandle {
  host: string;
  port: number;
  log: SimRequest[];
  close(): Promise<void>;
}

/** Common options of every sim. */
export interface SimOptions {
  host?: string;
  port?: number;
  mode?: SimMode;
  /** Also append each request as a JSON line to this file (for lab runs in another process). */
  logFile?: string;
}

/** Appends to the log array (and the log file, when given). */
export function createRecorder(log: SimRequest[], logFile?: string) {
  return (r: Omit<SimRequest, 'at'>) => {
    const entry = { at: new Date().toISOString(), ...r };
    log.push(entry);
    if (logFile) appendFileSync(logFile, `${JSON.stringify(entry)}\n`);
  };
}

/** Reads a JSON-lines log written by a sim; malformed lines are skipped. */
export function readSimLog(file: string): SimRequest[] {
  let text = '';
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  const out: SimRequest[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      out.push(JSON.parse(line) as SimRequest);
    } catch {
      // A line cut by a killed sim is not a request we can judge.
    }
  }
  return out;
}

/** Random bytes for the `garbage` mode. */
export function garbage(n: number): Buffer {
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i++) b[i] = (i * 131 + 17) & 0xff ^ (i >> 3);
  return b;
}

/** Listens and returns a handle whose close() also ends held-open (slow) connections. */
export function listen(server: Server, opts: SimOptions, log: SimRequest[], timers: Set<NodeJS.Timeout>): Promise<SimHandle> {
  const sockets = new Set<Socket>();
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  const host = opts.host ?? '127.0.0.1';
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      const addr = server.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      resolve({
        host,
        port,
        log,
        close: () =>
          new Promise<void>((res) => {
            for (const t of timers) clearTimeout(t);
            for (const s of sockets) s.destroy();
            server.close(() => res());
          }),
      });
    });
  });
}

/** Parses `--key value` arguments. */
export function cliArgs(argv: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i]!;
    if (k.startsWith('--') && i + 1 < argv.length) out[k.slice(2)] = argv[++i]!;
  }
  return out;
}

/**
 * Runs a sim from the command line until `--seconds` pass (default 60) or SIGTERM. `--config FILE` is a JSON
 * file with the sim's settings. Prints `ready <port>` once listening.
 */
export async function runSimCli<T>(start: (opts: SimOptions & { device?: T }) => Promise<SimHandle>): Promise<void> {
  const a = cliArgs(process.argv.slice(2));
  const device = a.config ? (JSON.parse(readFileSync(a.config, 'utf8')) as T) : undefined;
  const sim = await start({
    host: a.host ?? '127.0.0.1',
    port: a.port ? Number(a.port) : undefined,
    mode: (a.mode as SimMode | undefined) ?? 'normal',
    logFile: a.log,
    ...(device ? { device } : {}),
  });
  process.stdout.write(`ready ${sim.port}\n`);
  const stop = () => void sim.close().then(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  setTimeout(stop, Number(a.seconds ?? 60) * 1000).unref();
}
