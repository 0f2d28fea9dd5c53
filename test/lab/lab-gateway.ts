/**
 * `homesweep start` as a user runs it, inside the lab router's namespace (hl-gw), for the lab tests that drive the
 * gateway through its API: `start()` spawns it and waits for its "running at" line, `api()` makes one request with
 * curl inside hl-gw the way the page does (cookie jar, and the CSRF token from `setup()` on every write), and
 * `stop()` sends SIGTERM and gives the exit code. Start it after `labUp()`; the caller holds the lab lock.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { LAB } from './lab-plan.ts';

const run = promisify(execFile);
const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** Where the gateway keeps its files and how long one request may take. */
export interface LabGatewayOptions {
  /** The test's scratch folder: the gateway's data folder and the cookie jar go there. */
  dir: string;
  /** The folder the gateway serves the page from (`--ui-dir`). */
  uiDir: string;
  /** More `homesweep start` arguments, after the usual ones (e.g. `--config FILE`). */
  extraArgs?: string[];
  /** curl's limit for one request in seconds, unless a call names its own; 20 by default. */
  maxSeconds?: number;
  /** The namespace to run in (the lab router's, hl-gw, by default). */
  ns?: string;
  /** The interface to listen on at once (`--interface`); eth0 by default, null for none (audits started through the API). */
  listen?: string | null;
}

/** One API answer: the HTTP status and the parsed JSON body (null when empty). */
export interface ApiAnswer<T> {
  status: number;
  json: T;
}

/** The gateway running in hl-gw, and the page's side of its API. */
export interface LabGateway {
  /** Spawns `homesweep start --interface eth0 --port 0` in hl-gw; resolves with its URL once it says it is running. */
  start(): Promise<string>;
  /** The URL from the ready line ('' before start). */
  readonly url: string;
  /** Everything the gateway wrote on stderr so far. */
  stderr(): string;
  /** One HTTP request from inside hl-gw, as the page would make it. */
  api<T>(method: string, path: string, body?: unknown, maxSeconds?: number): Promise<ApiAnswer<T>>;
  /** `POST /api/setup` with the passcode; keeps the CSRF token the answer carries for later writes. */
  setup(passcode: string): Promise<ApiAnswer<{ csrf: string }>>;
  /** SIGTERM; resolves with the exit code once the process has closed. */
  stop(): Promise<number | null>;
  /** SIGKILL if still running (afterAll, when a test failed before `stop()`). */
  kill(): void;
}

/** A gateway for one lab test; nothing runs until `start()`. */
export function labGateway(opts: LabGatewayOptions): LabGateway {
  const jar = join(opts.dir, 'cookies');
  const ns = opts.ns ?? LAB.gatewayNs;
  const listen = opts.listen === undefined ? 'eth0' : opts.listen;
  let child: ChildProcess | undefined;
  let exited: Promise<number | null> = Promise.resolve(null);
  let url = '';
  let csrf = '';
  let stderr = '';

  async function api<T>(method: string, path: string, body?: unknown, maxSeconds = opts.maxSeconds ?? 20): Promise<ApiAnswer<T>> {
    const args = ['netns', 'exec', opts.ns ?? LAB.gatewayNs, 'curl', '-s', '-o', '-', '-w', '\n%{http_code}', '-X', method, '-b', jar, '-c', jar, '-m', String(maxSeconds)];
    if (body !== undefined) args.push('-H', 'Content-Type: application/json', '--data-binary', JSON.stringify(body));
    if (csrf && method !== 'GET') args.push('-H', `X-HomeSweep-CSRF: ${csrf}`);
    args.push(new URL(path, url).toString());
    const { stdout } = await run('ip', args, { maxBuffer: 64 * 1024 * 1024 });
    const cut = stdout.lastIndexOf('\n');
    return { status: Number(stdout.slice(cut + 1)), json: JSON.parse(stdout.slice(0, cut) || 'null') as T };
  }

  return {
    get url() {
      return url;
    },
    stderr: () => stderr,
    api,
    async start() {
      const p = spawn('ip', ['netns', 'exec', ns, process.execPath, join(REPO_ROOT, 'bin/homesweep.js'), 'start',
        ...(listen ? ['--interface', listen] : []), '--port', '0', '--data', join(opts.dir, 'data'), '--ui-dir', opts.uiDir, ...(opts.extraArgs ?? [])],
      { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
      child = p;
      p.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
      exited = new Promise((r) => p.once('close', (code) => r(code)));
      url = await new Promise<string>((res, rej) => {
        let out = '';
        p.stdout!.setEncoding('utf8').on('data', (d: string) => {
          out += d;
          const m = /running at (\S+)/.exec(out);
          if (m) res(m[1]!);
        });
        void exited.then(() => rej(new Error(`gateway exited: ${stderr}`)));
      });
      return url;
    },
    async setup(passcode) {
      const answer = await api<{ csrf: string }>('POST', '/api/setup', { passcode });
      csrf = answer.json.csrf;
      return answer;
    },
    async stop() {
      child?.kill('SIGTERM');
      return exited;
    },
    kill() {
      if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
}
