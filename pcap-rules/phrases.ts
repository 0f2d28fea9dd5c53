/**
 * Loads `phrases.yaml`: the words (capabilities, categories) and evidence-line templates the detection rules
 * build from what they saw, in every language. Read once, validated with zod; a bad built-in file fails at load
 * with its name and the field. This and `load.ts` are the only modules that read `pcap-rules/`.
 */
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { lazySchema } from '../gateway/util/lazy-schema.ts';
import { checkKnowledgeFile, readYamlFile } from '../gateway/util/yaml-cache.ts';
import { CAPABILITIES, CATEGORIES } from '../gateway/contract.ts';
import { LangMapSchema } from '../device-profiles/schema.ts';

export const PHRASES_FILE = fileURLToPath(new URL('./phrases.yaml', import.meta.url));

const byKey = <K extends string>(keys: readonly K[]) =>
  z.strictObject(Object.fromEntries(keys.map((k) => [k, LangMapSchema])) as Record<K, typeof LangMapSchema>);

export const PhrasesSchema = lazySchema(() =>
  z.strictObject({
    capabilities: byKey(CAPABILITIES),
    categories: byKey(CATEGORIES),
    evidence: z.record(z.string().regex(/^[a-z][a-z0-9-]*$/), LangMapSchema),
    /** Labels and detail parts of the access entries the quiet checks write (discovery/access/). */
    access: z.record(z.string().regex(/^[a-z][a-z0-9-]*$/), LangMapSchema),
    /** Lines saying how a device changed between two audits (gateway/audit/diff.ts). */
    diff: z.record(z.string().regex(/^[a-z][a-z0-9-]*$/), LangMapSchema),
    /** Why an owner-started account check stopped or was refused, and the words its messages name (gateway/accounts/). */
    'account-errors': z.record(z.string().regex(/^[a-z][a-z0-9-]*$/), LangMapSchema),
  }),
);
export type Phrases = z.infer<typeof PhrasesSchema>;

/**
 * Reads and validates a phrases file (the compiled build reuses the build's check of the unchanged built-in file);
 * throws with the file name and the first bad field.
 */
export function loadPhrases(file = PHRASES_FILE): Phrases {
  const parsed = checkKnowledgeFile(file, 'phrases', () => readYamlFile(file), PhrasesSchema);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${file}: ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}

let builtIn: Phrases | undefined;

/** The built-in phrases, read once. */
export function builtInPhrases(): Phrases {
  builtIn ??= loadPhrases();
  return builtIn;
}
