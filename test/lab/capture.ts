/** Runs real tcpdump inside a lab namespace (the gateway's LAN interface by default) and stops it cleanly. */
import { spawn } from 'node:child_process';
import { LAB } from './lab-plan.ts';

/** A running capture. */
export interface LabCapture {
  /** Stops tcpdump (SIGINT, so it flushes) and resolves with the packet count it reported. */
  stop(): Promise<number>;
}

/** Options of startCapture. */
export interface CaptureOptions {
  file: string;
  ns?: string;
  iface?: string;
  filter?: string[];
}

/** Starts tcpdump writing `file`; resolves once tcpdump says it is listening. */
export function startCapture(opts: CaptureOptions): Promise<LabCapture> {
  const args = ['netns', 'exec', opts.ns ?? LAB.gatewayNs, 'tcpdump', '-i', opts.iface ?? 'eth0', '-n', '-U', '-w', opts.file, ...(opts.filter ?? [])];
  const child = spawn('ip', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`tcpdump did not start: ${stderr.trim()}`));
    }, 10_000);
    child.on('error', (err) => (clearTimeout(timer), reject(err)));
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString();
      if (!/listening on/.test(stderr)) return;
      clearTimeout(timer);
      resolve({
        async stop() {
          child.kill('SIGINT');
          await exited;
          const m = /(\d+) packets? captured/.exec(stderr);
          return m ? Number(m[1]) : 0;
        },
      });
    });
    exited.then((code) => {
      clearTimeout(timer);
      if (!/listening on/.test(stderr)) reject(new Error(`tcpdump exited (${code}): ${stderr.trim()}`));
    });
  });
}
