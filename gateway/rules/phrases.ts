/**
 * Words and evidence lines in every language, for the matchers: an evidence line is a template from
 * `pcap-rules/phrases.yaml` filled with what was seen, kept as English `detail` (the export's text) and as
 * `texts` (every language, for the page and the report).
 */
import { builtInPhrases } from '../../pcap-rules/phrases.ts';
import type { Capability, Category, Device } from '../contract.ts';
import { fillLangText, ownName, type LangText, type LangVars } from './render.ts';

/** An evidence line: English `detail` plus its texts in every language. */
export interface PhraseEvidence {
  kind: string;
  detail: string;
  texts: LangText;
}

/** The evidence template `id` filled with `vars` in every language; throws on an unknown id (a programming error). */
export function phrase(id: string, vars: LangVars): LangText {
  const template = builtInPhrases().evidence[id];
  if (!template) throw new Error(`pcap-rules/phrases.yaml: no evidence phrase "${id}"`);
  return fillLangText(template as LangText, vars);
}

/** An access entry's label or detail part `id` (the `access` templates) filled with `vars` in every language. */
export function accessPhrase(id: string, vars: LangVars = {}): LangText {
  const template = builtInPhrases().access[id];
  if (!template) throw new Error(`pcap-rules/phrases.yaml: no access phrase "${id}"`);
  return fillLangText(template as LangText, vars);
}

/** Why an account check stopped, or a word its message names, `id` (the `account-errors` templates), in every language. */
export function accountErrorPhrase(id: string, vars: LangVars = {}): LangText {
  const template = builtInPhrases()['account-errors'][id];
  if (!template) throw new Error(`pcap-rules/phrases.yaml: no account-errors phrase "${id}"`);
  return fillLangText(template as LangText, vars);
}

/** A line of "what changed" between two audits, `id` (the `diff` templates), in `lang`. */
export function diffPhrase(id: string, lang: string, vars: LangVars = {}): string {
  const template = builtInPhrases().diff[id];
  if (!template) throw new Error(`pcap-rules/phrases.yaml: no diff phrase "${id}"`);
  const t = fillLangText(template as LangText, vars);
  return t[lang] ?? t.en;
}

/** An evidence line of `kind` from the template `id`. */
export function phraseEvidence(kind: string, id: string, vars: LangVars): PhraseEvidence {
  const texts = phrase(id, vars);
  return { kind, detail: texts.en, texts };
}

/** A capability as a word in every language ("camera", "câmera"). */
export function capabilityWord(c: Capability | string): LangText {
  return (builtInPhrases().capabilities as Record<string, LangText>)[c] ?? { en: c };
}

/** A category as a word in every language ("computer", "computador"); `unknown` is "device". */
export function categoryWord(c: Category | string): LangText {
  return (builtInPhrases().categories as Record<string, LangText>)[c] ?? { en: c };
}

/** Words joined with `sep` (", ", or a separator by language) in every language any of them has. */
export function joinWords(words: readonly LangText[], sep: string | LangText = ', '): LangText {
  const langs = new Set(words.flatMap((w) => Object.keys(w)));
  langs.add('en');
  const out: Record<string, string> = {};
  for (const lang of langs) out[lang] = words.map((w) => w[lang] ?? w.en).join(typeof sep === 'string' ? sep : (sep[lang] ?? sep.en));
  return out as LangText;
}

/** `text` with `before` and `after` around it in every language (an optional clause inside a template). */
export function wrapped(text: LangText, before: string, after = ''): LangText {
  const out: Record<string, string> = {};
  for (const [lang, t] of Object.entries(text)) out[lang] = `${before}${t}${after}`;
  return out as LangText;
}

/**
 * How a device is named in a sentence, in every language: what it is (its profile's name by language, from
 * `names` by profile id; else the profile's English name; else its category word) and the name it goes by, e.g.
 * `Computador Windows "LAPTOP-7QK2M1B"`, or its MAC / address when it announced no name.
 */
export function deviceLabelText(d: Device | undefined, fallback: string, names?: (profileId: string) => LangText | undefined): LangText {
  if (!d) return { en: fallback };
  const name = ownName(d);
  const what: LangText = d.profile ? (names?.(d.profile.id) ?? { en: d.profile.name }) : categoryWord(d.category);
  const tail = name ? `"${name}"` : (d.mac ?? d.ips[0] ?? d.id);
  const out: Record<string, string> = {};
  for (const [lang, w] of Object.entries(what)) out[lang] = `${w} ${tail}`;
  return out as LangText;
}
