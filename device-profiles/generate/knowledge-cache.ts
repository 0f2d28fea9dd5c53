/**
 * Writes the parsed-YAML caches (see yaml-cache.ts): device-profiles/knowledge/parsed.cache.json for the clue
 * knowledge and device-profiles/profiles.cache.json for the hand-written profiles, so the gateway starts without
 * parsing them. A loader ignores a cache whose hash no longer matches. Run after editing a profile or knowledge file:
 *   npx tsx device-profiles/generate/knowledge-cache.ts
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { KNOWLEDGE_CACHE, KNOWLEDGE_DIR, KNOWLEDGE_FILES, parseKnowledgeFiles, type KnowledgeProblem } from '../knowledge.ts';
import { parseProfileFiles, PROFILES_CACHE } from '../load.ts';
import { renderCache } from '../yaml-cache.ts';

/** The knowledge cache's text for the profiles folder `profilesDir`. */
export function renderKnowledgeCache(profilesDir: string): string {
  const texts = new Map(KNOWLEDGE_FILES.map((f) => [f, readFileSync(join(profilesDir, KNOWLEDGE_DIR, f), 'utf8')] as const));
  const problems: KnowledgeProblem[] = [];
  const parsed = parseKnowledgeFiles(texts, problems);
  if (problems.length) throw new Error(problems.map((p) => `${p.file}: ${p.reason}`).join('\n'));
  return renderCache(texts, parsed);
}

/** The profiles cache's text for the profiles folder `profilesDir`. */
export function renderProfilesCache(profilesDir: string): string {
  const { texts, parsed } = parseProfileFiles(profilesDir);
  return renderCache(texts, parsed);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const dir = fileURLToPath(new URL('..', import.meta.url));
  writeFileSync(join(dir, KNOWLEDGE_DIR, KNOWLEDGE_CACHE), renderKnowledgeCache(dir));
  writeFileSync(join(dir, PROFILES_CACHE), renderProfilesCache(dir));
  process.stdout.write(`wrote ${KNOWLEDGE_DIR}/${KNOWLEDGE_CACHE} and ${PROFILES_CACHE}\n`);
}
