/**
 * Writes device-profiles/knowledge/parsed.cache.json: the knowledge YAML files parsed, with the hash of their texts,
 * so the gateway starts without parsing them (the loader ignores a cache whose hash no longer matches).
 * Run after editing a knowledge file: npx tsx device-profiles/generate/knowledge-cache.ts
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { KNOWLEDGE_CACHE, KNOWLEDGE_DIR, KNOWLEDGE_FILES, knowledgeHash, parseKnowledgeFiles, type KnowledgeProblem } from '../knowledge.ts';

/** The cache file's text for the knowledge folder under `profilesDir`. */
export function renderKnowledgeCache(profilesDir: string): string {
  const texts = new Map(KNOWLEDGE_FILES.map((f) => [f, readFileSync(join(profilesDir, KNOWLEDGE_DIR, f), 'utf8')] as const));
  const problems: KnowledgeProblem[] = [];
  const files = Object.fromEntries(parseKnowledgeFiles(texts, problems));
  if (problems.length) throw new Error(problems.map((p) => `${p.file}: ${p.reason}`).join('\n'));
  return `${JSON.stringify({ hash: knowledgeHash(texts), files })}\n`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const dir = fileURLToPath(new URL('..', import.meta.url));
  const out = join(dir, KNOWLEDGE_DIR, KNOWLEDGE_CACHE);
  writeFileSync(out, renderKnowledgeCache(dir));
  process.stdout.write(`wrote ${out}\n`);
}
