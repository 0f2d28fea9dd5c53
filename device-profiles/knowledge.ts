/**
 * Loads and compiles the clue knowledge in `device-profiles/knowledge/` (categories, model series, brands, cloud
 * domains, name keywords, protocol facts, clue weights). A missing or invalid file is a problem naming the file;
 * identification then works without clues. Everything is compiled once into lookup tables.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'zod';
import type { Capability, Category } from '../gateway/contract.ts';
import { compileGlob } from './glob.ts';
import { checkKnowledgeFile, readYamlFile, type KnowledgeCheck } from '../gateway/util/yaml-cache.ts';
import {
  BrandsFileSchema, CategoriesFileSchema, CluesFileSchema, CloudsFileSchema, GeneratedCluesFileSchema, type GeneratedCluesFile, KeywordsFileSchema,
  ModelsFileSchema, ProtocolsFileSchema,
} from './knowledge-schema.ts';
import type { LangMap, Profile } from './schema.ts';

export const KNOWLEDGE_DIR = 'knowledge';
/** Clue tables generated from public device catalogues (generate/catalogues.ts); optional. */
export const GENERATED_CLUES = 'generated/clues/catalogues.json';

/** A compiled model-number series pattern. */
export interface ModelRule {
  maker: string;
  category: Category;
  weight: number;
  /** Sticky, case-insensitive: tested at a word start with `lastIndex`. */
  re: RegExp;
  pattern: string;
}

export interface BrandRule {
  maker: string;
  categories: Category[];
  platform: boolean;
}

export interface ProtocolRule {
  id: string;
  category: Category;
  weight: number;
  text: LangMap;
}

/** Everything the clue engine and the hint texts need, compiled. */
export interface ClueKnowledge {
  categoryAt: number;
  hintAt: number;
  texts: z.infer<typeof CluesFileSchema>['texts'];
  categories: Map<Category, { capabilities: Capability[]; noun: LangMap; checklist: Profile['checklist'] }>;
  defaultChecklist: Profile['checklist'];
  modelWeight: number;
  /** Model rules by the first character of their pattern, lower-cased. */
  models: Map<string, ModelRule[]>;
  brandWeight: number;
  /** Brand by exact token. */
  brandTokens: Map<string, BrandRule>;
  /** Tokens of 5+ characters that also count at the start of a longer word, longest first. */
  brandStems: { stem: string; brand: BrandRule }[];
  /** OUI organisation-name patterns → brand. */
  brandOuis: { re: RegExp; brand: BrandRule }[];
  cloudWeight: number;
  /** Registered domain (or any suffix) → cloud. */
  clouds: Map<string, BrandRule>;
  /** A device talking to at most this many registered domains has its sites' names read for brands. */
  siteMaxSites: number;
  /** A site's name without the words makers add to their name ("myfoscam" → foscam, "lorexcloud" → lorex), longest first. */
  siteAffixes: { prefixes: string[]; suffixes: string[] };
  keywordWeight: number;
  keywordWords: Map<string, { category: Category; weight: number }>;
  keywordEndings: { ending: string; category: Category; weight: number }[];
  /** Whole words in the names of the services a device talks to → category (a weaker clue than its own name). */
  serviceWords: Map<string, Category>;
  serviceWeight: number;
  ssdpTypes: { re: RegExp; rule: ProtocolRule }[];
  mdnsTypes: Map<string, ProtocolRule>;
  ports: Map<string, ProtocolRule>;
  protocolById: Map<string, ProtocolRule>;
  upload: z.infer<typeof ProtocolsFileSchema>['upload'];
  /** Generated from catalogues, used only for names the hand-written knowledge says nothing about. */
  generated: GeneratedClues;
}

/** A generated clue: the category, its calibrated weight, and the maker when it names one. */
export interface GeneratedClue {
  category: Category;
  weight: number;
  maker?: string;
}

export interface GeneratedClues {
  /** Weights hold for descriptions in words (the catalogue's kind of text); names on the network scale them by this. */
  nameFactor: number;
  words: Map<string, GeneratedClue>;
  /** Brand key → clue; keys of 6+ characters also count at the start of a longer word. */
  brands: Map<string, GeneratedClue & { maker: string }>;
  /** Model-number stem (`modelStem`) → clue. */
  models: Map<string, GeneratedClue & { maker: string }>;
}

