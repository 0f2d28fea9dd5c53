/**
 * STIX 2.x bundles as MVT reads them: `indicator` objects with simple patterns, linked to a `malware` object (the
 * app) by an `indicates` relationship. Network patterns used: `domain-name:value`, `ipv4-addr:value`,
 * `ipv6-addr:value`, `url:value`; several comparisons joined by OR give one entry each. Other keys (file hashes,
 * `app:id`, certificates) are counted as skipped.
 */
import { createCollector, type IndicatorCollector } from './collect.ts';
import { parseJsonDocument } from './json-document.ts';
import { IndicatorFileError, type IndicatorCategory, type IndicatorLoadResult } from './types.ts';

const NETWORK_KEYS = new Set(['domain-name:value', 'ipv4-addr:value', 'ipv6-addr:value', 'url:value']);
// One comparison: [object-type:path = 'value'], the value in single quotes with \' and \\ escapes (STIX 2.1 §9).
const COMPARISON = /^\s*\[\s*([a-z0-9-]+:[a-z0-9_.'-]+)\s*=\s*'((?:[^'\\]|\\.)*)'\s*\]\s*$/i;
// indicator_types that say the indicator marks something harmful; anything else is "other".
const HARMFUL_TYPES = new Set(['malicious-activity', 'compromised', 'attribution']);

type StixObject = Record<string, unknown>;

/** Parses a STIX 2 bundle's text. Throws IndicatorFileError when it is not JSON or not a bundle. */
export function parseStix2(text: string, source: string): IndicatorLoadResult {
  const doc = parseJsonDocument(text, source);
  const bundle = typeof doc === 'object' && doc !== null ? (doc as StixObject) : undefined;
  if (!bundle || bundle.type !== 'bundle' || !Array.isArray(bundle.objects)) {
    throw new IndicatorFileError(source, 'bad-structure', 'expected a STIX 2 bundle: {"type": "bundle", "objects": [...]}');
  }
  const objects = bundle.objects.filter((o): o is StixObject => typeof o === 'object' && o !== null);
  const names = new Map<string, string>();
  for (const o of objects) if (o.type === 'malware' && typeof o.id === 'string' && typeof o.name === 'string') names.set(o.id, o.name);
  const appOf = new Map<string, string>();
  for (const o of objects) {
    if (o.type !== 'relationship' || o.relationship_type !== 'indicates') continue;
    const name = typeof o.target_ref === 'string' ? names.get(o.target_ref) : undefined;
    if (name && typeof o.source_ref === 'string' && !appOf.has(o.source_ref)) appOf.set(o.source_ref, name);
  }
  const c = createCollector(source);
  let indicators = 0;
  for (const o of objects) {
    if (o.type !== 'indicator') continue;
    indicators++;
    if (typeof o.pattern !== 'string') {
      c.problem('bad-value', `indicator ${String(o.id)} has no pattern`);
      continue;
    }
    if (typeof o.pattern_type === 'string' && o.pattern_type !== 'stix') {
      c.skip(`pattern_type ${o.pattern_type}`);
      continue;
    }
    const types = Array.isArray(o.indicator_types) ? o.indicator_types : [];
    const category: IndicatorCategory = types.length === 0 || types.some((t) => HARMFUL_TYPES.has(String(t))) ? 'c2' : 'other';
    addPattern(c, o.pattern, category, typeof o.id === 'string' ? appOf.get(o.id) : undefined);
  }
  const r = c.result();
  if (indicators === 0) throw new IndicatorFileError(source, 'empty', 'the bundle has no indicator object');
  if (r.entries.length === 0 && r.problems.length === 0) throw new IndicatorFileError(source, 'empty', `${indicators} indicator(s) but none is a domain, IP or URL`);
  return r;
}

function addPattern(c: IndicatorCollector, pattern: string, category: IndicatorCategory, app: string | undefined): void {
  // AND / FOLLOWEDBY / qualifiers would need an event engine; a plain OR of comparisons is a list of values.
  const parts = splitOr(pattern);
  const parsed = parts?.map((p) => COMPARISON.exec(p));
  if (!parsed || parsed.some((m) => !m)) {
    c.problem('unsupported-pattern', `pattern not supported (only [type:value = '…'] comparisons joined by OR): ${pattern.slice(0, 120)}`, pattern);
    return;
  }
  for (const m of parsed as RegExpExecArray[]) {
    const key = m[1].toLowerCase();
    const value = m[2].replace(/\\(.)/g, '$1');
    // Echap's bundle links C2 domains and vendor web sites alike with "malicious-activity": the category is a guess.
    if (NETWORK_KEYS.has(key)) c.add(value, category, app, true);
    else c.skip(key);
  }
}

/** Splits `[a] OR [b]` at top-level ORs (outside quotes and brackets); null when other operators appear. */
function splitOr(pattern: string): string[] | null {
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (quoted) {
      if (ch === '\\') i++;
      else if (ch === "'") quoted = false;
    } else if (ch === "'") quoted = true;
    else if (ch === '[') depth++;
    else if (ch === ']') depth--;
    else if (depth === 0 && /\s/.test(ch)) {
      const rest = pattern.slice(i).match(/^\s+([A-Za-z]+)\s+/);
      if (rest) {
        if (rest[1].toUpperCase() !== 'OR') return null;
        parts.push(pattern.slice(start, i));
        i += rest[0].length - 1;
        start = i + 1;
      }
    }
  }
  parts.push(pattern.slice(start));
  return parts.map((p) => p.trim()).filter(Boolean);
}
