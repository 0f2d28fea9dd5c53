/**
 * Clues: what a person would read from a device's evidence when no profile names it — a maker's model number, a
 * brand or a word in its names, the cloud it talks to, a protocol it serves, a steady video-like upload. One
 * mechanism over the data in `device-profiles/knowledge/` (the engine names no vendor). Pure: no I/O.
 *
 * Clues for one category combine with a noisy-or; clues drawn from the same piece of evidence (one host name)
 * count once, at the strongest. See `knowledge/clues.yaml` for what the weights mean.
 */
import type { Category, DeviceHint, HintReason } from '../gateway/contract.ts';
import type { BrandRule, ClueKnowledge, GeneratedClue } from '../device-profiles/knowledge.ts';
import type { DeviceEvidence } from './identify.ts';

/** The best category the clues point to, how strongly, the maker when named, and why. */
export interface ClueResult {
  category: Category;
  score: number;
  maker?: string;
  reasons: HintReason[];
}

interface Clue {
  category?: Category;
  weight: number;
  maker?: string;
  reason: HintReason;
}

const MAX_VALUE = 255;
// TXT keys that carry a model or a name (HomeKit md, Cast md/fn, printers ty/product, many devices model/mn/name).
const NAME_TXT_KEYS = new Set(['md', 'fn', 'model', 'mn', 'mdl', 'ty', 'product', 'name', 'n', 'dn', 'vendor', 'manufacturer', 'brand']);

/** The array, or nothing when evidence from outside is not one. */
function list<T>(v: readonly T[] | undefined): readonly T[] {
  return Array.isArray(v) ? v : [];
}

function str(v: unknown): string | null {
  if (typeof v !== 'string') return null;
  const s = v.trim();
  return s.length > 0 && s.length <= MAX_VALUE ? s : null;
}

/** Words of a name: "Front-DoorCam_01" → front, doorcam, door, cam, 01 (whole words and their camel-case parts). */
export function nameTokens(name: string): string[] {
  const out = new Set<string>();
  for (const word of name.split(/[^\p{L}\p{N}]+/u)) {
    if (!word) continue;
    out.add(word.toLowerCase());
    const parts = word.split(/(?<=\p{Ll})(?=\p{Lu})|(?<=\p{L})(?=\p{N})|(?<=\p{N})(?=\p{L})/u);
    if (parts.length > 1) for (const p of parts) if (p.length >= 2) out.add(p.toLowerCase());
  }
  return [...out];
}

/**
 * The letters a model number starts with, when 4–6 letters are followed (after at most one hyphen) by a digit:
 * "SNZB-02P" → "snzb", "RTCGQ11LM" → "rtcgq"; null (three letters are too often a word or an abbreviation) otherwise. The generated model-stem table is keyed by this.
 */
export function modelStem(word: string): string | null {
  const m = /^([A-Za-z]{4,6})-?[0-9]/.exec(word);
  return m ? m[1]!.toLowerCase() : null;
}

// Second-level labels under which a country's registrations sit ("co.uk", "com.br", "ne.jp").
const GENERIC_SECOND_LEVEL = new Set(['co', 'com', 'net', 'org', 'gov', 'ac', 'edu', 'ne', 'or', 'go', 'gob', 'nic']);

/**
 * The registered domain of a host name and the label it is made of: "cloud.annke.com" → annke.com / "annke";
 * "api.example.co.uk" → example.co.uk / "example". Hyphens are dropped from the label ("u-tec" → "utec"). Null for an
 * address or a bare name.
 */
export function registeredDomain(host: string): { domain: string; label: string } | null {
  if (!host || /^[0-9.]+$/.test(host) || host.includes(':')) return null;
  const labels = host.split('.').filter(Boolean);
  if (labels.length < 2) return null;
  const tld = labels[labels.length - 1]!;
  const under = tld.length === 2 && GENERIC_SECOND_LEVEL.has(labels[labels.length - 2]!) ? 3 : 2;
  if (labels.length < under) return null;
  const label = labels[labels.length - under]!;
  const domain = labels.slice(labels.length - under).join('.');
  const word = label.replace(/-/g, '');
  return word ? { domain, label: word } : null;
}

