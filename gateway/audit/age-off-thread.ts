/**
 * age's scrypt off the main thread: each operation runs in a worker thread with a capped heap, and at most
 * `MAX_AGE_JOBS` run at once (a further one is refused as busy, not queued: waiting requests would pile up memory).
 */
import { Worker } from 'node:worker_threads';
import { AuditImportError } from './import-error.ts';

/** How many encryptions or decryptions may run at once (each can hold 256 MB of scrypt memory). */
export const MAX_AGE_JOBS = 2;

// The worker's JavaScript heap; scrypt's own buffer is outside it and bounded by the work factor cap.
const WORKER_LIMITS = { maxOldGenerationSizeMb: 96, maxYoungGenerationSizeMb: 16 };
const WORKER_URL = new URL('./age-worker.js', import.meta.url);

let running = 0;

export interface AgeJob {
  op: 'encrypt' | 'decrypt';
  data: Uint8Array;
  passphrase: string;
  workFactor?: number;
}

/** An error from inside age (its message), as opposed to the worker failing. */
export class AgeFailure extends Error {}

/**
 * Runs one age operation in a worker. Throws `AuditImportError('busy')` at once when `MAX_AGE_JOBS` are already
 * running, `AgeFailure` with age's message when age refuses, `AuditImportError('too-costly')` when the worker runs
 * out of memory.
 */
export function runAgeJob(job: AgeJob): Promise<Uint8Array> {
  if (running >= MAX_AGE_JOBS) {
    return Promise.reject(new AuditImportError('busy', 'HomeSweep is already opening or sealing other encrypted files; try again in a moment.'));
  }
  running++;
  return new Promise<Uint8Array>((resolve, reject) => {
    const worker = new Worker(WORKER_URL, { workerData: job, resourceLimits: WORKER_LIMITS });
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      running--;
      fn();
    };
    worker.once('message', (m: { ok: true; out: Uint8Array } | { ok: false; message: string }) => {
      settle(() => (m.ok ? resolve(m.out) : reject(new AgeFailure(m.message))));
      void worker.terminate();
    });
    worker.once('error', (err: Error & { code?: string }) => {
      settle(() =>
        reject(err.code === 'ERR_WORKER_OUT_OF_MEMORY' ? new AuditImportError('too-costly', 'Opening the encrypted file needed more memory than HomeSweep allows.') : err),
      );
    });
    worker.once('exit', (code) => settle(() => reject(new Error(`the age worker stopped (exit code ${code}) before answering`))));
  });
}
