/**
 * The rule engine: runs every loaded rule's matcher over the observations of one pass (fed from the same loop
 * that decodes packets), groups hits per rule + device + key, and at the end of the pass — when identification,
 * the router and baselines are known — applies each rule's device scope and produces contract Findings.
 */
import { createHash } from 'node:crypto';
import type { Device, Evidence, Finding, Observation, ObservationSource } from '../contract.ts';
import type { UploadSeries } from '../capture/upload-series.ts';
import type { LoadedRule } from '../../pcap-rules/load.ts';
import type { Rule } from '../../pcap-rules/schema.ts';
import type { IndicatorMatcher } from './indicators/matcher.ts';
import type { CompiledMatcher, DeviceRef, FinishContext, Hit } from './matchers/types.ts';
import { evidenceLine } from './lazy-evidence.ts';
import { isoToMs } from './matchers/iso-ms.ts';
import { fillLangText, type LangText } from './render.ts';
import { deviceLabelText } from './phrases.ts';
import { builtInProfileNames } from '../../device-profiles/load.ts';
import { compareText } from '../util/compare-text.ts';

export interface RuleEngineOptions {
  rules: readonly LoadedRule[];
  indicators?: IndicatorMatcher;
  /** Finds the device an observation named; default: by MAC, else by IP, among the devices given to findings(). */
  deviceOf?: (ref: DeviceRef, devices: readonly Device[]) => Device | undefined;
  /** Groups (rule + device + key) kept at most; further hits are counted in `dropped`. */
  maxGroups?: number;
  /** A profile's name by language, for `{device}` in every language; default: the built-in profiles' names. */
  profileName?: (profileId: string) => LangText | undefined;
}

/** What findings() may know besides the devices. */
export interface FindingsExtra {
  uploadSeries?: ReadonlyMap<string, UploadSeries>;
  previousDeviceIds?: ReadonlySet<string>;
}

/**
 * A finding with the rule's texts in every language (the export carries the English ones); `evidence` holds each
 * evidence line's texts, in the order of `finding.evidence`.
 */
export interface RuleFinding {
  finding: Finding;
  texts: { title: LangText; summary: LangText; advice: LangText; noticeRisk: LangText; evidence?: LangText[] };
  status: Rule['status'];
  references: string[];
}

export interface RuleEngine {
  /** Feeds one observation to the rules that read its source. */
  observe(obs: Observation): void;
  /**
   * Findings for the pass so far, with scope applied against the identified devices. `previousDeviceIds` (the
   * devices of the previous audit of this network) lets the new-device rules speak; without it they stay silent.
   */
  findings(devices: readonly Device[], extra?: FindingsExtra): RuleFinding[];
  /** Lets the rate rules read the upload series as it fills (call every minute or so of capture time). */
  tick(uploadSeries: ReadonlyMap<string, UploadSeries>): void;
  /** Hits not kept because the group bound was reached. */
  readonly dropped: number;
  /** Hits seen so far (all rules). */
  readonly hits: number;
}

interface Group {
  rule: number;
  ref: DeviceRef;
  key: string;
  first: string;
  last: string;
  count: number;
  vars: Hit['vars'];
  langVars?: Hit['langVars'];
  evidence: (Evidence & { texts?: LangText })[];
}

const SEVERITY_RANK = { high: 0, medium: 1, low: 2, info: 3 } as const;

function defaultDeviceOf(ref: DeviceRef, devices: readonly Device[]): Device | undefined {
  if (ref.mac) {
    const d = devices.find((x) => x.mac === ref.mac);
    if (d) return d;
  }
  return ref.ip ? devices.find((x) => x.ips.includes(ref.ip!)) : undefined;
}

function inScope(rule: Rule, d: Device | undefined): boolean {
  const s = rule.scope;
  if (!s) return true;
  if (!d) return false;
  if (s.categories && !s.categories.includes(d.category)) return false;
  if (s.notCategories && s.notCategories.includes(d.category)) return false;
  if (s.capabilities && !s.capabilities.some((c) => d.capabilities.includes(c))) return false;
  if (s.notCapabilities && s.notCapabilities.some((c) => d.capabilities.includes(c))) return false;
  return true;
}

/** Stable finding id: the same rule, device and key give the same id in every audit. */
export function findingId(rule: string, device: string, key: string): string {
  return `f-${createHash('sha256').update(`${rule}\0${device}\0${key}`).digest('hex').slice(0, 20)}`;
}

