/**
 * Runs `homesweep discover` inside the lab gateway namespace (hl-gw, on its LAN interface eth0) from the root
 * namespace, the way a person would, and collects its progress lines and result. Used by the discovery lab
 * test and the discovery-latency benchmark.
 */
import { spawn } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DiscoverProgress, DiscoverResult } from '../../gateway/cli/discover.ts';
import { LAB } from './lab-plan.ts';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** The gateway's LAN interface inside hl-gw. */
export const LAB_GATEWAY_LAN_IF = 'eth0';

/** What one discover run gave. */
export interface LabDiscoverRun {
  code: number | null;
  /** Wall time from spawning the command to its exit, in ms. */
  wallMs: number;
  /** Progress snapshots (only with `progress: true`), each with the wall time it arrived at. */
  progress: Array<DiscoverProgress & { wallMs: number }>;
  result: DiscoverResult | null;
  stderr: string;
}

/** Runs one discover round of `seconds` in hl-gw; `json` output, or progress lines with `progress`. */
export function runLabDiscover(opts: { seconds: number; progress?: boolean; killAfterMs?: number }): Promise<LabDiscoverRun> {
  const args = ['netns', 'exec', LAB.gatewayNs, process.execPath, join(REPO_ROOT, 'bin/homesweep.js'), 'discover', '--interface', LAB_GATEWAY_LAN_IF, '--seconds', String(opts.seconds), opts.progress ? '--progress-json' : '--json'];
  const t0 = performance.now();
  const child = spawn('ip', args, { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  let pending = '';
  const progress: LabDiscoverRun['progress'] = [];
  let result: DiscoverResult | null = null;
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    if (!opts.progress) return;
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop()!;
    for (const line of lines) {
      if (!line.trim()) continue;
      const msg = JSON.parse(line) as ({ type: 'progress' } & DiscoverProgress) | ({ type: 'result' } & DiscoverResult);
      if (msg.type === 'progress') progress.push({ elapsedMs: msg.elapsedMs, devices: msg.devices, wallMs: performance.now() - t0 });
      else result = msg;
    }
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  // A bound on the whole run, so a hung child can never hold a test or a benchmark.
  const kill = setTimeout(() => child.kill('SIGKILL'), opts.killAfterMs ?? (opts.seconds + 60) * 1000);
  return new Promise((resolvePromise, reject) => {
    child.on('error', (err) => (clearTimeout(kill), reject(err)));
    child.on('close', (code) => {
      clearTimeout(kill);
      if (!opts.progress && code === 0) {
        try {
          result = JSON.parse(stdout) as DiscoverResult;
        } catch {
          result = null;
        }
      }
      resolvePromise({ code, wallMs: performance.now() - t0, progress, result, stderr });
    });
  });
}
