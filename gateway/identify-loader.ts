/** Loads the built-in device profiles once and builds the identifier used by analyze, discover and the gateway. */
import { createIdentifier } from '../discovery/identify.ts';
import { loadProfiles, type ProfileProblem } from '../device-profiles/load.ts';
import type { DeviceEvidence, Identification } from './inventory/inventory.ts';

let cached: { identify: (e: DeviceEvidence) => Identification; problems: ProfileProblem[] } | undefined;

export function loadIdentifier(): { identify: (e: DeviceEvidence) => Identification; problems: ProfileProblem[] } {
  if (!cached) {
    const library = loadProfiles();
    cached = { identify: createIdentifier(library), problems: library.problems };
  }
  return cached;
}
