/**
 * Loads detection rules: read → parse YAML → validate (the rule schema, then the matcher's params) → check the
 * id names the file and the placeholders exist → compiled once. A bad file is reported with its name and the
 * reason and skipped (the corpus test fails on any problem in the built-in set). This is the only module that
 * reads `pcap-rules/`.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkKnowledgeFile, readYamlFile, type KnowledgeCheck } from '../gateway/util/yaml-cache.ts';
import { describeIssues } from '../device-profiles/load.ts';
import { listYamlFiles } from '../gateway/util/yaml-files.ts';
import { MATCHERS } from '../gateway/rules/matchers/index.ts';
import type { Matcher } from '../gateway/rules/matchers/types.ts';
import { RULE_ID, RuleSchema, type Rule } from './schema.ts';
import { builtInPhrases } from './phrases.ts';

/** The built-in rules folder (this file's folder). */
export const DEFAULT_RULES_DIR = fileURLToPath(new URL('.', import.meta.url));

/** Folders under the rules folder that hold other data (indicator list sources), not rules. */
const NOT_RULES = new Set(['indicators']);

/** A rule file that could not be used, and why. */
export interface RuleProblem {
  file: string;
  reason: string;
}

/** A validated rule with its matcher and parsed params, ready for the engine. */
export interface LoadedRule {
  rule: Rule;
  file: string;
  matcher: Matcher<never>;
  params: never;
}

export interface RuleSet {
  rules: LoadedRule[];
  problems: RuleProblem[];
}

const PLACEHOLDER = /\{([^{}]*)\}/g;

/** Placeholder names used in a template (`{device}` → `device`). */
export function placeholdersOf(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((m) => m[1]!);
}

/** Rule files (`<family>/<id>.yaml`) relative to `dir`, sorted. Unreadable folders become problems. */
export function listRuleFiles(dir: string, problems: RuleProblem[] = []): string[] {
  return listYamlFiles(dir, (file, reason) => problems.push({ file, reason }), { skipTopFolders: NOT_RULES, minDepth: 1 });
}

/** Validates one parsed rule document; returns the rule or the reason it cannot be used. */
export function checkRule(raw: unknown, file: string): { rule: LoadedRule } | { reason: string } {
  return finishRule(RuleSchema.safeParse(raw), file);
}

/** The checks after the schema's: the id names the file, the placeholders exist. */
function finishRule(parsed: KnowledgeCheck<unknown>, file: string): { rule: LoadedRule } | { reason: string } {
  if (!parsed.success) return { reason: describeIssues(parsed.error) };
  const rule = parsed.data as Rule;
  const family = RULE_ID.exec(rule.id)![1]!.toLowerCase();
  const expected = `${family}/${rule.id}.yaml`;
  if (file.replace(/\.yml$/, '.yaml') !== expected) return { reason: `id "${rule.id}" does not match the file path (expected "${expected}")` };
  const matcher = MATCHERS.get(rule.match.matcher)!;
  const known = new Set(['device', ...matcher.placeholders]);
  for (const field of ['title', 'summary', 'advice', 'noticeRisk'] as const) {
    for (const [lang, text] of Object.entries(rule[field] as Record<string, string>)) {
      for (const name of placeholdersOf(text)) {
        if (!known.has(name)) {
          return { reason: `${field}.${lang}: unknown placeholder {${name}} (matcher ${matcher.name} fills ${[...known].map((k) => `{${k}}`).join(', ')})` };
        }
      }
    }
  }
  return { rule: { rule, file, matcher, params: rule.match.params as never } };
}

/**
 * The domain suffixes under which a host name leads to the home itself (rules marked `hostsLeadHome`, e.g. dynamic
 * DNS and tunnels), for redacting copies made for a helper.
 */
export function homeNameSuffixes(rules: readonly LoadedRule[]): string[] {
  return rules.filter((r) => r.rule.hostsLeadHome).flatMap((r) => (r.params as { suffixes?: string[] }).suffixes ?? []);
}

/** Loads and validates every rule under `dir`; a bad file becomes a problem and is skipped. */
export function loadRules(dir: string = DEFAULT_RULES_DIR): RuleSet {
  const problems: RuleProblem[] = [];
  const rules: LoadedRule[] = [];
  const seen = new Map<string, string>();
  for (const file of listRuleFiles(dir, problems)) {
    const path = join(dir, file);
    let parsed: KnowledgeCheck<unknown>;
    try {
      // The compiled build reuses the build's check of an unchanged file (gateway/util/yaml-cache.ts).
      parsed = checkKnowledgeFile(path, 'rule', () => readYamlFile(path), RuleSchema);
    } catch (err) {
      problems.push({ file, reason: `not valid YAML: ${(err as Error).message.split('\n')[0]}` });
      continue;
    }
    const checked = finishRule(parsed, file);
    if ('reason' in checked) {
      problems.push({ file, reason: checked.reason });
      continue;
    }
    const other = seen.get(checked.rule.rule.id);
    if (other) {
      problems.push({ file, reason: `duplicate id "${checked.rule.rule.id}" (also in ${other})` });
      continue;
    }
    seen.set(checked.rule.rule.id, file);
    rules.push(checked.rule);
  }
  // The evidence phrases the built-in rules' matchers use are read now, with the rules, not at the first finding.
  if (dir === DEFAULT_RULES_DIR) builtInPhrases();
  return { rules, problems };
}
