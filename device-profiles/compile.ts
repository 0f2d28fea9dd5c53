/**
 * Turns a validated profile into matchers: globs become RegExps once, and every condition carries the
 * weight of its signal kind from `weights.yaml`, so identification does no parsing or lookups per device.
 */
import type { Capability, Category } from '../gateway/contract.ts';
import { compileGlob, globSpecificity } from './glob.ts';
import type { LangMap, Profile, ProfileMatchSpec, SsdpField, Weights } from './schema.ts';

/** Kinds of evidence a profile can match. */
export type SignalKind =
  | 'oui' | 'dhcpHostname' | 'dhcpVendorClass' | 'mdnsType' | 'mdnsName' | 'mdnsTxt' | 'homekitCategory'
  | 'ssdp' | 'domains' | 'ports';

/** One compiled match condition. */
export interface Condition {
  kind: SignalKind;
  /** Shown to users in `matchedBy`, e.g. "dhcpHostname:ring-*". */
  label: string;
  weight: number;
  /**
   * Matches that share a group are the same piece of evidence seen twice (two hostname patterns on one
   * hostname), so only the strongest counts.
   */
  group: string;
  /** Literal characters in the pattern: the tie-breaker between equally confident profiles. */
  specificity: number;
}

export interface PatternCondition extends Condition {
  re: RegExp;
}

/** Matchers of one profile, grouped by signal kind. */
export interface CompiledMatch {
  oui: (Condition & { prefix: string })[];
  /** `ouis`: the host name counts only when the MAC starts with one of these prefixes. */
  dhcpHostname: (PatternCondition & { pattern: string; ouis?: string[] })[];
  dhcpVendorClass: PatternCondition[];
  mdnsType: (Condition & { type: string })[];
  mdnsName: PatternCondition[];
  mdnsTxt: (PatternCondition & { key: string; type?: string })[];
  homekitCategory: (Condition & { ci: number })[];
  ssdp: (PatternCondition & { field: SsdpField })[];
  domains: (Condition & { domain: string })[];
  ports: (Condition & { proto: 'tcp' | 'udp'; port: number; direction?: 'in' | 'out' })[];
}

/** A device profile ready for identification. */
export interface CompiledProfile {
  id: string;
  /** File it came from, relative to the profiles folder. */
  file: string;
  name: LangMap;
  category: Category;
  capabilities: Capability[];
  priority: number;
  fallback: boolean;
  /** Generated from a public source (not hand-written): a hand-written profile of the same vendor keeps priority. */
  generated: boolean;
  /** The part of the id before the dot. */
  vendor: string;
  match: CompiledMatch;
  /** Number of conditions, used to prefer the profile that claims least when the evidence is equal. */
  conditionCount: number;
  remoteAccess: Profile['remoteAccess'];
  checklist: Profile['checklist'];
  cannotSee: Profile['cannotSee'];
}

