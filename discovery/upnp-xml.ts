/**
 * Safe XML parsing for untrusted UPnP documents (device descriptions, SOAP responses). Entity processing is
 * off and any DOCTYPE is refused, so there is no entity expansion (billion laughs) and no external entity.
 * The five predefined XML entities and numeric character references are decoded by hand afterwards.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';

const parser = new XMLParser({
  ignoreAttributes: true,
  removeNSPrefix: true,
  processEntities: false,
  htmlEntities: false,
  parseTagValue: false,
  trimValues: true,
  // UPnP lists that may hold one element or many; always arrays so callers need not branch.
  isArray: (name) => name === 'device' || name === 'service',
});

/** Parses an XML document into plain objects (namespace prefixes removed); null when it is not usable XML. */
export function parseSafeXml(xml: string): Record<string, unknown> | null {
  if (typeof xml !== 'string' || xml.length === 0) return null;
  // UPnP documents never carry a DTD; refusing one closes every entity-expansion path at once.
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) return null;
  try {
    // The parser alone accepts unclosed elements; a cut document (size cap, dropped connection) is not trusted.
    if (XMLValidator.validate(xml) !== true) return null;
    const doc = parser.parse(xml) as unknown;
    return doc && typeof doc === 'object' ? (doc as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Decodes the predefined XML entities and numeric character references; leaves anything else as written. */
export function decodeXmlText(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]{1,6}|#\d{1,7}|amp|lt|gt|quot|apos);/g, (whole, ref: string) => {
    if (ref[0] !== '#') return NAMED[ref];
    const cp = ref[1] === 'x' ? Number.parseInt(ref.slice(2), 16) : Number.parseInt(ref.slice(1), 10);
    return cp > 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : whole;
  });
}

/** Maximum length kept for any text field from the network. */
export const MAX_FIELD = 512;

/** Text content of a parsed field, decoded and clipped; undefined when absent, empty or not text. */
export function textOf(v: unknown): string | undefined {
  if (typeof v === 'number') return String(v);
  if (typeof v !== 'string') return undefined;
  const t = decodeXmlText(v).trim();
  return t === '' ? undefined : t.slice(0, MAX_FIELD);
}

/** The object at `key`, or undefined. */
export function objOf(v: unknown, key: string): Record<string, unknown> | undefined {
  if (!v || typeof v !== 'object') return undefined;
  const c = (v as Record<string, unknown>)[key];
  return c && typeof c === 'object' && !Array.isArray(c) ? (c as Record<string, unknown>) : undefined;
}
