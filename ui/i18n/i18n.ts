/**
 * Message catalogs and locale formatting for the UI. English is complete and the fallback for every other
 * language; a key missing everywhere shows as the key itself so a gap is visible, never blank.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import en from './en.json';
import es from './es.json';
import ptBR from './pt-BR.json';

/** The languages the UI offers (also the API's `?lang=` values). */
export const LANGUAGES = ['en', 'es', 'pt-BR'] as const;
export type Language = (typeof LANGUAGES)[number];

/** A flat catalog: message key → text with `{name}` placeholders. */
export type Catalog = Record<string, string>;

const CATALOGS: Record<Language, Catalog> = { en, es, 'pt-BR': ptBR };
const STORAGE_KEY = 'hs-lang';

let current: Language = detectLanguage();
const listeners = new Set<() => void>();

/** True when `value` is one of the offered languages. */
export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** The remembered choice, else the browser's first language we offer, else English. */
function detectLanguage(): Language {
  try {
    const saved = globalThis.localStorage?.getItem(STORAGE_KEY);
    if (isLanguage(saved)) return saved;
  } catch {
    // localStorage can be unavailable (private mode, blocked storage): fall back to the browser's list.
  }
  const tags = typeof navigator === 'undefined' ? [] : (navigator.languages ?? [navigator.language]);
  for (const tag of tags) {
    if (/^pt(-|$)/i.test(tag)) return 'pt-BR';
    if (/^es(-|$)/i.test(tag)) return 'es';
    if (/^en(-|$)/i.test(tag)) return 'en';
  }
  return 'en';
}

/** The language in use. */
export function getLanguage(): Language {
  return current;
}

/** Switches language, remembers it, and re-renders every element that uses an I18nController. */
export function setLanguage(lang: Language): void {
  current = lang;
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // Not remembered across visits when storage is blocked; the choice still applies now.
  }
  document.documentElement.lang = lang;
  document.title = t('app.docTitle');
  for (const fn of listeners) fn();
}

/** Calls `fn` after every language change; returns the unsubscribe function. */
export function onLanguageChange(fn: () => void): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

/** The text of `key` in the current language (English fallback), with `{name}` placeholders filled. */
export function t(key: string, params: Record<string, string | number> = {}): string {
  const text = CATALOGS[current][key] ?? CATALOGS.en[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const v = params[name];
    if (v === undefined) return whole;
    return typeof v === 'number' ? formatNumber(v) : v;
  });
}

/** True when `key` exists in English (used for optional translations such as evidence kinds). */
export function hasMessage(key: string): boolean {
  return key in CATALOGS.en;
}

/** Plural form: looks up `key.one`, `key.other`… by Intl.PluralRules, `{count}` filled. */
export function tp(key: string, count: number, params: Record<string, string | number> = {}): string {
  const rule = new Intl.PluralRules(current).select(count);
  const exact = `${key}.${rule}`;
  const chosen = exact in CATALOGS[current] || exact in CATALOGS.en ? exact : `${key}.other`;
  return t(chosen, { ...params, count });
}

/** A number in the reader's locale. */
export function formatNumber(n: number, options?: Intl.NumberFormatOptions): string {
  return new Intl.NumberFormat(current, options).format(n);
}

/**
 * An ISO time as a date and time in the reader's locale (with seconds when `seconds`, for live updates); an
 * unreadable value is shown as it came.
 */
export function formatDateTime(iso: string | undefined, seconds = false): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(current, { dateStyle: 'medium', timeStyle: seconds ? 'medium' : 'short' }).format(d);
}

/** A byte count with a readable unit (kB, MB, GB) in the reader's locale. */
export function formatBytes(bytes: number): string {
  const units = [
    ['gigabyte', 1e9],
    ['megabyte', 1e6],
    ['kilobyte', 1e3],
  ] as const;
  for (const [unit, size] of units) {
    if (bytes >= size) return formatNumber(bytes / size, { style: 'unit', unit, maximumFractionDigits: 1 });
  }
  return formatNumber(bytes, { style: 'unit', unit: 'byte' });
}

/** Re-renders its host when the language changes. */
export class I18nController implements ReactiveController {
  private off?: () => void;
  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }
  hostConnected(): void {
    this.off = onLanguageChange(() => this.host.requestUpdate());
  }
  hostDisconnected(): void {
    this.off?.();
  }
}

/** The catalogs, for the completeness test. */
export const catalogs: Readonly<Record<Language, Catalog>> = CATALOGS;
