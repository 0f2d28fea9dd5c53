/**
 * Message catalogs and locale formatting for the UI. English is complete, part of the main bundle, and the
 * fallback for every other language; the other catalogs are separate files loaded when chosen, so a reader
 * downloads one language besides English. A key missing everywhere shows as the key itself so a gap is visible,
 * never blank.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import enJson from './en.json';

/** The languages the UI offers (also the API's `?lang=` values). */
export const LANGUAGES = ['en', 'es', 'pt-BR'] as const;
export type Language = (typeof LANGUAGES)[number];

/** A flat catalog: message key → text with `{name}` placeholders. */
export type Catalog = Record<string, string>;

const en: Catalog = enJson;

const CATALOGS: Partial<Record<Language, Catalog>> = { en };
// Vite makes each of these a chunk of its own (same origin, so the page's CSP allows it).
const LOADERS: Record<Exclude<Language, 'en'>, () => Promise<{ default: Catalog }>> = {
  es: () => import('./es.json'),
  'pt-BR': () => import('./pt-BR.json'),
};
const STORAGE_KEY = 'hs-lang';

let current: Language = detectLanguage();
const listeners = new Set<() => void>();

/** Loads a language's catalog once; when it cannot be loaded the texts stay English. */
async function loadCatalog(lang: Language): Promise<void> {
  if (lang === 'en' || CATALOGS[lang]) return;
  try {
    CATALOGS[lang] = (await LOADERS[lang]()).default;
  } catch {
    // A failed load (gateway gone for a moment) leaves English, which every key has; a later switch tries again.
  }
}

const firstLoad = loadCatalog(current).then(() => {
  if (current !== 'en') notify();
});

/** Resolves once the catalog of the language chosen at start is loaded (or known to be unavailable). */
export function i18nReady(): Promise<void> {
  return firstLoad;
}

function notify(): void {
  document.documentElement.lang = current;
  document.title = t('app.docTitle');
  for (const fn of listeners) fn();
}

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

/**
 * Switches language (after loading its catalog), remembers it, and re-renders every element that uses an
 * I18nController.
 */
export async function setLanguage(lang: Language): Promise<void> {
  await loadCatalog(lang);
  current = lang;
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // Not remembered across visits when storage is blocked; the choice still applies now.
  }
  notify();
}

/** Calls `fn` after every language change; returns the unsubscribe function. */
export function onLanguageChange(fn: () => void): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

/** The text of `key` in the current language (English fallback), with `{name}` placeholders filled. */
export function t(key: string, params: Record<string, string | number> = {}): string {
  const text = CATALOGS[current]?.[key] ?? en[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const v = params[name];
    if (v === undefined) return whole;
    return typeof v === 'number' ? formatNumber(v) : v;
  });
}

/** True when `key` exists in English (used for optional translations such as evidence kinds). */
export function hasMessage(key: string): boolean {
  return key in en;
}

/** Plural form: looks up `key.one`, `key.other`… by Intl.PluralRules, `{count}` filled. */
export function tp(key: string, count: number, params: Record<string, string | number> = {}): string {
  const rule = new Intl.PluralRules(current).select(count);
  const exact = `${key}.${rule}`;
  const chosen = exact in (CATALOGS[current] ?? en) || exact in en ? exact : `${key}.other`;
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
  // Intl's short "byte" unit reads "938 byte": say it in words.
  return tp('unit.bytes', bytes, { count: formatNumber(bytes) });
}

/**
 * A finding's text or evidence line as the page says it: ISO-8601 times and "12:34:56 … UTC" clock times (of the
 * day of `at`) in the reader's time zone and locale, and byte counts ("11645214 B") in readable units.
 */
export function localTimesIn(text: string, at?: string): string {
  let out = text;
  const day = at?.slice(0, 10);
  if (day && /\bUTC\b/.test(out)) {
    const clock = new Intl.DateTimeFormat(current, { timeStyle: 'medium' });
    out = out
      .replace(/(?<![\dT:])(\d{2}:\d{2}:\d{2})(?![\d:.])/g, (hms) => {
        const ms = Date.parse(`${day}T${hms}Z`);
        return Number.isFinite(ms) ? clock.format(ms) : hms;
      })
      .replace(/\s*\bUTC\b/g, '');
  }
  out = out.replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z/g, (iso) => formatDateTime(iso, true));
  return out.replace(/\b(\d+) B\b/g, (_, n: string) => formatBytes(Number(n)));
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
