/**
 * Shared shapes of the owner-started account checks (ACCOUNTS.md, "explicit mode"). Every check takes a target
 * on the home network, a credential the owner typed, and limits; it answers with access entries, raw facts and
 * at most one error. A check uses the credential once and never retries: a second wrong attempt is exactly what
 * makes Home Assistant warn every user and a router log a failed login.
 */
import type { AccessEntry } from '../contract.ts';
import { accountErrorPhrase } from '../rules/phrases.ts';
import type { LangText, LangVars } from '../rules/render.ts';

/** A `fetch`-compatible function (global fetch, or a test double). */
export type FetchLike = (url: string, init?: RequestInit) => Promise<Response>;

/** Where the device is, as the owner or discovery gave it, e.g. `http://192.168.1.5:8123`. */
export interface AccountTarget {
  /** Base URL of the device on the home network (an IP literal; names are refused). */
  baseUrl: string;
  /** HomeSweep device id, used in the ids of the entries found. Defaults to the target's host. */
  deviceId?: string;
}

/** Limits and adapters of one check run. */
export interface CheckOptions {
  /** Whole-check deadline in milliseconds (default 15 000). */
  timeoutMs?: number;
  /** Largest single answer read, in bytes (default 4 MiB); a larger one ends the check with an error. */
  maxBytes?: number;
  /** HTTP client; defaults to {@link lanFetch}. */
  fetch?: FetchLike;
  /** Clock for the `at` of entries (tests pin it). */
  now?: () => Date;
}

/** Why a check stopped: `error` in English (logs, tests) and `errorTexts` in every language (the page). */
export interface Failure {
  error: string;
  errorTexts: LangText;
}

/** The `account-errors` message `id` filled with `vars`, as a {@link Failure}. */
export function failure(id: string, vars: LangVars = {}): Failure {
  const errorTexts = accountErrorPhrase(id, vars);
  return { error: errorTexts.en, errorTexts };
}

/** Just the failure part of an outcome that failed (to pass it on without its other fields). */
export function failureOf(f: Failure): Failure {
  return { error: f.error, errorTexts: f.errorTexts };
}

/** A word or phrase an error message names (`what`: "the login"), in every language. */
export const errorWord = accountErrorPhrase;

/** What a check returns. `error` is plain words for the owner; entries found before it are kept. */
export interface CheckResult {
  entries: AccessEntry[];
  facts: Record<string, unknown>;
  error?: string;
  /** `error` in every language. */
  errorTexts?: LangText;
}

export const DEFAULT_TIMEOUT_MS = 15_000;
export const DEFAULT_MAX_BYTES = 4 * 1024 * 1024;

/** Options with defaults filled in and one absolute deadline. */
export interface ResolvedOptions {
  deadline: number;
  maxBytes: number;
  fetch: FetchLike;
  now: () => Date;
}
