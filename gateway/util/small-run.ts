/**
 * V8 settings for short runs, each measured (CPU user+sys and peak RSS, `npm run bench -- --only startup`).
 *
 * V8's young generation (its two semi-spaces) starts at 1 MB and doubles, up to 16 MB each, while many young objects
 * survive, as they do while modules and knowledge load; it never shrinks back on its own. A short command or an idle
 * gateway does not need it grown: measured, analyze of the 1.6 MB lab capture peaks at 72 MB instead of 80 MB at the
 * same CPU time, and the gateway idles with 1 MB of young generation instead of 32 MB. `homesweep analyze` and
 * `homesweep start` hold the growth before their modules load; work that handles many packets (a large capture, the
 * running gateway's audits) releases it, so that throughput is as V8 tunes it.
 */
import { setFlagsFromString } from 'node:v8';

/** Keeps the young generation at its current size (growth factor 1). */
export function holdYoungGeneration(): void {
  setFlagsFromString('--semi-space-growth-factor=1');
}

/** Lets the young generation grow again as V8 does by default (growth factor 2). */
export function releaseYoungGeneration(): void {
  setFlagsFromString('--semi-space-growth-factor=2');
}

/**
 * Turns V8's optimising compiler (TurboFan) off for the rest of the run: a short analysis ends before optimised code
 * pays back the compiling. Measured on the lab capture (1.6 MB): 0.36 → 0.30 s CPU and 72 → 65 MB; on 6.4 MB it
 * already costs 5%, on 16 MB 15%, so only captures well under that are analysed this way.
 */
export function skipOptimisingCompiler(): void {
  setFlagsFromString('--no-opt');
}
