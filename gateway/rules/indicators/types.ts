/** Shared types of the stalkerware indicator lists: normalised entries, load problems and file errors. */

/**
 * Where `homesweep indicators update` keeps the lists, and where `analyze` and the gateway look for them by default
 * (here, not beside the updater, so that reading the default needs none of the parsers).
 */
export const DEFAULT_INDICATORS_DIR = './homesweep-data/indicators';

/** What an indicator names: a host name (matches itself and its subdomains), one IP address, or an IP range. */
export type IndicatorKind = 'domain' | 'ip' | 'cidr';

/**
 * What the indicator is for. `c2`: a server the app itself talks to (a hit means the app is probably running on a
 * device here). `marketing`: the vendor's web site (a hit may only mean someone read about the app). `other`:
 * download hosts, trackers and anything a source does not classify.
 */
export type IndicatorCategory = 'c2' | 'marketing' | 'other';

/** One normalised indicator from one source file. */
export interface IndicatorEntry {
  /** Lower-case ASCII (punycode) host name without a trailing dot, canonical IP text, or `network/prefix`. */
  value: string;
  kind: IndicatorKind;
  /** The app the source links the indicator to (e.g. "Hoverwatch"). */
  app?: string;
  category: IndicatorCategory;
  /**
   * True when the source does not tell C2 servers from web sites (network.csv, TinyCheck JSON, STIX bundles all
   * mix them) and `category` is only the loader's default. The matcher lets a category stated by another source
   * (ioc.yaml) win over a guessed one, so a vendor's web site stays "marketing" when every file is loaded.
   */
  categoryGuessed?: true;
  /** File name of the source (no directory), e.g. `ioc.yaml`. */
  source: string;
}

/** An entry a loader or the matcher refused, with the reason; the rest of the list still loads. */
export interface IndicatorProblem {
  source: string;
  /** The refused value as written in the source, when there is one. */
  value?: string;
  code: 'bad-value' | 'public-suffix' | 'url-with-path' | 'unsupported-pattern';
  message: string;
}

/** What a loader returns for one file. */
export interface IndicatorLoadResult {
  source: string;
  entries: IndicatorEntry[];
  problems: IndicatorProblem[];
  /** Items that are fine but are not network indicators (package names, hashes…), counted by kind. */
  skipped: Record<string, number>;
}

export type IndicatorFileErrorCode = 'unreadable' | 'bad-syntax' | 'bad-structure' | 'empty' | 'unknown-format';

/** A whole file that cannot be used (unreadable, not YAML/JSON/CSV, wrong shape, no indicator). */
export class IndicatorFileError extends Error {
  readonly code: IndicatorFileErrorCode;
  readonly file: string;
  constructor(file: string, code: IndicatorFileErrorCode, reason: string) {
    super(`${file}: ${reason}`);
    this.name = 'IndicatorFileError';
    this.code = code;
    this.file = file;
  }
}
