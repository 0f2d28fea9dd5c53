/**
 * Everything HomeSweep knows, loaded once for the service: device profiles (identification and their texts),
 * detection rules and the stalkerware indicator lists. Problems in user-supplied files are kept for the health view.
 */
import { statSync } from 'node:fs';
import { createIdentifier } from '../discovery/identify.ts';
import type { CompiledProfile } from '../device-profiles/compile.ts';
import { loadProfiles } from '../device-profiles/load.ts';
import type { ClueKnowledge } from '../device-profiles/knowledge.ts';
import { loadRules, type LoadedRule } from '../pcap-rules/load.ts';
import type { DeviceEvidence, Identification } from './inventory/inventory.ts';
import { loadIndicatorDir, loadIndicatorFile } from './rules/indicators/load-indicators.ts';
import { createIndicatorMatcher, type IndicatorMatcher } from './rules/indicators/matcher.ts';
import type { IndicatorLoadResult } from './rules/indicators/types.ts';
import { DEFAULT_INDICATORS_DIR } from './rules/indicators/types.ts';

export interface Knowledge {
  identify: (e: DeviceEvidence) => Identification;
  profiles: ReadonlyMap<string, CompiledProfile>;
  /** Clue knowledge: category checklists and the words of device hints. */
  clues?: ClueKnowledge;
  rules: readonly LoadedRule[];
  indicators?: IndicatorMatcher;
  health: {
    profiles: { loaded: number; problems: string[] };
    rules: { loaded: number; problems: string[] };
    indicators: { loaded: number; source?: string; problems: string[] };
  };
}

/**
 * Loads profiles, rules and indicators (`indicatorsPath`, else the local copy in `indicatorsDir` when present).
 * Never throws on a bad file.
 */
export function loadKnowledge(opts: { indicatorsPath?: string; indicatorsDir?: string } = {}): Knowledge {
  const library = loadProfiles();
  const ruleSet = loadRules();
  const ind = loadIndicatorsQuietly(opts.indicatorsPath ?? opts.indicatorsDir ?? DEFAULT_INDICATORS_DIR, opts.indicatorsPath !== undefined);
  return {
    identify: createIdentifier(library),
    profiles: new Map(library.profiles.map((p) => [p.id, p])),
    ...(library.clues ? { clues: library.clues } : {}),
    rules: ruleSet.rules,
    indicators: ind.matcher,
    health: {
      profiles: { loaded: library.profiles.length, problems: library.problems.map((p) => `${p.file}: ${p.reason}`) },
      rules: { loaded: ruleSet.rules.length, problems: ruleSet.problems.map((p) => `${p.file}: ${p.reason}`) },
      indicators: { loaded: ind.count, ...(ind.matcher ? { source: opts.indicatorsPath ?? DEFAULT_INDICATORS_DIR } : {}), problems: ind.problems },
    },
  };
}

/** Reads the indicator lists again (after the page fetched them) into `k`, matcher and health both. */
export function reloadIndicators(k: Knowledge, path: string): void {
  const ind = loadIndicatorsQuietly(path, false);
  k.indicators = ind.matcher;
  k.health.indicators = { loaded: ind.count, ...(ind.matcher ? { source: path } : {}), problems: ind.problems };
}

function loadIndicatorsQuietly(path: string, explicit: boolean): { matcher?: IndicatorMatcher; count: number; problems: string[] } {
  const problems: string[] = [];
  const st = statSync(path, { throwIfNoEntry: false });
  // Lists not fetched yet are no broken file: the page says so plainly (loaded: 0) and offers to fetch them.
  if (!st) return { count: 0, problems: explicit ? [`${path}: no such file or folder`] : [] };
  let results: IndicatorLoadResult[] = [];
  try {
    if (st.isDirectory()) {
      const dir = loadIndicatorDir(path);
      problems.push(...dir.errors.map((e) => e.message));
      results = dir.results;
    } else results = [loadIndicatorFile(path)];
  } catch (err) {
    problems.push(`${path}: ${(err as Error).message}`);
  }
  const entries = results.flatMap((r) => r.entries);
  return entries.length ? { matcher: createIndicatorMatcher(entries), count: entries.length, problems } : { count: 0, problems };
}
