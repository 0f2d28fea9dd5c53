/** Small helpers shared by the host-name matchers: the names an observation carries, and suffix sets. */
import type { DnsData, HttpData, Observation, TlsData } from '../../contract.ts';
import { labelSuffixes } from '../indicators/label-suffixes.ts';
import { normaliseHost } from '../indicators/normalise.ts';
import { phrase } from '../phrases.ts';
import type { LangText, LangVars } from '../render.ts';
import { lazyPhraseEvidence } from '../lazy-evidence.ts';
import type { HitEvidence } from './types.ts';

/** Where a host name was seen. */
export type HostSource = 'dns' | 'tls' | 'http';

/** A host name an observation carries, and how it was seen; undefined for other observations. */
export interface SeenHost {
  host: string;
  source: HostSource;
  /** Plain words for the evidence line. */
  detail: string;
  /** The evidence line in every language. */
  texts: LangText;
  /** The evidence line as a hit's evidence. */
  evidence: HitEvidence;
}

/** A seen host whose evidence text is built only when a rule reports it (most observations match nothing). */
class Seen implements SeenHost {
  constructor(
    readonly host: string,
    readonly source: HostSource,
    private readonly obs: Observation,
  ) {}

  get detail(): string {
    return this.texts.en;
  }

  get texts(): LangText {
    const [id, vars] = this.line();
    return phrase(id, vars);
  }

  /** Filled only if the rule engine keeps it: a busy host rule hits far more often than it keeps evidence lines. */
  get evidence(): HitEvidence {
    const [id, vars] = this.line();
    return lazyPhraseEvidence(this.source, id, vars);
  }

  /** The evidence phrase and its values. */
  private line(): [string, LangVars] {
    const d = this.obs.data as Record<string, unknown>;
    const host = this.host;
    if (this.source === 'dns') return ['dns-question', { resolver: (d.resolver as string | undefined) ?? '?', host, qtype: (d.qtype as string | undefined) ?? '?' }];
    const at = { host, ip: String(d.remoteIp), port: String(d.remotePort) };
    if (this.source === 'tls') return ['tls-connection', at];
    return ['http-request', { ...at, method: String(d.method) }];
  }
}

// The engine hands one observation to every rule in turn: the host of the last one is kept, so it is extracted
// and normalised once per observation rather than once per rule.
let lastObs: Observation | undefined;
let lastSeen: SeenHost | undefined;

/**
 * The host name in a DNS question (only the query, not the answer, so a lookup counts once; failed lookups are
 * queries too), a TLS ClientHello's SNI, or an HTTP request's Host header (without its port).
 */
export function hostOf(obs: Observation): SeenHost | undefined {
  if (obs === lastObs) return lastSeen;
  const seen = extractHost(obs);
  lastObs = obs;
  lastSeen = seen;
  return seen;
}

function extractHost(obs: Observation): SeenHost | undefined {
  const d = obs.data as Record<string, unknown>;
  if (obs.source === 'dns') {
    const q = d as unknown as DnsData;
    if (typeof q.query !== 'string' || q.rcode !== undefined) return undefined;
    const host = clean(q.query);
    return host ? new Seen(host, 'dns', obs) : undefined;
  }
  if (obs.source === 'tls') {
    const t = d as unknown as TlsData;
    if (typeof t.sni !== 'string') return undefined;
    const host = clean(t.sni);
    return host ? new Seen(host, 'tls', obs) : undefined;
  }
  if (obs.source === 'http') {
    const h = d as unknown as HttpData;
    if (typeof h.host !== 'string') return undefined;
    const host = clean(h.host.replace(/:\d+$/, ''));
    return host ? new Seen(host, 'http', obs) : undefined;
  }
  return undefined;
}

function clean(name: string): string | undefined {
  return normaliseHost(name) ?? undefined;
}

/** A set of domain suffixes: `has(host)` is true when the host equals one or ends with "." + one. O(labels). */
export interface SuffixSet {
  /** The suffix that matches `host` (the longest), or undefined. */
  match(host: string): string | undefined;
}

/** Host names whose answer a suffix set remembers at most. */
const SUFFIX_ANSWERS_MAX = 4096;

/** Builds a suffix set from normalised suffixes. */
export function createSuffixSet(suffixes: readonly string[]): SuffixSet {
  const set = new Set(suffixes.map((s) => s.toLowerCase().replace(/\.$/, '')));
  // A home asks for the same few hundred names over and over: each answer is remembered (bounded, started over
  // when full), one look-up instead of one per label suffix.
  const answers = new Map<string, string | null>();
  return {
    match(host) {
      const known = answers.get(host);
      if (known !== undefined) return known ?? undefined;
      let found: string | null = null;
      for (const h of labelSuffixes(host)) {
        if (set.has(h)) {
          found = h;
          break;
        }
      }
      if (answers.size >= SUFFIX_ANSWERS_MAX) answers.clear();
      answers.set(host, found);
      return found ?? undefined;
    },
  };
}

/**
 * Several rules' suffix sets in one: `match(host)` gives, for each rule whose set matches, the rule's index and
 * its longest matching suffix (what each rule's own SuffixSet would answer), rules in order. One look-up per
 * label suffix for all the rules, and one per host once its answer is remembered.
 */
export interface SuffixSets {
  match(host: string): readonly (readonly [number, string])[];
}

const NO_MATCHES: readonly (readonly [number, string])[] = [];

/** Builds the joint suffix sets of several rules (`lists[k]`: the k-th rule's normalised suffixes). */
export function createSuffixSets(lists: readonly (readonly string[])[]): SuffixSets {
  const owners = new Map<string, number[]>();
  lists.forEach((suffixes, k) => {
    for (const raw of suffixes) {
      const s = raw.toLowerCase().replace(/\.$/, '');
      const list = owners.get(s);
      if (!list) owners.set(s, [k]);
      else if (!list.includes(k)) list.push(k);
    }
  });
  const answers = new Map<string, readonly (readonly [number, string])[]>();
  return {
    match(host) {
      const known = answers.get(host);
      if (known !== undefined) return known;
      let found: [number, string][] | undefined;
      for (const h of labelSuffixes(host)) {
        const ks = owners.get(h);
        if (!ks) continue;
        // Longest first: a rule keeps the first suffix of its own that matches.
        for (const k of ks) if (!found?.some(([j]) => j === k)) (found ??= []).push([k, h]);
      }
      const answer = found ? found.sort((a, b) => a[0] - b[0]) : NO_MATCHES;
      if (answers.size >= SUFFIX_ANSWERS_MAX) answers.clear();
      answers.set(host, answer);
      return answer;
    },
  };
}
