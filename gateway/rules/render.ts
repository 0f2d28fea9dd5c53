/**
 * Text rendering for findings: placeholders in rule templates, and the name a device goes by. How a device is
 * named in a sentence, in every language, is `deviceLabelText` in `phrases.ts` (one place for it).
 */
import type { Device } from '../contract.ts';

/** A text in several languages; `en` always present. */
export type LangText = { en: string } & Record<string, string>;

/** A text in `lang`, or in English where it has none; undefined when there is no text. */
export function textIn(text: { readonly en: string }, lang: string): string;
export function textIn(text: { readonly en?: string } | undefined, lang: string): string | undefined;
export function textIn(text: { readonly en?: string } | undefined, lang: string): string | undefined {
  return text ? ((text as Readonly<Record<string, string | undefined>>)[lang] ?? text.en) : undefined;
}

/** Replaces `{name}` with `vars[name]`; plain substitution, no expressions. Unknown names are left as written. */
export function fillTemplate(template: string, vars: Readonly<Record<string, string>>): string {
  return template.replace(/\{([^{}]*)\}/g, (whole, name: string) => (Object.hasOwn(vars, name) ? vars[name]! : whole));
}

/** Placeholder values: plain text, the same in every language, or a text per language (a device's name, words). */
export type LangVars = Readonly<Record<string, string | LangText>>;

/** The values of `vars` in one language (English where a value has no text in it), numbers as `lang` writes them. */
export function varsIn(vars: LangVars, lang: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(vars)) out[k] = typeof v === 'string' ? localNumber(v, lang) : (v[lang] ?? v.en);
  return out;
}

// A decimal number written the English way ("1.2 Mbit/s", "2.5", "a.example (198.19.1.35), 11.6 MB"), standing
// alone: an address ("192.168.1.9"), a version ("1.2.3", "v2.0") or a name ("a1.5.example") touches a dot, a
// letter or another digit group and is not one.
const DECIMAL = /(?<![\w.])(\d+)\.(\d+)(?![\w.])/g;

/**
 * `value` with its decimal numbers in `lang`'s notation through Intl.NumberFormat, the digits kept ("1,2 Mbit/s"
 * in es and pt-BR); English, whole numbers and other text stay as they are.
 */
export function localNumber(value: string, lang: string): string {
  if (lang === 'en' || !value.includes('.')) return value;
  return value.replace(DECIMAL, (whole, _int: string, frac: string) => decimalFormat(lang, frac.length)?.format(Number(whole)) ?? whole);
}

// Findings fill many values; a formatter is made once per language and number of decimals.
const formats = new Map<string, Intl.NumberFormat | null>();

function decimalFormat(lang: string, digits: number): Intl.NumberFormat | null {
  const key = `${lang}/${digits}`;
  let fmt = formats.get(key);
  if (fmt === undefined) {
    try {
      fmt = new Intl.NumberFormat(lang, { minimumFractionDigits: digits, maximumFractionDigits: digits, useGrouping: false });
    } catch {
      fmt = null; // not a language tag Intl knows: numbers stay as written
    }
    formats.set(key, fmt);
  }
  return fmt;
}

/** Fills every language of a text. */
export function fillLangText(text: LangText, vars: LangVars): LangText {
  const out: Record<string, string> = {};
  for (const [lang, t] of Object.entries(text)) out[lang] = fillTemplate(t, varsIn(vars, lang));
  return out as LangText;
}

// Apple's sleep-proxy and companion-link mDNS instances are named "<mac>@<address>": an address, not a name.
const ADDRESS_NAME = /^[0-9a-f]{2}(?::[0-9a-f]{2}){5}@/i;

/** True for an announced "name" that is only an address (`3e:8a:…@fe80::…`). */
export function isAddressName(n: string): boolean {
  return ADDRESS_NAME.test(n);
}

/** The name a device goes by: the first announced name that is a real name, else its DHCP host name. */
export function ownName(d: Pick<Device, 'names' | 'hostnames'>): string | undefined {
  return d.names.find((n) => !isAddressName(n)) ?? d.hostnames[0];
}
