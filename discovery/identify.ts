/**
 * Identification: which device profile best explains what a device revealed about itself (DHCP, mDNS, SSDP,
 * the names it looked up, its ports, its MAC prefix). Pure: no I/O; the profiles come from
 * `device-profiles/load.ts`.
 *
 * Each matching condition adds its signal weight with a noisy-or, confidence = 1 - Π(1 - w). Matches of the
 * same evidence (two hostname patterns on one hostname) count once. Fallback profiles describe a kind of
 * device ("a HomeKit camera"), not a brand; their evidence also supports brand profiles of the same category.
 * Strong signals are looked up in indexes built once, so identifying a device costs O(evidence).
 */
import type { Capability, Category, DeviceHint, DhcpData, MdnsData, ProfileMatch, SsdpData } from '../gateway/contract.ts';
import type { ClueKnowledge } from '../device-profiles/knowledge.ts';
import { createClueMatcher, hintOf } from './clues.ts';
import type { CompiledProfile, Condition, IdentifyKnowledge } from '../device-profiles/compile.ts';
import type { ProfileLibrary } from '../device-profiles/load.ts';
import { globPrefix } from '../device-profiles/glob.ts';
import type { SsdpField } from '../device-profiles/schema.ts';

/** A port a device was seen using: `in` = it served it, `out` = it connected to it. */
export interface PortEvidence {
  proto: 'tcp' | 'udp';
  port: number;
  direction: 'in' | 'out';
}

/** Everything known about one device that can identify it. */
export interface DeviceEvidence {
  mac?: string;
  /** OUI organisation name for the MAC, e.g. "Texas Instruments". */
  vendor?: string;
  hostnames: string[];
  dhcp: DhcpData[];
  mdns: MdnsData[];
  ssdp: SsdpData[];
  /** DNS names and TLS SNI the device contacted. */
  domains: string[];
  ports: PortEvidence[];
  /** Upload to the internet: bytes each way over the seconds between the first and last flow that carried it. */
  upload?: { bytesUp: number; bytesDown: number; seconds: number };
  /** Descriptions in words from a hub or broker (zigbee2mqtt, Home Assistant): "Smart door lock". */
  descriptions?: string[];
}

/** What a device is, what it can do, and which profile said so. */
export interface Identification {
  category: Category;
  capabilities: Capability[];
  profile?: ProfileMatch;
  hint?: DeviceHint;
}

/** Identifies one device. */
export type Identify = (evidence: DeviceEvidence) => Identification;

// Longer values are not names; capping them also bounds the cost of any glob test.
const MAX_VALUE = 255;
const HAP_TYPES = new Set(['_hap._tcp', '_hap._udp']);
const EPSILON = 1e-9;

interface Ref<C extends Condition = Condition> {
  p: number;
  c: C;
}

type Hits = Map<number, Map<string, Condition>>;

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function hit(hits: Hits, ref: Ref): void {
  let groups = hits.get(ref.p);
  if (!groups) hits.set(ref.p, (groups = new Map()));
  const prev = groups.get(ref.c.group);
  if (!prev || ref.c.weight > prev.weight || (ref.c.weight === prev.weight && ref.c.specificity > prev.specificity)) {
    groups.set(ref.c.group, ref.c);
  }
}

function clean(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const v = value.trim();
  return v.length > 0 && v.length <= MAX_VALUE ? v : null;
}

/** "Chromecast-1234.local." → "chromecast-1234". */
function normalizeHost(value: unknown): string | null {
  const v = clean(value);
  if (!v) return null;
  const h = v.toLowerCase().replace(/\.+$/, '').replace(/\.local$/, '');
  return h.length > 0 ? h : null;
}

/** "_googlecast._tcp.local." → "_googlecast._tcp". */
function normalizeType(value: unknown): string | null {
  const v = clean(value);
  if (!v) return null;
  const t = v.toLowerCase().replace(/\.+$/, '').replace(/\.local$/, '');
  return /^_[^.]+\._(?:tcp|udp)$/.test(t) ? t : null;
}

/** The instance label: "Living Room._googlecast._tcp.local" → "Living Room". */
function instanceLabel(instance: unknown, type: string | null): string | null {
  const v = clean(instance);
  if (!v) return null;
  if (type) {
    const at = v.toLowerCase().lastIndexOf(`.${type}`);
    if (at > 0) return v.slice(0, at);
  }
  return v;
}

/** 12 upper-case hex digits, or null. */
function macHex(mac: unknown): string | null {
  if (typeof mac !== 'string') return null;
  const hex = mac.replace(/[^0-9a-fA-F]/g, '').toUpperCase();
  return hex.length === 12 && /^[0-9A-F]{12}$/.test(hex) ? hex : null;
}

