/**
 * Compiled indicator lists: host names by suffix walk, IPs and CIDRs by prefix length. Built once, then every
 * lookup costs O(labels in the host) or O(distinct prefix lengths), whatever the number of indicators.
 */
import { maskOf, parseCidr, parseIp, parseIpv4Number, type IpValue } from './ip-address.ts';
import { labelSuffixes } from './label-suffixes.ts';
import { normaliseHost } from './normalise.ts';
import { isPublicSuffix } from './public-suffix.ts';
import type { IndicatorCategory, IndicatorEntry, IndicatorKind, IndicatorProblem } from './types.ts';

/** What a lookup found: the indicator that matched and everything the sources say about it. */
export interface IndicatorHit {
  /** The matching indicator (a domain the host equals or ends with, an IP, or a CIDR). */
  indicator: string;
  kind: IndicatorKind;
  /**
   * The most serious category (c2 > other > marketing) among the sources that state one; only when none does,
   * the most serious guessed one (see IndicatorEntry.categoryGuessed).
   */
  category: IndicatorCategory;
  /** Apps the sources link to this indicator, sorted, without repeats (may be empty). */
  apps: readonly string[];
  /** Source files that list it, sorted. */
  sources: readonly string[];
}

/** A compiled set of indicators. */
export interface IndicatorMatcher {
  /** The best indicator for a host name (DNS question, TLS SNI, HTTP Host), or undefined. */
  matchHost(host: string): IndicatorHit | undefined;
  /** The best exact-IP or CIDR indicator containing an address (IPv4, IPv6, IPv4-mapped IPv6), or undefined. */
  matchIp(ip: string): IndicatorHit | undefined;
  /** Distinct indicators kept, by kind. */
  readonly size: Readonly<Record<IndicatorKind, number>>;
  /** Entries refused while compiling (public suffixes, values the matcher cannot use). */
  readonly problems: readonly IndicatorProblem[];
}

const RANK: Record<IndicatorCategory, number> = { c2: 3, other: 2, marketing: 1 };

interface Building {
  indicator: string;
  kind: IndicatorKind;
  /** Most serious category stated by a source that tells C2 from web sites, and the most serious guessed one. */
  stated?: IndicatorCategory;
  guessed?: IndicatorCategory;
  apps: Set<string>;
  sources: Set<string>;
}

function merge(map: Map<string | bigint, Building>, key: string | bigint, e: IndicatorEntry): void {
  let b = map.get(key);
  if (!b) map.set(key, (b = { indicator: e.value, kind: e.kind, apps: new Set(), sources: new Set() }));
  const slot = e.categoryGuessed ? 'guessed' : 'stated';
  const had = b[slot];
  if (!had || RANK[e.category] > RANK[had]) b[slot] = e.category;
  if (e.app) b.apps.add(e.app);
  b.sources.add(e.source);
}

function freeze(b: Building): IndicatorHit {
  return Object.freeze({ indicator: b.indicator, kind: b.kind, category: (b.stated ?? b.guessed)!, apps: Object.freeze([...b.apps].sort()), sources: Object.freeze([...b.sources].sort()) });
}

/** A hit wins over another when its category is more serious, then when it is more specific. */
function better(a: IndicatorHit, aSpecificity: number, b: IndicatorHit | undefined, bSpecificity: number): boolean {
  if (!b) return true;
  const d = RANK[a.category] - RANK[b.category];
  return d > 0 || (d === 0 && aSpecificity > bSpecificity);
}

interface PrefixTable {
  bits: number;
  /** Prefix lengths present, longest first; exact addresses are full-length prefixes. */
  lengths: number[];
  masks: bigint[];
  byLength: Map<number, Map<bigint, IndicatorHit>>;
}

function buildPrefixTable(bits: number, nets: Map<string, { prefix: number; value: bigint; b: Building }>): PrefixTable {
  const byLength = new Map<number, Map<bigint, IndicatorHit>>();
  for (const { prefix, value, b } of nets.values()) {
    let m = byLength.get(prefix);
    if (!m) byLength.set(prefix, (m = new Map()));
    m.set(value, freeze(b));
  }
  const lengths = [...byLength.keys()].sort((x, y) => y - x);
  return { bits, lengths, masks: lengths.map((l) => maskOf(bits, l)), byLength };
}

function lookupPrefix(t: PrefixTable, ip: IpValue): IndicatorHit | undefined {
  let best: IndicatorHit | undefined;
  let bestLen = -1;
  for (let i = 0; i < t.lengths.length; i++) {
    const hit = t.byLength.get(t.lengths[i])!.get(ip.value & t.masks[i]);
    if (hit && better(hit, t.lengths[i], best, bestLen)) {
      best = hit;
      bestLen = t.lengths[i];
    }
  }
  return best;
}

/** An IPv4 prefix table with numbers for keys and masks (IPv4 fits in 32 bits). */
interface V4Table {
  lengths: number[];
  masks: number[];
  byLength: Map<number, IndicatorHit>[];
}