/** The strings that name a device: host names, mDNS instance names and name-like TXT values, SSDP description fields. */
export function evidenceNames(ev: DeviceEvidence): string[] {
  const names = new Set<string>();
  const add = (v: unknown) => {
    const s = str(v);
    if (s) names.add(s.replace(/\.local\.?$/i, ''));
  };
  for (const h of list(ev.hostnames)) add(h);
  for (const d of list(ev.dhcp)) {
    add(d?.hostname);
    add(d?.vendorClass);
  }
  for (const r of list(ev.mdns)) {
    if (!r) continue;
    add(r.host);
    const inst = str(r.instance);
    if (inst) add(inst.replace(/\._[^.]+\._(?:tcp|udp)(?:\.local)?\.?$/i, ''));
    for (const [k, v] of Object.entries(r.txt && typeof r.txt === 'object' ? r.txt : {})) if (NAME_TXT_KEYS.has(k.toLowerCase())) add(v);
  }
  for (const s of list(ev.ssdp)) {
    const d = s?.description;
    if (!d || typeof d !== 'object') continue;
    add(d.friendlyName);
    add(d.manufacturer);
    add(d.modelName);
    add(d.modelNumber);
    add(d.modelDescription);
  }
  for (const d of list(ev.descriptions)) add(d);
  return [...names];
}

function formatRate(bitsPerSecond: number): string {
  return bitsPerSecond >= 1e6 ? `${(bitsPerSecond / 1e6).toFixed(1)} Mbit/s` : `${Math.round(bitsPerSecond / 1e3)} kbit/s`;
}

/** `s` without the first of `affixes` it starts (or ends) with, when four or more characters remain; else null. */
function cut(s: string, affixes: readonly string[], front: boolean): string | null {
  for (const a of affixes) {
    if (s.length - a.length >= 4 && (front ? s.startsWith(a) : s.endsWith(a))) return front ? s.slice(a.length) : s.slice(0, s.length - a.length);
  }
  return null;
}