/** Compiles one match block with the given signal weights. */
function compileMatch(m: ProfileMatchSpec, weights: Weights): CompiledMatch {
  const w = weights.signals;
  const pat = (kind: SignalKind, p: string, weight: number, group: string) => ({
    kind, label: `${kind}:${p}`, weight, group, specificity: globSpecificity(p), re: compileGlob(p),
  });
  return {
    oui: (m.oui ?? []).map((o) => ({
      kind: 'oui', label: `oui:${o.toUpperCase()}`, weight: w.oui, group: 'oui', specificity: o.length, prefix: o.toUpperCase(),
    })),
    dhcpHostname: (m.dhcpHostname ?? []).map((h) => {
      if (typeof h === 'string') return { ...pat('dhcpHostname', h, w.dhcpHostname, 'dhcpHostname'), pattern: h };
      const ouis = h.oui.map((o) => o.toUpperCase());
      return { ...pat('dhcpHostname', h.pattern, w.dhcpHostname, 'dhcpHostname'), label: `dhcpHostname:${h.pattern}+oui`, pattern: h.pattern, ouis };
    }),
    dhcpVendorClass: (m.dhcpVendorClass ?? []).map((p) => pat('dhcpVendorClass', p, w.dhcpVendorClass, 'dhcpVendorClass')),
    mdnsType: (m.mdnsType ?? []).map((t) => ({
      kind: 'mdnsType', label: `mdnsType:${t.toLowerCase()}`, weight: w.mdnsType, group: 'mdnsType',
      specificity: t.length, type: t.toLowerCase(),
    })),
    mdnsName: (m.mdnsName ?? []).map((p) => pat('mdnsName', p, w.mdnsName, 'mdnsName')),
    mdnsTxt: (m.mdnsTxt ?? []).map((t) => ({
      ...pat('mdnsTxt', t.pattern, w.mdnsTxt, `mdnsTxt:${t.key.toLowerCase()}`),
      label: `mdnsTxt:${t.key}=${t.pattern}`,
      key: t.key.toLowerCase(),
      type: t.type?.toLowerCase(),
    })),
    homekitCategory: (m.homekitCategory ?? []).map((ci) => ({
      kind: 'homekitCategory', label: `homekitCategory:${ci}`, weight: w.homekitCategory, group: 'homekitCategory',
      specificity: 2, ci,
    })),
    ssdp: (m.ssdp ?? []).map((s) => ({
      ...pat('ssdp', s.pattern, w.ssdp[s.field], `ssdp:${s.field}`),
      label: `ssdp:${s.field}=${s.pattern}`,
      field: s.field,
    })),
    domains: (m.domains ?? []).map((d) => ({
      kind: 'domains', label: `domains:${d}`, weight: w.domains, group: `domains:${d}`, specificity: d.length, domain: d,
    })),
    ports: (m.ports ?? []).map((p) => ({
      kind: 'ports', label: `ports:${p.proto}/${p.port}${p.direction ? `:${p.direction}` : ''}`, weight: w.ports,
      group: 'ports', specificity: 1, proto: p.proto, port: p.port, direction: p.direction,
    })),
  };
}

/**
 * A profile's `shared` conditions (what every device of its vendor shows) at `factor` of their weight, labelled
 * "shared:…". Each product domain counts on its own; a vendor's shared domains are one piece of evidence (its cloud).
 */
function asShared<C extends Condition>(list: C[], factor: number): C[] {
  return list.map((c) => ({ ...c, label: `shared:${c.label}`, weight: c.weight * factor, group: c.kind === 'domains' ? 'shared:domains' : c.group }));
}

/** Compiles one validated profile with the given signal weights. */
export function compileProfile(profile: Profile, weights: Weights, file: string): CompiledProfile {
  const match = compileMatch(profile.match, weights);
  if (profile.shared) {
    const shared = compileMatch(profile.shared, weights);
    for (const kind of Object.keys(match) as (keyof CompiledMatch)[]) {
      (match[kind] as Condition[]).push(...asShared(shared[kind] as Condition[], weights.sharedFactor));
    }
  }
  const conditionCount = Object.values(match).reduce((n, list) => n + list.length, 0);
  return {
    id: profile.id,
    file,
    name: profile.name,
    category: profile.category,
    capabilities: profile.capabilities,
    priority: profile.priority,
    fallback: profile.fallback,
    generated: profile.origin !== undefined,
    vendor: profile.id.slice(0, profile.id.indexOf('.')),
    match,
    conditionCount,
    remoteAccess: profile.remoteAccess,
    checklist: profile.checklist,
    cannotSee: profile.cannotSee,
  };
}

/** What identification needs from `weights.yaml` besides the per-condition weights. */
export interface IdentifyKnowledge {
  minConfidence: number;
  /** OUI organisation names of chip/module makers: such an OUI is no brand evidence. */
  moduleVendors: RegExp[];
  /** HAP `ci` code → category and capabilities. */
  homekitCategories: Map<number, { category: Category; capabilities: Capability[] }>;
}

/** Compiles the non-weight parts of `weights.yaml`. */
export function compileKnowledge(weights: Weights): IdentifyKnowledge {
  return {
    minConfidence: weights.minConfidence,
    moduleVendors: weights.moduleVendors.map(compileGlob),
    homekitCategories: new Map(Object.entries(weights.homekitCategories).map(([ci, v]) => [Number(ci), v])),
  };
}