function numberTable(t: PrefixTable): V4Table {
  return {
    lengths: t.lengths,
    masks: t.lengths.map((l) => (l === 0 ? 0 : (0xffffffff << (32 - l)) >>> 0)),
    byLength: t.lengths.map((l) => new Map([...t.byLength.get(l)!].map(([k, hit]) => [Number(k), hit]))),
  };
}

function lookupV4(t: V4Table, ip: number): IndicatorHit | undefined {
  let best: IndicatorHit | undefined;
  let bestLen = -1;
  for (let i = 0; i < t.lengths.length; i++) {
    const hit = t.byLength[i]!.get((ip & t.masks[i]!) >>> 0);
    if (hit && better(hit, t.lengths[i]!, best, bestLen)) {
      best = hit;
      bestLen = t.lengths[i]!;
    }
  }
  return best;
}

/**
 * Compiles normalised entries (from the loaders) into a matcher. The same value from several sources or apps
 * becomes one indicator carrying all of them. Domain indicators that are public suffixes are refused and listed
 * in `problems`; so are values whose kind and text disagree (entries built by hand).
 */
export function createIndicatorMatcher(entries: Iterable<IndicatorEntry>): IndicatorMatcher {
  const domains = new Map<string | bigint, Building>();
  const nets = { 4: new Map<string, { prefix: number; value: bigint; b: Building }>(), 6: new Map<string, { prefix: number; value: bigint; b: Building }>() };
  const netBuild = new Map<string | bigint, Building>();
  const problems: IndicatorProblem[] = [];
  const refused = new Set<string>();
  const size: Record<IndicatorKind, number> = { domain: 0, ip: 0, cidr: 0 };
  for (const e of entries) {
    if (e.kind === 'domain') {
      const host = normaliseHost(e.value);
      if (!host) {
        problems.push({ source: e.source, value: e.value, code: 'bad-value', message: `"${e.value}" is not a valid host name` });
        continue;
      }
      if (isPublicSuffix(host)) {
        const key = `${e.source}\n${host}`;
        if (!refused.has(key)) {
          refused.add(key);
          problems.push({ source: e.source, value: host, code: 'public-suffix', message: `"${host}" is a public suffix (names under it belong to unrelated owners); not used` });
        }
        continue;
      }
      merge(domains, host, { ...e, value: host });
      continue;
    }
    const net = e.kind === 'cidr' ? parseCidr(e.value) : (() => {
      const ip = parseIp(e.value);
      return ip && { ...ip, prefix: ip.version === 4 ? 32 : 128 };
    })();
    if (!net) {
      problems.push({ source: e.source, value: e.value, code: 'bad-value', message: `"${e.value}" is not a valid ${e.kind === 'cidr' ? 'CIDR range' : 'IP address'}` });
      continue;
    }
    const key = `${net.version}/${net.prefix}/${net.value}`;
    merge(netBuild, key, e);
    nets[net.version].set(key, { prefix: net.prefix, value: net.value, b: netBuild.get(key)! });
  }
  const hosts = new Map<string, IndicatorHit>();
  for (const [k, b] of domains) hosts.set(k as string, freeze(b));
  size.domain = hosts.size;
  for (const b of netBuild.values()) size[b.kind]++;
  const v4 = buildPrefixTable(32, nets[4]);
  const v6 = buildPrefixTable(128, nets[6]);
  const v4n = numberTable(v4);

  const answers = new Map<string, IndicatorHit | null>();
  return {
    size: Object.freeze(size),
    problems: Object.freeze(problems),
    matchHost(raw) {
      // Homes look up the same few hundred names over and over, and several rules (one per indicator category)
      // ask about each: answers are remembered per name, in a bounded cache.
      const known = answers.get(raw);
      if (known !== undefined) return known ?? undefined;
      const host = fastNormalise(raw);
      let best: IndicatorHit | undefined;
      if (host !== null) {
        // Walk the suffixes that start at a label boundary: "a.b.c" → "a.b.c", "b.c", "c".
        let bestLen = 0;
        for (const suffix of labelSuffixes(host)) {
          const hit = hosts.get(suffix);
          if (hit && better(hit, suffix.length, best, bestLen)) {
            best = hit;
            bestLen = suffix.length;
          }
        }
      }
      if (answers.size >= ANSWER_CACHE_MAX) answers.clear();
      answers.set(raw, best ?? null);
      return best;
    },
    matchIp(raw) {
      // Dotted-quad IPv4, the usual case: plain numbers, no bigint per lookup.
      const n = raw.includes(':') ? -1 : parseIpv4Number(raw.trim());
      if (n >= 0) return lookupV4(v4n, n);
      const ip = parseIp(raw.trim());
      if (!ip) return undefined;
      return lookupPrefix(ip.version === 4 ? v4 : v6, ip);
    },
  };
}

/** Host names whose answer is remembered at most; the cache starts over when full. */
const ANSWER_CACHE_MAX = 10_000;

const PLAIN_HOST = /^[a-z0-9_-]+(\.[a-z0-9_-]+)*$/;

// Names from the wire are nearly always already lower-case ASCII without a trailing dot: test for that before
// paying for the full normalisation (trim, IDNA).
function fastNormalise(raw: string): string | null {
  if (PLAIN_HOST.test(raw) && raw.length <= 253) return raw;
  return normaliseHost(raw);
}
