/**
 * Text rendering for findings: placeholders in rule templates, and the name a device goes by. How a device is
 * named in a sentence, in every language, is `deviceLabelText` in `phrases.ts` (one place for it).
 */
import type { Device } from '../contract.ts';

/** A text in several languages; `en` always present. */
export type LangText = { en: string } & Record<string, string>;

/** Replaces `{name}` with `vars[name]`; plain substitution, no expressions. Unknown names are left as written. */
export function fillTemplate(template: string, vars: Readonly<Record<string, string>>): string {
  return template.replace(/\{([^{}]*)\}/g, (whole, name: string) => (Object.hasOwn(vars, name) ? vars[name]! : whole));
}

/** Placeholder values: plain text, the same in every language, or a text per language (a device's name, words). */
export type LangVars = Readonly<Record<string, string | LangText>>;

/** The values of `vars` in one language (English where a value has no text in it). */
export function varsIn(vars: LangVars, lang: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(vars)) out[k] = typeof v === 'string' ? v : (v[lang] ?? v.en);
  return out;
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
