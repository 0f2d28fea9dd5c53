/**
 * The contract between the rule engine and its matchers. A matcher is a named, unit-tested function family over
 * the streams the packet engine and the sensors produce (Observations), configured by a rule's `params`, which its
 * own zod schema validates. Matchers name no vendor, domain or port: those come from the rule files.
 */
import type { z } from 'zod';
import type { Device, Observation, ObservationSource } from '../../contract.ts';
import type { UploadSeries } from '../../capture/upload-series.ts';
import type { IndicatorMatcher } from '../indicators/matcher.ts';
import type { LangText } from '../render.ts';

/** How a hit names its device before identification: the observation's MAC and/or IP. */
export interface DeviceRef {
  mac?: string;
  ip?: string;
}

/** One candidate finding: a rule matched something a device did (or is). */
export interface Hit {
  /** The device, as the observation named it; resolved to a Device when findings are produced. */
  ref: DeviceRef;
  /** Groups hits of one rule on one device into one finding (e.g. the host name, `tcp/8554`). */
  key: string;
  at: string;
  /** Values for the text templates' placeholders (`{host}`, `{port}` …); plain text, no markup. */
  vars: Record<string, string>;
  /** Placeholders whose value differs by language (capability words); they win over `vars` in the texts. */
  langVars?: Record<string, LangText>;
  /** What was seen, in English (`detail`) and, when built from a phrase, in every language (`texts`). */
  evidence: HitEvidence;
}

/** One evidence line of a hit. */
export interface HitEvidence {
  kind: string;
  detail: string;
  texts?: LangText;
}

/** What the engine knows once the pass is over (identification, the router, upload series). */
export interface FinishContext {
  devices: readonly Device[];
  /** Addresses of the home's router(s) (devices marked `isGateway`). */
  gatewayIps: ReadonlySet<string>;
  /** Per-device upload series from the packet engine, keyed by MAC (or IP), when available. */
  uploadSeries?: ReadonlyMap<string, UploadSeries>;
  /** Ids of the devices the previous audit of this network knew; absent when there is no previous audit. */
  previousDeviceIds?: ReadonlySet<string>;
}

/** Shared inputs a matcher may need at compile time. */
export interface MatcherDeps {
  indicators?: IndicatorMatcher;
}

/** A matcher configured by one rule: fed every observation of its sources, asked for end-of-pass hits. */
export interface CompiledMatcher {
  /** The sources this configuration reads, when fewer than the matcher's (the engine routes only these to it). */
  sources?: readonly ObservationSource[];
  /** Hits for one observation (an empty array or undefined when none). Never throws on odd data. */
  observe?(obs: Observation): Hit[] | undefined;
  /** Hits that can only be decided at the end of a pass (they need the router, identification, baselines). */
  finish?(ctx: FinishContext): Hit[];
  /**
   * Hits from the per-device upload series so far, asked periodically during the pass (driven by packet time), so
   * rate rules see a long capture as its bounded series fills rather than only its last minutes.
   */
  tick?(uploadSeries: ReadonlyMap<string, UploadSeries>): Hit[];
  /**
   * Extra evidence for a finding once its device is identified (e.g. whom a device's upload went to, which a
   * per-device rate series cannot say). Called once per finding at the end of a pass.
   */
  enrich?(device: Device): HitEvidence | undefined;
}

/** A named matcher: its params schema, the placeholders it fills, and how to compile it for one rule. */
export interface Matcher<P = unknown> {
  name: string;
  /** One line for rule authors. */
  description: string;
  params: z.ZodType<P>;
  /** Observation sources it reads (the engine routes only those to it). */
  sources: readonly ObservationSource[];
  /** Placeholders its hits fill, besides `{device}` which the engine fills. */
  placeholders: readonly string[];
  compile(params: P, deps: MatcherDeps): CompiledMatcher;
  /**
   * Every rule of this matcher at once, when several use it: each observation is looked at once for all of them
   * (one suffix look-up for every domain-suffix rule, not one per rule) and the hits go to the rule they belong
   * to. Only for matchers whose compiled form has `observe` alone; the engine uses it in place of the rules'
   * own `observe`, and the hits must be those the rules' `observe` would give, in the same order.
   */
  compileGroup?(params: readonly P[], deps: MatcherDeps): GroupMatcher;
}

/** Several rules of one matcher evaluated together (see `Matcher.compileGroup`). */
export interface GroupMatcher {
  /** The sources any of the rules reads. */
  sources: readonly ObservationSource[];
  /** Looks at one observation for every rule; `hit(k, h)` reports a hit of the k-th rule given to compileGroup. */
  observe(obs: Observation, hit: (k: number, h: Hit) => void): void;
}

/** Identity helper that keeps the params type of a matcher definition. */
export function defineMatcher<P>(m: Matcher<P>): Matcher<P> {
  return m;
}

/** The device reference of an observation. */
export function refOf(obs: Observation): DeviceRef {
  return { mac: obs.mac, ip: obs.ip };
}
