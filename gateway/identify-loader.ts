/** Loads the built-in device profiles once and builds the identifier used by analyze, discover and the gateway. */
import { createIdentifier } from '../discovery/identify.ts';
import { loadProfiles, type ProfileProblem } from '../device-profiles/load.ts';
import type { ClueKnowledge } from '../device-profiles/knowledge.ts';
import type { DeviceEvidence, Identification } from './inventory/inventory.ts';

/** The identifier, the problems met loading its knowledge, and the clue knowledge (words of device hints). */
export interface LoadedIdentifier {
  identify: (e: DeviceEvidence) => Identification;
  problems: ProfileProblem[];
  clues?: ClueKnowledge;
}

let cached: LoadedIdentifier | undefined;

export function loadIdentifier(): LoadedIdentifier {
  if (!cached) {
    const library = loadProfiles();
    cached = { identify: createIdentifier(library), problems: library.problems, ...(library.clues ? { clues: library.clues } : {}) };
  }
  return cached;
}
