/**
 * The benchmark capture: generated once per (bytes, devices, seed, format) into /tmp/homesweep-bench/
 * and reused while its ground truth file is present and the sizes match.
 */
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GroundTruth } from '../fixtures/synth/ground-truth.ts';
import { writeSyntheticHome } from '../fixtures/synth/write-home.ts';

/** Where bench captures live. */
export const BENCH_DIR = '/tmp/homesweep-bench';

/** A ready capture and how it was obtained. */
export interface BenchCapture {
  path: string;
  truth: GroundTruth;
  /** Seconds spent generating it now, or null when it was reused. */
  generatedInS: number | null;
}

/** Returns the capture for these parameters, generating it if needed. */
export function ensureCapture(bytes: number, devices: number, seed: number, format: 'pcap' | 'pcapng'): BenchCapture {
  mkdirSync(BENCH_DIR, { recursive: true });
  const path = join(BENCH_DIR, `home-${bytes}-d${devices}-s${seed}.${format}`);
  const truthPath = `${path}.truth.json`;
  if (existsSync(path) && existsSync(truthPath)) {
    try {
      const truth = JSON.parse(readFileSync(truthPath, 'utf8')) as GroundTruth;
      if (truth.fileBytes === statSync(path).size) return { path, truth, generatedInS: null };
    } catch {
      // A damaged truth file: regenerate below.
    }
  }
  const started = performance.now();
  const truth = writeSyntheticHome({ path, bytes, devices, seed, format });
  const generatedInS = (performance.now() - started) / 1000;
  writeFileSync(truthPath, JSON.stringify(truth));
  return { path, truth, generatedInS };
}
