/**
 * Personal names in device and network names: "Maria's iPhone" → "iPhone", "iPhone de Lucía" → "iPhone",
 * "Marias-MacBook-Pro" → "MacBook-Pro". Phones and computers name themselves after their owner by default, so a
 * helper's copy of an audit would otherwise carry the household's first names.
 */

/** Product words that follow (or precede, with "de") an owner's name in default device names. */
const PRODUCTS =
  'iphone|ipad|ipod|imac|macbook(?:[ -_]?(?:air|pro))?|mac[ -_]?mini|mac[ -_]?studio|mac|air|pro|apple[ -_]?watch|watch|airpods|homepod|appletv|apple[ -_]?tv|' +
  'galaxy|pixel|android|phone|laptop|desktop|pc|computer|tablet|kindle|fire|echo|chromebook|surface|thinkpad|xbox|playstation|ps[45]|switch|tv|camera|speaker|car';

// "Maria's iPhone", "Maria’s Galaxy S21", "Juan's room camera".
const POSSESSIVE = /^\s*(\p{L}[\p{L}.\- ]{0,40}?)\s*['’‘`´]\s?s[\s_-]+(.+)$/iu;
// Host-name form of the possessive: apostrophe dropped or turned into "-": "Marias-iPhone", "maria-s-macbook-pro".
const HOST_POSSESSIVE = new RegExp(`^(\\p{L}{2,20}?)(?:s|-s)[-_ ]((?:${PRODUCTS})\\b.*)$`, 'iu');
// Spanish / Portuguese / Italian / French default names: "iPhone de María", "Galaxy-de-Juan", "MacBook di Anna".
const OF_OWNER = new RegExp(`^((?:${PRODUCTS})\\b.*?)[\\s_-]+(?:de|di|da|do|von|van)[\\s_-]+(\\p{L}[\\p{L}'’.]*(?:[\\s_-]\\p{L}[\\p{L}'’.]*)?)\\s*$`, 'iu');

/** The cleaned name and the personal names found in it. */
export interface NameCleaning {
  name: string;
  people: string[];
}

/**
 * Removes an owner's name from one device or network name, by the default naming patterns of phones and
 * computers. Returns the name unchanged (and no people) when no pattern applies.
 */
export function stripOwnerName(name: string): NameCleaning {
  const poss = POSSESSIVE.exec(name);
  if (poss && poss[1]!.trim().split(/\s+/).length <= 3) return { name: poss[2]!.trim(), people: [poss[1]!.trim()] };
  const host = HOST_POSSESSIVE.exec(name);
  if (host) return { name: host[2]!, people: [host[1]!, `${host[1]!}s`] };
  const of = OF_OWNER.exec(name);
  if (of) return { name: of[1]!, people: of[2]!.split(/[\s_-]+/).filter((p) => p.length >= 2) };
  return { name, people: [] };
}

/**
 * Removes from a device name what identifies the one physical device: the MAC's last 2 or 3 bytes that many
 * vendors append ("HPC38D5A", "ecobee3 lite 5E19") and long serial-like hex or digit runs.
 */
export function stripDeviceSerials(name: string, macTails: Set<string>): string {
  let out = name.replace(/[0-9a-f]{6}|[0-9a-f]{4}/gi, (m, offset: number, whole: string) => {
    const before = whole[offset - 1];
    const after = whole[offset + m.length];
    // A tail stands on its own or ends the name: not the middle of a longer hex run.
    if ((before && /[0-9a-f]/i.test(before) && m.length === 4) || (after && /[0-9a-z]/i.test(after))) return m;
    return macTails.has(m.toLowerCase()) ? 'x'.repeat(m.length) : m;
  });
  out = out.replace(/[0-9a-f]{10,}|\d{9,}/gi, (m) => (/\d/.test(m) && (/[a-f]/i.test(m) || /^\d+$/.test(m)) ? '…' : m));
  return out;
}

/** The last 3 and 2 bytes of a MAC as bare lowercase hex ("c38d5a", "8d5a"): what vendors put in names. */
export function macTails(mac: string): string[] {
  const hex = mac.replace(/[^0-9a-f]/gi, '').toLowerCase();
  return hex.length === 12 ? [hex.slice(6), hex.slice(8)] : [];
}
