/**
 * Loads every device profile under a folder: read → parse YAML → validate → compile. A bad file is reported
 * with its name and the reason and skipped; the rest still load (the corpus test fails on any problem in the
 * built-in set). This is the only module that reads `device-profiles/`.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkKnowledgeFile, readYamlFile, type KnowledgeCheck } from '../gateway/util/yaml-cache.ts';
import type { z } from 'zod';
import { listYamlFiles } from '../gateway/util/yaml-files.ts';
import { compileKnowledge, compileProfile, type CompiledProfile, type IdentifyKnowledge } from './compile.ts';
import { checklistFor, KNOWLEDGE_DIR, loadClueKnowledge, type ClueKnowledge } from './knowledge.ts';
import { GeneratedFileSchema, ProfileSchema, WeightsSchema, type LangMap, type Profile, type Weights } from './schema.ts';

/** The built-in profiles folder (this file's folder). */
export const DEFAULT_PROFILES_DIR = fileURLToPath(new URL('.', import.meta.url));

/** File holding signal weights, module vendors and HomeKit categories, at the folder's root. */
export const WEIGHTS_FILE = 'weights.yaml';

/** A file that could not be used, and why. */
export interface ProfileProblem {
  file: string;
  reason: string;
}

/** Everything identification needs, plus the problems met while loading. */
export interface ProfileLibrary {
  profiles: CompiledProfile[];
  problems: ProfileProblem[];
  knowledge: IdentifyKnowledge;
  /** Clue knowledge (`knowledge/`), when the folder has it. */
  clues?: ClueKnowledge;
}

/** Formats zod issues as "path: message; path: message". */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`)
    .join('; ');
}

/**
 * Profile files (`<vendor>/<family>.yaml`), relative to `dir`, sorted. Unreadable folders become problems. Files at
 * the top (weights.yaml, risk.yaml, account-checks.yaml) are other knowledge, not profiles.
 */
export function listProfileFiles(dir: string, problems: ProfileProblem[] = []): string[] {
  return listYamlFiles(dir, (file, reason) => problems.push({ file, reason }))
    .filter((f) => f.includes('/') && !NOT_PROFILES.some((folder) => f.startsWith(`${folder}/`)));
}

/** Folders that hold other knowledge, generated data or the generators' inputs, not one-profile YAML files. */
export const NOT_PROFILES = ['knowledge', 'generated', 'generate'] as const;

/** Folder of generated profile data (JSON files of many profiles each, with their source). */
export const GENERATED_DIR = 'generated';

/** Reads and validates every generated data file (`generated/*.json`); each profile is checked by the profile schema. */
export function readGenerated(dir: string, problems: ProfileProblem[]): { file: string; profile: Profile }[] {
  const folder = join(dir, GENERATED_DIR);
  if (!existsSync(folder)) return [];
  const out: { file: string; profile: Profile }[] = [];
  for (const name of readdirSync(folder).filter((f) => f.endsWith('.json')).sort()) {
    const file = `${GENERATED_DIR}/${name}`;
    const path = join(folder, name);
    const data = readChecked(path, file, 'JSON', 'generated-profiles', () => JSON.parse(readFileSync(path, 'utf8')), GeneratedFileSchema, problems);
    for (const profile of data?.profiles ?? []) out.push({ file, profile });
  }
  return out;
}

/**
 * Reads one file (at `path`, named `file` in problems) and validates it as a `kind` (the compiled build reuses the build's check
 * of an unchanged file); null (with a problem naming the file) when it cannot be read or is invalid.
 */
function readChecked<T>(path: string, file: string, format: string, kind: string, read: () => unknown, schema: z.ZodType<T>, problems: ProfileProblem[]): T | null {
  let parsed: KnowledgeCheck<T>;
  try {
    parsed = checkKnowledgeFile(path, kind, read, schema);
  } catch (err) {
    problems.push({ file, reason: `not valid ${format}: ${(err as Error).message.split('\n')[0]}` });
    return null;
  }
  if (!parsed.success) {
    problems.push({ file, reason: describeIssues(parsed.error) });
    return null;
  }
  return parsed.data;
}

function readYaml(path: string): unknown {
  return readYamlFile(path);
}

/** Reads and validates `weights.yaml`; null (with a problem) when it is missing or invalid. */
export function loadWeights(dir: string, problems: ProfileProblem[]): Weights | null {
  const path = join(dir, WEIGHTS_FILE);
  let parsed: KnowledgeCheck<Weights>;
  try {
    parsed = checkKnowledgeFile(path, 'weights', () => readYaml(path), WeightsSchema);
  } catch (err) {
    problems.push({ file: WEIGHTS_FILE, reason: (err as Error).message.split('\n')[0] ?? 'unreadable' });
    return null;
  }
  if (!parsed.success) {
    problems.push({ file: WEIGHTS_FILE, reason: describeIssues(parsed.error) });
    return null;
  }
  return parsed.data;
}

/**
 * Loads, validates and compiles every profile in `dir`. Without a valid `weights.yaml` nothing can be
 * weighed, so no profile is returned and the problem says why.
 */
export function loadProfiles(dir: string = DEFAULT_PROFILES_DIR): ProfileLibrary {
  const problems: ProfileProblem[] = [];
  const weights = loadWeights(dir, problems);
  const empty: IdentifyKnowledge = { minConfidence: 1, moduleVendors: [], homekitCategories: new Map() };
  if (!weights) return { profiles: [], problems, knowledge: empty };

  const profiles: CompiledProfile[] = [];
  const seen = new Map<string, string>();
  const add = (file: string, profile: Profile) => {
    const other = seen.get(profile.id);
    if (other) problems.push({ file, reason: `duplicate id "${profile.id}" (also in ${other})` });
    else {
      seen.set(profile.id, file);
      profiles.push(compileProfile(profile, weights, file));
    }
  };
  for (const file of listProfileFiles(dir, problems)) {
    const profile = readChecked(join(dir, file), file, 'YAML', 'profile', () => readYaml(join(dir, file)), ProfileSchema, problems);
    if (!profile) continue;
    // The id names the file, so a profile can be found from an audit export and vice versa.
    const expected = file.replace(/\.ya?ml$/, '').split('/').join('.');
    if (profile.id !== expected) {
      problems.push({ file, reason: `id "${profile.id}" does not match the file path (expected "${expected}")` });
      continue;
    }
    add(file, profile);
  }
  // The built-in names are kept for sentences that name a device (builtInProfileNames), so they are not read twice.
  if (dir === DEFAULT_PROFILES_DIR) builtInNames = new Map(profiles.map((p) => [p.id, p.name]));
  for (const { file, profile } of readGenerated(dir, problems)) add(file, profile);
  const clues = existsSync(join(dir, KNOWLEDGE_DIR)) ? loadClueKnowledge(dir, problems) ?? undefined : undefined;
  // A generated profile has no checklist of its own: it uses its category's.
  if (clues) for (const p of profiles) if (p.generated && p.checklist.length === 0) p.checklist = checklistFor(clues, p.category);
  return { profiles, problems, knowledge: compileKnowledge(weights), ...(clues ? { clues } : {}) };
}

let builtInNames: ReadonlyMap<string, LangMap> | undefined;

/** Each built-in profile's name by language, by profile id (read once), for sentences that name a device. */
export function builtInProfileNames(): ReadonlyMap<string, LangMap> {
  builtInNames ??= new Map(loadProfiles().profiles.map((p) => [p.id, p.name]));
  return builtInNames;
}