/** Reads the generated clue tables; empty tables when the file is absent, null (with a problem) when invalid. */
export function loadGeneratedClues(dir: string, problems: KnowledgeProblem[]): GeneratedClues | null {
  const out: GeneratedClues = { nameFactor: 1, words: new Map(), brands: new Map(), models: new Map() };
  const path = join(dir, GENERATED_CLUES);
  if (!existsSync(path)) return out;
  let parsed: KnowledgeCheck<GeneratedCluesFile>;
  try {
    parsed = checkKnowledgeFile(path, 'generated-clues', () => JSON.parse(readFileSync(path, 'utf8')), GeneratedCluesFileSchema);
  } catch (err) {
    problems.push({ file: GENERATED_CLUES, reason: `not valid JSON: ${(err as Error).message.split('\n')[0]}` });
    return null;
  }
  if (!parsed.success) {
    problems.push({ file: GENERATED_CLUES, reason: parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ') });
    return null;
  }
  out.nameFactor = Math.min(1, ...Object.values(parsed.data.calibration).map((c) => c.transfer));
  for (const [k, [category, weight]] of Object.entries(parsed.data.words)) out.words.set(k, { category, weight });
  for (const [k, [maker, category, weight]] of Object.entries(parsed.data.brands)) out.brands.set(k, { maker, category, weight });
  for (const [k, [maker, category, weight]] of Object.entries(parsed.data.models)) out.models.set(k, { maker, category, weight });
  return out;
}

/** A problem with one knowledge file. */
export interface KnowledgeProblem {
  file: string;
  reason: string;
}

/** The knowledge files. */
export const KNOWLEDGE_FILES = ['brands.yaml', 'categories.yaml', 'clouds.yaml', 'clues.yaml', 'keywords.yaml', 'models.yaml', 'protocols.yaml'] as const;
type KnowledgeFile = (typeof KNOWLEDGE_FILES)[number];

/**
 * Validates one knowledge file (the compiled build reuses the build's check of an unchanged file, without reading or
 * parsing it; otherwise it is parsed through the build's parse cache, gateway/util/yaml-cache.ts). A missing,
 * unparsable or invalid file is a problem naming it.
 */
function check<T>(dir: string, name: KnowledgeFile, schema: z.ZodType<T>, problems: KnowledgeProblem[]): T | null {
  const path = join(dir, KNOWLEDGE_DIR, name);
  let parsed: KnowledgeCheck<T>;
  try {
    parsed = checkKnowledgeFile(path, 'knowledge', () => readYamlFile(path), schema);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    problems.push({ file: `${KNOWLEDGE_DIR}/${name}`, reason: `${e.code === 'ENOENT' || e.code === 'EACCES' ? 'not readable' : 'not readable YAML'}: ${e.message.split('\n')[0]}` });
    return null;
  }
  if (!parsed.success) {
    problems.push({ file: `${KNOWLEDGE_DIR}/${name}`, reason: parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ') });
    return null;
  }
  return parsed.data;
}

/** `#` digit, `@` letter, `?` any, `*` rest of the word (no spaces); literal otherwise. */
export function compileModelPattern(pattern: string): RegExp {
  let src = '';
  for (const ch of pattern) {
    if (ch === '#') src += '[0-9]';
    else if (ch === '@') src += '[a-z]';
    else if (ch === '?') src += '[^\\s]';
    else if (ch === '*') src += '[^\\s]*';
    else src += ch.replace(/[.+^${}()|[\]\\/-]/g, '\\$&');
  }
  // The match must end where a word ends (or run on through `*`).
  return new RegExp(`${src}(?![a-z0-9])`, 'iy');
}

/** Loads `knowledge/*.yaml` from the profiles folder; null (with problems) when a file is missing or invalid. */
/** `withGenerated: false` leaves the generated tables empty (their generator checks itself against the rest). */
export function loadClueKnowledge(dir: string, problems: KnowledgeProblem[], withGenerated = true): ClueKnowledge | null {
  const cats = check(dir, 'categories.yaml', CategoriesFileSchema, problems);
  const clues = check(dir, 'clues.yaml', CluesFileSchema, problems);
  const models = check(dir, 'models.yaml', ModelsFileSchema, problems);
  const brands = check(dir, 'brands.yaml', BrandsFileSchema, problems);
  const clouds = check(dir, 'clouds.yaml', CloudsFileSchema, problems);
  const keywords = check(dir, 'keywords.yaml', KeywordsFileSchema, problems);
  const protocols = check(dir, 'protocols.yaml', ProtocolsFileSchema, problems);
  const generated = withGenerated ? loadGeneratedClues(dir, problems) : { nameFactor: 1, words: new Map(), brands: new Map(), models: new Map() };
  if (!cats || !clues || !models || !brands || !clouds || !keywords || !protocols || !generated) return null;

  const k: ClueKnowledge = {
    categoryAt: clues.categoryAt,
    hintAt: clues.hintAt,
    texts: clues.texts,
    categories: new Map(Object.entries(cats.categories).map(([c, v]) => [c as Category, { capabilities: v.capabilities, noun: v.noun, checklist: v.checklist ?? [] }])),
    defaultChecklist: cats.default.checklist,
    modelWeight: models.weight,
    models: new Map(),
    brandWeight: brands.weight,
    brandTokens: new Map(),
    brandStems: [],
    brandOuis: [],
    cloudWeight: clouds.weight,
    clouds: new Map(),
    siteMaxSites: clouds.siteBrands.maxSites,
    siteAffixes: {
      prefixes: [...clouds.siteBrands.prefixes].sort((a, b) => b.length - a.length),
      suffixes: [...clouds.siteBrands.suffixes].sort((a, b) => b.length - a.length),
    },
    keywordWeight: keywords.weight,
    keywordWords: new Map(),
    keywordEndings: [],
    serviceWords: new Map(),
    serviceWeight: keywords.services.weight,
    ssdpTypes: [],
    mdnsTypes: new Map(),
    ports: new Map(),
    protocolById: new Map(),
    upload: protocols.upload,
    generated,
  };
  for (const s of models.series) {
    for (const pattern of s.patterns) {
      const key = pattern.slice(0, 1).toLowerCase();
      const list = k.models.get(key) ?? [];
      list.push({ maker: s.maker, category: s.category, weight: s.weight ?? models.weight, re: compileModelPattern(pattern), pattern });
      k.models.set(key, list);
    }
  }
  for (const b of brands.brands) {
    const rule: BrandRule = { maker: b.maker, categories: b.categories, platform: b.platform ?? false };
    for (const t of b.tokens) {
      k.brandTokens.set(t, rule);
      if (t.length >= 5) k.brandStems.push({ stem: t, brand: rule });
    }
    for (const o of b.ouiVendors ?? []) k.brandOuis.push({ re: compileGlob(o), brand: rule });
  }
  k.brandStems.sort((a, b) => b.stem.length - a.stem.length);
  for (const c of clouds.clouds) {
    const rule: BrandRule = { maker: c.maker, categories: c.categories, platform: false };
    for (const d of c.domains) k.clouds.set(d, rule);
  }
  for (const kw of keywords.keywords) {
    const weight = kw.weight ?? keywords.weight;
    for (const w of kw.words) k.keywordWords.set(w, { category: kw.category, weight });
    for (const e of kw.endings ?? []) k.keywordEndings.push({ ending: e, category: kw.category, weight });
  }
  k.keywordEndings.sort((a, b) => b.ending.length - a.ending.length);
  for (const [category, words] of Object.entries(keywords.services.words)) for (const w of words ?? []) k.serviceWords.set(w, category as Category);
  for (const f of protocols.facts) {
    const rule: ProtocolRule = { id: f.id, category: f.category, weight: f.weight, text: f.text };
    k.protocolById.set(f.id, rule);
    if (f.ssdpType) k.ssdpTypes.push({ re: compileGlob(f.ssdpType), rule });
    if (f.mdnsType) k.mdnsTypes.set(f.mdnsType.toLowerCase(), rule);
    if (f.port) k.ports.set(`${f.port.proto}/${f.port.port}/${f.port.direction}`, rule);
  }
  return k;
}

/** Checklist steps for a device known only by its kind: its category's, else the general "find it" steps. */
export function checklistFor(k: Pick<ClueKnowledge, 'categories' | 'defaultChecklist'>, category: Category): Profile['checklist'] {
  const own = k.categories.get(category)?.checklist ?? [];
  return own.length ? own : k.defaultChecklist;
}