/** Builds the clue matcher over compiled knowledge. */
export function createClueMatcher(k: ClueKnowledge): (ev: DeviceEvidence) => ClueResult | null {
  const brandClue = (brand: BrandRule, weight: number, reason: HintReason): Clue => ({
    // A brand that makes one kind says that kind; a brand of several names the maker, and its first kind is a "could be".
    category: brand.categories[0],
    weight: brand.categories.length === 1 ? weight : weight / 2,
    maker: brand.maker,
    reason,
  });

  const fromName = (name: string, out: Clue[], generatedFactor: number): void => {
    // Model-number series, tested where a word starts.
    for (let i = 0; i < name.length - 1; i++) {
      if (i > 0 && /[\p{L}\p{N}]/u.test(name[i - 1]!)) continue;
      for (const rule of k.models.get(name[i]!.toLowerCase()) ?? []) {
        rule.re.lastIndex = i;
        if (rule.re.test(name)) {
          out.push({ category: rule.category, weight: rule.weight, maker: rule.maker, reason: { kind: 'model', detail: name.slice(i, rule.re.lastIndex), maker: rule.maker } });
        }
      }
    }
    const tokens = nameTokens(name);
    const handClues = out.length;
    for (const t of tokens) {
      // A brand at the start of a longer word ("reolinkcam") needs a real word after it, not "s" or "o" ("brothers").
      const brand = k.brandTokens.get(t) ?? k.brandStems.find((s) => t.length >= s.stem.length + 3 && t.startsWith(s.stem))?.brand;
      if (brand) out.push(brandClue(brand, k.brandWeight, { kind: 'brand', detail: name, maker: brand.maker }));
      const kw = k.keywordWords.get(t) ?? k.keywordEndings.find((e) => t.length > e.ending.length && t.endsWith(e.ending));
      if (kw) out.push({ category: kw.category, weight: kw.weight, reason: { kind: 'keyword', detail: name } });
    }
    // The hand-written knowledge is more careful: the generated tables only speak for names it says nothing about.
    if (out.length === handClues) fromGenerated(name, tokens, out, generatedFactor);
  };

  const g = k.generated;
  /** A clue from a generated table entry that names its maker, its weight scaled by `f` (see GeneratedClues.nameFactor). */
  const generatedClue = (e: GeneratedClue & { maker: string }, f: number, kind: 'model' | 'brand' | 'oui' | 'cloud', detail: string): Clue => ({
    category: e.category,
    weight: e.weight * f,
    maker: e.maker,
    reason: { kind, detail, maker: e.maker },
  });
  /** Clues from the generated tables, their weights scaled by `f` (see GeneratedClues.nameFactor). */
  const fromGenerated = (name: string, tokens: readonly string[], out: Clue[], f: number): void => {
    for (const word of name.split(/[^A-Za-z0-9-]+/)) {
      const stem = modelStem(word);
      const m = stem ? g.models.get(stem) : undefined;
      if (m) out.push(generatedClue(m, f, 'model', word));
    }
    for (const t of tokens) {
      const b = generatedBrand(t);
      if (b) out.push(generatedClue(b, f, 'brand', name));
      const w = g.words.get(t);
      if (w) out.push({ category: w.category, weight: w.weight * f, reason: { kind: 'keyword', detail: name } });
    }
  };
  /** A generated brand by its key, or (keys of 6+ characters) at the start of a longer word with 3+ more. */
  const generatedBrand = (t: string) => {
    const exact = g.brands.get(t);
    if (exact) return exact;
    for (let len = 6; len <= t.length - 3; len++) {
      const b = g.brands.get(t.slice(0, len));
      if (b) return b;
    }
    return undefined;
  };

  /**
   * The brand a site's label names, and the name it was found by: the label itself, or the label without a word
   * makers add to their name ("myfoscam" → foscam). Without a hand-written brand, the bare name is returned for the
   * generated table.
   */
  const siteBrand = (label: string): [BrandRule | undefined, string] => {
    const direct = k.brandTokens.get(label);
    if (direct) return [direct, label];
    const { prefixes, suffixes } = k.siteAffixes;
    const front = cut(label, prefixes, true);
    const back = cut(label, suffixes, false);
    const both = front !== null ? cut(front, suffixes, false) : null;
    for (const name of [front, back, both]) {
      if (name === null) continue;
      const brand = k.brandTokens.get(name);
      if (brand) return [brand, name];
    }
    for (const name of [label, front, back, both]) if (name !== null && g.brands.has(name)) return [undefined, name];
    return [undefined, label];
  };

  /**
   * Words in the names of the services a device talks to ("camera-api.example.com"): one clue per registered domain.
   * Host names arrive lower-cased; their words split at anything not a letter or digit, and between letters and digits.
   */
  const serviceClues = (hosts: readonly [string, { domain: string }][], put: (group: string, clues: Clue[]) => void): void => {
    if (k.serviceWords.size === 0) return;
    for (const [host, site] of hosts) {
      // The labels below the public suffix and the registered name: "camera-api.example.co.uk" → camera-api, example.
      const name = host.slice(0, host.length - site.domain.length) + site.domain.slice(0, site.domain.indexOf('.'));
      for (const word of name.split(/[^a-z0-9]+/)) {
        if (!word) continue;
        for (const t of /[0-9]/.test(word) ? word.split(/(?<=[a-z])(?=[0-9])|(?<=[0-9])(?=[a-z])/) : [word]) {
          const category = k.serviceWords.get(t);
          if (category) put(`service:${site.domain}`, [{ category, weight: k.serviceWeight, reason: { kind: 'service', detail: host } }]);
        }
      }
    }
  };

  return (ev: DeviceEvidence): ClueResult | null => {
    // Clues per piece of evidence; within a group only the strongest per category counts.
    const groups = new Map<string, Clue[]>();
    const put = (group: string, clues: Clue[]) => {
      if (clues.length) groups.set(group, [...(groups.get(group) ?? []), ...clues]);
    };

    // Descriptions in words (zigbee2mqtt, Home Assistant) are the generated tables' own kind of text.
    const described = new Set(list(ev.descriptions).map((d) => str(d)?.replace(/\.local\.?$/i, '')));
    for (const name of evidenceNames(ev)) {
      const clues: Clue[] = [];
      fromName(name, clues, described.has(name) ? 1 : g.nameFactor);
      put(`name:${name.toLowerCase()}`, clues);
    }
    const vendor = str(ev.vendor);
    if (vendor) {
      const hit = k.brandOuis.find((o) => o.re.test(vendor));
      if (hit) put('oui', [brandClue(hit.brand, k.brandWeight, { kind: 'oui', detail: vendor, maker: hit.brand.maker })]);
      else {
        // The registered organisation's whole name, or its first word ("Schneider Electric Industries" → schneider…).
        const words = vendor.toLowerCase().normalize('NFKD').split(/[^a-z0-9]+/).filter(Boolean);
        const b = g.brands.get(words.join('')) ?? (words[0] && words[0].length >= 4 ? g.brands.get(words[0]) : undefined);
        if (b) put('oui', [generatedClue(b, g.nameFactor, 'oui', vendor)]);
      }
    }
    const sites = new Set<string>();
    // Registered domain → its label, for the sites no cloud lists (each looked up once, however many names under it).
    const unlisted = new Map<string, string>();
    const named: [string, { domain: string }][] = [];
    for (const raw of list(ev.domains)) {
      const host = str(raw)?.toLowerCase().replace(/\.+$/, '') ?? '';
      const site = registeredDomain(host);
      if (site) {
        sites.add(site.domain);
        named.push([host, site]);
      }
      let rest = host;
      let listed = false;
      while (rest.includes('.')) {
        const cloud = k.clouds.get(rest);
        if (cloud) {
          put(`cloud:${cloud.maker}`, [brandClue(cloud, k.cloudWeight, { kind: 'cloud', detail: rest, maker: cloud.maker })]);
          listed = true;
          break;
        }
        rest = rest.slice(rest.indexOf('.') + 1);
      }
      if (!listed && site) unlisted.set(site.domain, site.label);
    }
    // A site no cloud lists names its owner by its registered name, on a device that talks to few sites.
    if (sites.size <= k.siteMaxSites) {
      serviceClues(named, put);
      for (const [host, label] of unlisted) {
        const [brand, name] = siteBrand(label);
        if (brand) {
          put(`cloud:${brand.maker}`, [brandClue(brand, k.cloudWeight, { kind: 'cloud', detail: host, maker: brand.maker })]);
          continue;
        }
        const b = g.brands.get(name);
        if (b) put(`cloud:${b.maker}`, [generatedClue(b, g.nameFactor, 'cloud', host)]);
      }
    }
    for (const s of list(ev.ssdp)) {
      for (const v of [s?.st, s?.nt, s?.description?.deviceType]) {
        const t = str(v);
        const fact = t ? k.ssdpTypes.find((x) => x.re.test(t)) : undefined;
        if (fact) put(`proto:${fact.rule.id}`, [{ category: fact.rule.category, weight: fact.rule.weight, reason: { kind: 'protocol', detail: fact.rule.id } }]);
      }
    }
    for (const r of list(ev.mdns)) {
      const type = str(r?.type)?.toLowerCase().replace(/\.local\.?$/, '').replace(/\.$/, '');
      const fact = type ? k.mdnsTypes.get(type) : undefined;
      if (fact) put(`proto:${fact.id}`, [{ category: fact.category, weight: fact.weight, reason: { kind: 'protocol', detail: fact.id } }]);
    }
    for (const p of list(ev.ports)) {
      if (!p) continue;
      const fact = k.ports.get(`${p.proto}/${p.port}/${p.direction}`);
      if (fact) put(`proto:${fact.id}`, [{ category: fact.category, weight: fact.weight, reason: { kind: 'protocol', detail: fact.id } }]);
    }
    const up = ev.upload;
    if (up && Number.isFinite(up.seconds) && Number.isFinite(up.bytesUp) && up.seconds >= k.upload.minSeconds) {
      const rate = (up.bytesUp * 8) / up.seconds;
      if (rate >= k.upload.minBitsPerSecond && up.bytesUp >= k.upload.minRatio * up.bytesDown) {
        put('upload', [{ category: k.upload.category, weight: k.upload.weight, reason: { kind: 'upload', detail: formatRate(rate) } }]);
      }
    }
    if (groups.size === 0) return null;

    const byCategory = new Map<Category, Clue[]>();
    const makers: Clue[] = [];
    for (const clues of groups.values()) {
      const best = new Map<Category, Clue>();
      for (const c of clues) {
        if (c.maker) makers.push(c);
        if (!c.category) continue;
        const prev = best.get(c.category);
        if (!prev || c.weight > prev.weight) best.set(c.category, c);
      }
      for (const [cat, c] of best) byCategory.set(cat, [...(byCategory.get(cat) ?? []), c]);
    }
    let top: { category: Category; score: number; clues: Clue[] } | undefined;
    for (const [category, clues] of byCategory) {
      const score = 1 - clues.reduce((acc, c) => acc * (1 - c.weight), 1);
      if (!top || score > top.score + 1e-9) top = { category, score, clues };
    }
    if (!top) return null;
    const strongest = (list: Clue[]) => [...list].sort((a, b) => b.weight - a.weight)[0];
    const maker = strongest(top.clues.filter((c) => c.maker))?.maker ?? strongest(makers)?.maker;
    return {
      category: top.category,
      score: Math.round(top.score * 1000) / 1000,
      ...(maker ? { maker } : {}),
      reasons: [...top.clues].sort((a, b) => b.weight - a.weight).slice(0, 3).map((c) => c.reason),
    };
  };
}

/** The hint a device shows, from clues: "likely" at or above `categoryAt`, "possible" from `hintAt`. */
export function hintOf(result: ClueResult | null, k: Pick<ClueKnowledge, 'categoryAt' | 'hintAt'>): DeviceHint | undefined {
  if (!result || result.score < k.hintAt) return undefined;
  return {
    category: result.category,
    level: result.score >= k.categoryAt ? 'likely' : 'possible',
    confidence: result.score,
    ...(result.maker ? { maker: result.maker } : {}),
    reasons: result.reasons,
  };
}
