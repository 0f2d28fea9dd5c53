/**
 * TinyCheck IOC JSON: `{"iocs":[{type, tag, tlp, value}…], "to_delete":[{value}…]}` — the watcher feed format,
 * which Echap's `generated/indicators-for-tinycheck.json` follows. TinyCheck's backend export is the same object
 * with extra fields per IOC (id, source, added_on); a bare array of IOC objects is accepted too.
 */
import { createCollector } from './collect.ts';
import { parseJsonDocument } from './json-document.ts';
import { normaliseIndicator } from './normalise.ts';
import { IndicatorFileError, type IndicatorCategory, type IndicatorLoadResult } from './types.ts';

// TinyCheck types that name a host or address. `freedns`, `tld` and `ns` are zone-wide heuristics (dynamic-DNS
// zones, whole TLDs, name-server providers) that HomeSweep's remote-access rules handle; `sha1cert` and `snort`
// are not network names.
const HOST_TYPES = new Set(['domain', 'ip4addr', 'ip6addr', 'cidr']);

// Tags that name a tracking SDK or a merely suspicious value rather than the surveillance app's own server.
const NON_C2_TAGS = new Set(['tracker', 'suspect']);

function categoryOf(tag: unknown): IndicatorCategory {
  return typeof tag === 'string' && NON_C2_TAGS.has(tag.toLowerCase()) ? 'other' : 'c2';
}

/** Parses TinyCheck IOC JSON text. Throws IndicatorFileError when it is not JSON or not that shape. */
export function parseTinycheckJson(text: string, source: string): IndicatorLoadResult {
  const doc = parseJsonDocument(text, source);
  const obj = typeof doc === 'object' && doc !== null && !Array.isArray(doc) ? (doc as Record<string, unknown>) : undefined;
  const iocs = Array.isArray(doc) ? doc : obj?.iocs;
  if (!Array.isArray(iocs)) throw new IndicatorFileError(source, 'bad-structure', 'expected TinyCheck IOC JSON: an object with an "iocs" list');
  // TinyCheck feeds carry removals next to additions: a value listed in to_delete is not an indicator any more.
  const deleted = new Set<string>();
  for (const d of Array.isArray(obj?.to_delete) ? obj.to_delete : []) {
    const v = typeof d === 'object' && d !== null ? (d as Record<string, unknown>).value : undefined;
    if (typeof v !== 'string') continue;
    const n = normaliseIndicator(v);
    if (!('problem' in n)) deleted.add(n.value);
  }
  const c = createCollector(source);
  iocs.forEach((ioc: unknown, i: number) => {
    if (typeof ioc !== 'object' || ioc === null) {
      c.problem('bad-value', `IOC ${i + 1} is not an object`);
      return;
    }
    const { type, value, tag } = ioc as Record<string, unknown>;
    const t = typeof type === 'string' ? type.toLowerCase() : '';
    if (!HOST_TYPES.has(t)) {
      c.skip(`type ${t || '(none)'}`);
      return;
    }
    if (typeof value === 'string') {
      const n = normaliseIndicator(value);
      if (!('problem' in n) && deleted.has(n.value)) {
        c.skip('listed in to_delete');
        return;
      }
    }
    // Echap's TinyCheck export tags vendor web sites "stalkerware" like C2 servers: the category is a guess.
    c.add(value, categoryOf(tag), undefined, true);
  });
  const r = c.result();
  if (iocs.length === 0) throw new IndicatorFileError(source, 'empty', 'the "iocs" list is empty');
  if (r.entries.length === 0) throw new IndicatorFileError(source, 'empty', `${iocs.length} IOC(s) but none is a domain, IP or CIDR`);
  return r;
}
