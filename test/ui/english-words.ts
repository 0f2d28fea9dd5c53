/**
 * Finds English left in a page meant to be in Spanish or Brazilian Portuguese (issue 15 item 6). The method:
 * take away what is allowed to stay as written (names of products and devices, addresses, host names, the
 * gateway's own data), then look for common English words, matched as whole words. The words are ones that are
 * never Spanish or Portuguese words ("no", "a", "do", "for", "red", "has", "some", "router" are left out for that reason), so a hit
 * is English, and the list is long enough that an English sentence of any length has several of them.
 */

/** Common English words, none of them a Spanish or Portuguese word. */
export const ENGLISH_WORDS = new Set(
  `the and of to is are was were be been being with from this that these those which what who whom when where
   why how your you it its not can could would should may might will shall have had does did by on at an or if
   than then there here about only every each someone anyone nobody nothing something everything other another
   more most less any all into out over under after before again also just still yet very such same
   sent send asked ask opened open received connected connect looked look seen see found find identified
   worth device devices camera cameras phone phones computer speaker doorbell thermostat printer lock
   locks alarm tracker watch network traffic upload uploads encrypted connection connections question questions
   average went person people notice noticed change changes record write down now later safe safely helper
   comment comments answer yes done skipped print report export share quick exit passcode wipe delete start
   listen listening listened minutes seconds hours since last first time times new old check checks checked
   things thing steps step why whether someone's app's home's device's
   settings account accounts user users shared sharing access reach reached outside inside remote remotely
   sure unusual usual usually likely maybe please thank welcome choose chosen pick save saved cancel close
   show shows hide hidden keep kept leave left right page pages back next previous`
    .split(/\s+/)
    .filter(Boolean),
);

/** Text that may stay as written: a product or device name, an address, a host name, a code. */
export interface AllowList {
  /** Exact strings (device names, vendors, brands, model names), taken out wherever they appear. */
  strings: readonly string[];
  /** Patterns (addresses, host names, placeholders of another issue), taken out wherever they match. */
  patterns: readonly RegExp[];
}

/** Addresses, host names and the like: never words of a language. */
export const ADDRESS_PATTERNS: readonly RegExp[] = [
  /\b(?:[0-9a-f]{2}:){5}[0-9a-f]{2}\b/gi, // MAC
  /\b[0-9a-f]{1,4}(?::[0-9a-f]{0,4}){2,7}(?:%\w+)?\b/gi, // IPv6
  /\b\d{1,3}(?:\.\d{1,3}){3}(?::\d+)?\b/g, // IPv4[:port]
  /\b[\w-]+(?:\.[\w-]+)+\.[a-z]{2,}\b/gi, // host names with two dots or more (a.b.com)
  /\b[\w-]+\.(?:com|net|org|io|me|to|tv|cc|de|info|biz|local|cn|co|link)\b/gi, // host names (b.com)
  /\b[\w-]*_[\w-]*\b/g, // names with underscores (mDNS service types, host names)
  /\burn:\S+/g, // UPnP device and service types
  /\b[0-9a-f]{16,}\b/gi, // digests and other long hex strings (a SHA-256 can hold "be" or "a" between digits)
];

/** One English word found, with the text around it. */
export interface EnglishHit {
  word: string;
  context: string;
}

/** The English words left in `text` once the allowed names and patterns are taken out. */
export function findEnglish(text: string, allow: AllowList): EnglishHit[] {
  let rest = ` ${text.replace(/\s+/g, ' ')} `;
  // Longest first, so "Google Home app" goes before "Google".
  for (const s of [...allow.strings].filter((x) => x.trim().length > 1).sort((a, b) => b.length - a.length)) {
    rest = rest.split(s).join(' · ');
  }
  for (const p of [...allow.patterns, ...ADDRESS_PATTERNS]) rest = rest.replace(p, ' · ');
  const hits: EnglishHit[] = [];
  // Whole words in any script, so "até" or "análisis" never yield "at" or "an".
  for (const m of rest.matchAll(/\p{L}[\p{L}']*/gu)) {
    const word = m[0].toLowerCase();
    if (!ENGLISH_WORDS.has(word)) continue;
    const at = m.index ?? 0;
    hits.push({ word, context: rest.slice(Math.max(0, at - 50), at + word.length + 50).trim() });
  }
  return hits;
}