/** Creates an engine for a set of loaded rules; each matcher is compiled once, here. */
export function createRuleEngine(opts: RuleEngineOptions): RuleEngine {
  const rules = opts.rules;
  const deps = { indicators: opts.indicators };
  const compiled: CompiledMatcher[] = rules.map((r) => r.matcher.compile(r.params, deps));
  /** What each source's observations are handed to: one rule, or a group of rules of one matcher. */
  const bySource = new Map<ObservationSource, ((obs: Observation) => void)[]>();
  const route = (sources: readonly ObservationSource[], fn: (obs: Observation) => void) => {
    for (const s of sources) {
      let list = bySource.get(s);
      if (!list) bySource.set(s, (list = []));
      list.push(fn);
    }
  };
  // Rules of one matcher that can be evaluated together: by matcher, the indexes of its rules.
  const grouped = new Map<string, number[]>();
  rules.forEach((r, i) => {
    const only = Object.keys(compiled[i]!).length === 1 && compiled[i]!.observe !== undefined;
    if (r.matcher.compileGroup && only) {
      const list = grouped.get(r.matcher.name);
      if (list) list.push(i);
      else grouped.set(r.matcher.name, [i]);
    }
  });
  for (const [name, list] of grouped) if (list.length < 2) grouped.delete(name);
  const inGroup = new Set([...grouped.values()].flat());
  for (const list of grouped.values()) {
    const matcher = rules[list[0]!]!.matcher;
    const group = matcher.compileGroup!(list.map((i) => rules[i]!.params), deps);
    const hit = (k: number, h: Hit) => add(groups, list[k]!, h, true);
    route(group.sources, (obs) => group.observe(obs, hit));
  }
  rules.forEach((r, i) => {
    const c = compiled[i]!;
    if (!c.observe || inGroup.has(i)) return;
    const observe = c.observe;
    route(c.sources ?? r.matcher.sources, (obs) => {
      const hits = observe(obs);
      if (hits) for (const h of hits) add(groups, i, h, true);
    });
  });
  const deviceOf = opts.deviceOf ?? defaultDeviceOf;
  const maxGroups = opts.maxGroups ?? 20_000;
  const profileName = opts.profileName ?? ((id: string) => builtInProfileNames().get(id) as LangText | undefined);
  const groups = new Map<string, Group>();
  let dropped = 0;
  let hitCount = 0;
  /** Per rule, the group key of its last hit. */
  const lastKeys: ({ who: string; key: string; base: string } | undefined)[] = [];

  /** Adds a hit to its group (a new episode when the rule's gap has passed). */
  function add(into: Map<string, Group>, i: number, h: Hit, bounded: boolean): void {
    hitCount++;
    const rule = rules[i]!.rule;
    const who = h.ref.mac ?? h.ref.ip ?? '';
    // A rule's hits come in runs on one device and key: its group key is built once per run, not per hit.
    const cached = lastKeys[i];
    let base: string;
    if (cached !== undefined && cached.who === who && cached.key === h.key) base = cached.base;
    else lastKeys[i] = { who, key: h.key, base: (base = `${i}\0${who}\0${h.key}`) };
    let g = into.get(base);
    const gap = rule.aggregate.gapSeconds;
    if (g && gap !== undefined && isoToMs(h.at) - isoToMs(g.last) > gap * 1000) {
      // The previous episode is kept under its own start; the new one takes the base slot.
      into.set(`${base}\0${g.first}`, g);
      into.delete(base);
      g = undefined;
    }
    if (!g) {
      if (bounded && into.size >= maxGroups) {
        dropped++;
        return;
      }
      g = { rule: i, ref: { ...h.ref }, key: h.key, first: h.at, last: h.at, count: 0, vars: h.vars, ...(h.langVars ? { langVars: h.langVars } : {}), evidence: [] };
      into.set(base, g);
    }
    g.count++;
    if (h.at < g.first) g.first = h.at;
    if (h.at > g.last) g.last = h.at;
    if (!g.ref.mac && h.ref.mac) g.ref.mac = h.ref.mac;
    if (g.evidence.length < rule.aggregate.evidence) g.evidence.push(evidenceLine(h.at, h.evidence));
  }

  function observe(obs: Observation): void {
    const list = bySource.get(obs.source);
    if (!list) return;
    for (let j = 0; j < list.length; j++) list[j]!(obs);
  }

  function findings(devices: readonly Device[], extra: FindingsExtra = {}): RuleFinding[] {
    const gatewayIps = new Set<string>();
    for (const d of devices) if (d.isGateway) for (const ip of d.ips) gatewayIps.add(ip);
    const ctx: FinishContext = { devices, gatewayIps, uploadSeries: extra.uploadSeries, previousDeviceIds: extra.previousDeviceIds };
    // End-of-pass hits go to a copy, so findings() can be asked again (live view) without counting them twice.
    const all = new Map<string, Group>();
    for (const [k, g] of groups) all.set(k, { ...g, evidence: [...g.evidence] });
    compiled.forEach((c, i) => {
      if (c.finish) for (const h of c.finish(ctx)) add(all, i, h, false);
    });

    // Groups named by IP and by MAC can turn out to be the same device: merge per rule + device + key.
    const merged = new Map<string, { g: Group; device?: Device }>();
    for (const g of all.values()) {
      const rule = rules[g.rule]!.rule;
      const device = deviceOf(g.ref, devices);
      if (!inScope(rule, device)) continue;
      const k = `${g.rule}\0${device?.id ?? g.ref.mac ?? g.ref.ip ?? ''}\0${g.key}\0${rule.aggregate.gapSeconds !== undefined ? g.first : ''}`;
      const cur = merged.get(k);
      if (!cur) {
        merged.set(k, { g, device });
        continue;
      }
      const c = cur.g;
      c.count += g.count;
      if (g.first < c.first) {
        c.first = g.first;
        c.vars = g.vars;
        c.langVars = g.langVars;
      }
      if (g.last > c.last) c.last = g.last;
      c.evidence = [...c.evidence, ...g.evidence].sort((a, b) => compareText(a.at, b.at)).slice(0, rule.aggregate.evidence);
    }

    const withEnrichment = (g: Group, device: Device | undefined): Group['evidence'] => {
      const extra = device ? compiled[g.rule]!.enrich?.(device) : undefined;
      return extra ? [...g.evidence, { at: g.first, ...extra }] : g.evidence;
    };
    const out: RuleFinding[] = [];
    for (const { g, device } of merged.values()) {
      const { rule } = rules[g.rule]!;
      const deviceId = device?.id ?? (g.ref.mac ? `mac-${g.ref.mac.replace(/:/g, '')}` : `ip-${g.ref.ip ?? ''}`);
      const vars = { ...g.vars, ...g.langVars, device: deviceLabelText(device, g.ref.mac ?? g.ref.ip ?? 'a device', profileName) };
      const evidence = withEnrichment(g, device);
      const texts = {
        title: fillLangText(rule.title as LangText, vars),
        summary: fillLangText(rule.summary as LangText, vars),
        advice: fillLangText(rule.advice as LangText, vars),
        noticeRisk: fillLangText(rule.noticeRisk as LangText, vars),
        evidence: evidence.map((e) => e.texts ?? { en: e.detail }),
      };
      const episode = rule.aggregate.gapSeconds !== undefined ? `@${g.first}` : '';
      out.push({
        finding: {
          id: findingId(rule.id, deviceId, g.key + episode),
          rule: rule.id,
          device: deviceId,
          severity: rule.severity,
          title: texts.title.en,
          summary: texts.summary.en,
          evidence: evidence.map(({ texts: _texts, ...e }) => e),
          firstSeen: g.first,
          lastSeen: g.last,
          count: g.count,
          advice: texts.advice.en,
        },
        texts,
        status: rule.status,
        references: rule.references,
      });
    }
    return out.sort(
      (a, b) =>
        SEVERITY_RANK[a.finding.severity] - SEVERITY_RANK[b.finding.severity] ||
        compareText(a.finding.firstSeen, b.finding.firstSeen) ||
        compareText(a.finding.id, b.finding.id),
    );
  }

  function tick(uploadSeries: ReadonlyMap<string, UploadSeries>): void {
    compiled.forEach((c, i) => {
      if (c.tick) for (const h of c.tick(uploadSeries)) add(groups, i, h, true);
    });
  }

  return {
    observe,
    findings,
    tick,
    get dropped() {
      return dropped;
    },
    get hits() {
      return hitCount;
    },
  };
}