function ssdpValue(s: SsdpData, field: SsdpField): unknown {
  switch (field) {
    case 'st':
    case 'nt':
    case 'server':
      return s[field];
    default:
      return s.description?.[field];
  }
}

function isLibrary(x: ProfileLibrary | readonly CompiledProfile[]): x is ProfileLibrary {
  return !Array.isArray(x);
}

const NO_KNOWLEDGE: IdentifyKnowledge = { minConfidence: 0.3, moduleVendors: [], homekitCategories: new Map() };

/**
 * Builds an identifier over a profile library (from `loadProfiles`) or a bare list of compiled profiles
 * (then no module vendors or HomeKit table are known, and the minimum confidence is 0.3).
 */
export function createIdentifier(
  library: ProfileLibrary | readonly CompiledProfile[],
  knowledge?: IdentifyKnowledge,
): Identify {
  const profiles: readonly CompiledProfile[] = isLibrary(library) ? library.profiles : library;
  const know = knowledge ?? (isLibrary(library) ? library.knowledge : NO_KNOWLEDGE);
  const clueKnowledge: ClueKnowledge | undefined = isLibrary(library) ? library.clues : undefined;
  const clues = clueKnowledge ? createClueMatcher(clueKnowledge) : undefined;

  const oui = new Map<string, Ref[]>();
  const mdnsType = new Map<string, Ref[]>();
  const homekit = new Map<number, Ref[]>();
  const domains = new Map<string, Ref[]>();
  const ports = new Map<string, Ref<CompiledProfile['match']['ports'][number]>[]>();
  const hostByPrefix = new Map<string, Ref<CompiledProfile['match']['dhcpHostname'][number]>[]>();
  const txtByKey = new Map<string, Ref<CompiledProfile['match']['mdnsTxt'][number]>[]>();
  const vendorClass: Ref<CompiledProfile['match']['dhcpVendorClass'][number]>[] = [];
  const mdnsName: Ref<CompiledProfile['match']['mdnsName'][number]>[] = [];
  const ssdp: Ref<CompiledProfile['match']['ssdp'][number]>[] = [];
  let longestHostPrefix = 0;

  profiles.forEach((prof, p) => {
    const m = prof.match;
    for (const c of m.oui) push(oui, c.prefix, { p, c });
    for (const c of m.mdnsType) push(mdnsType, c.type, { p, c });
    for (const c of m.homekitCategory) push(homekit, c.ci, { p, c });
    for (const c of m.domains) push(domains, c.domain, { p, c });
    for (const c of m.ports) push(ports, `${c.proto}/${c.port}`, { p, c });
    for (const c of m.dhcpHostname) {
      const prefix = globPrefix(c.pattern);
      longestHostPrefix = Math.max(longestHostPrefix, prefix.length);
      push(hostByPrefix, prefix, { p, c });
    }
    for (const c of m.mdnsTxt) push(txtByKey, c.key, { p, c });
    for (const c of m.dhcpVendorClass) vendorClass.push({ p, c });
    for (const c of m.mdnsName) mdnsName.push({ p, c });
    for (const c of m.ssdp) ssdp.push({ p, c });
  });

  const matchHostname = (hits: Hits, host: string, hex: string | null): void => {
    // A pattern can only match hostnames that start with its literal prefix, so probe each prefix length.
    const max = Math.min(host.length, longestHostPrefix);
    for (let len = 0; len <= max; len++) {
      for (const ref of hostByPrefix.get(host.slice(0, len)) ?? []) {
        // A generic name ("connect", "hub*") counts only on the MAC prefixes it was published with.
        if (ref.c.ouis && (!hex || !ref.c.ouis.some((o) => hex.startsWith(o)))) continue;
        if (ref.c.re.test(host)) hit(hits, ref);
      }
    }
  };

  const matchDomain = (hits: Hits, name: string): void => {
    // Suffix walk: "api.ring.com" looks up "api.ring.com" then "ring.com" (a condition needs two labels).
    let rest = name;
    while (rest.includes('.')) {
      for (const ref of domains.get(rest) ?? []) hit(hits, ref);
      rest = rest.slice(rest.indexOf('.') + 1);
    }
  };

  const collect = (ev: DeviceEvidence): Hits => {
    const hits: Hits = new Map();

    const hex = macHex(ev.mac);
    // A locally administered MAC (randomised by phones) has no registered owner at all.
    const laa = hex !== null && (parseInt(hex[1]!, 16) & 2) === 2;
    const vendor = clean(ev.vendor);
    const chipVendor = vendor !== null && know.moduleVendors.some((re) => re.test(vendor));
    if (hex && !laa && !chipVendor) {
      for (const len of [9, 7, 6]) for (const ref of oui.get(hex.slice(0, len)) ?? []) hit(hits, ref);
    }

    const hosts = new Set<string>();
    for (const h of ev.hostnames ?? []) {
      const n = normalizeHost(h);
      if (n) hosts.add(n);
    }
    for (const d of ev.dhcp ?? []) {
      const n = normalizeHost(d?.hostname);
      if (n) hosts.add(n);
      const vc = clean(d?.vendorClass);
      if (vc) for (const ref of vendorClass) if (ref.c.re.test(vc)) hit(hits, ref);
    }
    for (const r of ev.mdns ?? []) {
      const n = normalizeHost(r?.host);
      if (n) hosts.add(n);
    }
    for (const h of hosts) matchHostname(hits, h, hex);

    for (const r of ev.mdns ?? []) {
      if (!r) continue;
      const type = normalizeType(r.type);
      if (type) for (const ref of mdnsType.get(type) ?? []) hit(hits, ref);
      const label = instanceLabel(r.instance, type);
      if (label) for (const ref of mdnsName) if (ref.c.re.test(label)) hit(hits, ref);
      const txt = r.txt && typeof r.txt === 'object' ? r.txt : {};
      for (const [rawKey, rawValue] of Object.entries(txt)) {
        const key = rawKey.toLowerCase();
        const value = clean(rawValue);
        if (value === null) continue;
        if (key === 'ci' && type && HAP_TYPES.has(type) && /^[0-9]{1,2}$/.test(value)) {
          for (const ref of homekit.get(Number(value)) ?? []) hit(hits, ref);
        }
        for (const ref of txtByKey.get(key) ?? []) {
          if (ref.c.type && ref.c.type !== type) continue;
          if (ref.c.re.test(value)) hit(hits, ref);
        }
      }
    }

    for (const s of ev.ssdp ?? []) {
      if (!s) continue;
      for (const ref of ssdp) {
        const v = clean(ssdpValue(s, ref.c.field));
        if (v !== null && ref.c.re.test(v)) hit(hits, ref);
      }
    }

    const names = new Set<string>();
    for (const d of ev.domains ?? []) {
      const n = normalizeHost(d);
      if (n) names.add(n);
    }
    for (const n of names) matchDomain(hits, n);

    for (const pe of ev.ports ?? []) {
      if (!pe || (pe.proto !== 'tcp' && pe.proto !== 'udp') || !Number.isInteger(pe.port)) continue;
      for (const ref of ports.get(`${pe.proto}/${pe.port}`) ?? []) {
        if (!ref.c.direction || ref.c.direction === pe.direction) hit(hits, ref);
      }
    }
    return hits;
  };

  const byProfiles = (ev: DeviceEvidence): Identification & { fallback?: boolean } => {
    const hits = collect(ev);

    interface Candidate {
      prof: CompiledProfile;
      score: number;
      conds: Condition[];
      capabilities: Set<Capability>;
    }
    const candidates: Candidate[] = [];
    const bestFallback = new Map<Category, Candidate>();
    for (const [p, groups] of hits) {
      const prof = profiles[p]!;
      const conds = [...groups.values()];
      const score = 1 - conds.reduce((acc, c) => acc * (1 - c.weight), 1);
      const cand: Candidate = { prof, score, conds, capabilities: new Set(prof.capabilities) };
      candidates.push(cand);
      if (prof.fallback) {
        const prev = bestFallback.get(prof.category);
        if (!prev || score > prev.score) bestFallback.set(prof.category, cand);
      }
    }
    // Hand-written profiles keep priority: a generated profile's evidence supports the best hand-written profile of
    // the same vendor and category (a kind of evidence counts once), and where the vendor has a hand-written profile
    // among the candidates the generated one steps aside.
    const handVendors = new Set<string>();
    const handBy = new Map<string, Candidate>();
    for (const cand of candidates) {
      if (cand.prof.generated || cand.prof.fallback) continue;
      handVendors.add(cand.prof.vendor);
      const key = `${cand.prof.vendor}/${cand.prof.category}`;
      const prev = handBy.get(key);
      if (!prev || cand.score > prev.score) handBy.set(key, cand);
    }
    for (let i = candidates.length - 1; i >= 0; i--) {
      const gen = candidates[i]!;
      if (!gen.prof.generated || !handVendors.has(gen.prof.vendor)) continue;
      const hand = handBy.get(`${gen.prof.vendor}/${gen.prof.category}`);
      if (hand) {
        for (const c of gen.conds) {
          const same = hand.conds.findIndex((x) => x.group === c.group);
          if (same < 0) hand.conds.push(c);
          else if (c.weight > hand.conds[same]!.weight) hand.conds[same] = c;
        }
        hand.score = 1 - hand.conds.reduce((acc, c) => acc * (1 - c.weight), 1);
      }
      candidates.splice(i, 1);
    }
    // A fallback's evidence ("this is a HomeKit camera") supports a brand profile that agrees on the kind.
    for (const cand of candidates) {
      const fb = cand.prof.fallback ? undefined : bestFallback.get(cand.prof.category);
      if (!fb) continue;
      // Only evidence the brand profile has not already counted, so nothing is counted twice.
      const extra = fb.conds.filter((c) => !cand.conds.some((x) => x.label === c.label));
      cand.score = 1 - extra.reduce((acc, c) => acc * (1 - c.weight), 1 - cand.score);
      cand.conds = [...cand.conds, ...extra];
      for (const cap of fb.prof.capabilities) cand.capabilities.add(cap);
    }

    const spec = (c: Candidate) => c.conds.reduce((n, x) => n + x.specificity, 0);
    candidates.sort(
      (a, b) =>
        (Math.abs(b.score - a.score) > EPSILON ? b.score - a.score : 0) ||
        b.prof.priority - a.prof.priority ||
        spec(b) - spec(a) ||
        a.prof.conditionCount - b.prof.conditionCount ||
        (a.prof.id < b.prof.id ? -1 : a.prof.id > b.prof.id ? 1 : 0),
    );
    const best = candidates[0];
    if (best && best.score + EPSILON >= know.minConfidence) {
      const matchedBy = [...best.conds].sort((a, b) => b.weight - a.weight || (a.label < b.label ? -1 : 1)).map((c) => c.label);
      return {
        category: best.prof.category,
        capabilities: [...best.capabilities],
        ...(best.prof.fallback ? { fallback: true } : {}),
        profile: {
          id: best.prof.id,
          name: best.prof.name.en,
          confidence: Math.round(best.score * 1000) / 1000,
          matchedBy,
        },
      };
    }
    return homekitOnly(ev, know) ?? { category: 'unknown', capabilities: [] };
  };

  return (ev: DeviceEvidence): Identification => {
    const { fallback, ...ident } = byProfiles(ev);
    // A brand profile has said what the device is; clues add nothing a person would need. A profile that names only
    // the maker (category unknown), or says its kind weakly (below categoryAt: only the vendor's shared cloud or its
    // MAC prefix matched), still gets them.
    const weak = !!ident.profile && !fallback && !!clueKnowledge && ident.profile.confidence < clueKnowledge.categoryAt;
    if (!clues || !clueKnowledge || (ident.profile && !fallback && !weak && ident.category !== 'unknown')) return ident;
    const hint = hintOf(clues(ev), clueKnowledge);
    if (!hint) return ident;
    // A profile of a kind ("RTSP camera, brand not recognised") keeps its category unless the clues are surer of another.
    if (ident.profile || ident.category !== 'unknown') {
      const agree = hint.category === ident.category;
      if (agree || hint.level !== 'likely' || hint.confidence <= (ident.profile?.confidence ?? 0.9)) return agree ? { ...ident, hint } : ident;
    }
    if (hint.level === 'possible') return { ...ident, hint };
    const capabilities = clueKnowledge.categories.get(hint.category)?.capabilities ?? [];
    // A weak brand profile of another kind gives way: the clues say what the device is, the profile named the maker.
    if (weak && ident.category !== 'unknown') {
      return { category: hint.category, capabilities: [...capabilities], hint };
    }
    // A maker-only profile (a white-label platform of many kinds) keeps its name; the clues give the kind.
    return { ...ident, category: hint.category, capabilities: [...capabilities], hint };
  };
}

/** A HomeKit accessory no profile names still tells its kind through `ci`. */
function homekitOnly(ev: DeviceEvidence, know: IdentifyKnowledge): Identification | null {
  for (const r of ev.mdns ?? []) {
    const type = normalizeType(r?.type);
    if (!type || !HAP_TYPES.has(type) || !r?.txt) continue;
    for (const [k, v] of Object.entries(r.txt)) {
      if (k.toLowerCase() !== 'ci' || typeof v !== 'string' || !/^[0-9]{1,2}$/.test(v.trim())) continue;
      const known = know.homekitCategories.get(Number(v.trim()));
      if (known) return { category: known.category, capabilities: [...known.capabilities] };
    }
  }
  return null;
}

const cache = new WeakMap<object, Identify>();

/** Identifies one device against a profile library; the identifier for a library is built once and reused. */
export function identifyDevice(
  evidence: DeviceEvidence,
  library: ProfileLibrary | readonly CompiledProfile[],
): Identification {
  let identify = cache.get(library);
  if (!identify) cache.set(library, (identify = createIdentifier(library)));
  return identify(evidence);
}
