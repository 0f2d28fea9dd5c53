/**
 * Echap stalkerware-indicators `ioc.yaml` / `watchware.yaml`: a YAML list of apps, each with `name`, `c2.domains`,
 * `c2.ips` (also `c2.ip`, a spelling two apps use), `websites` (vendor sites) and `distribution` (download hosts).
 */
import { parse as parseYaml } from 'yaml';
import { createCollector } from './collect.ts';
import { IndicatorFileError, type IndicatorLoadResult } from './types.ts';

function asList(v: unknown): unknown[] {
  if (v === undefined || v === null) return [];
  return Array.isArray(v) ? v : [v];
}

/** Parses the text of an Echap app list. Throws IndicatorFileError when the file is not such a list. */
export function parseEchapYaml(text: string, source: string): IndicatorLoadResult {
  let doc: unknown;
  try {
    // uniqueKeys off: a repeated key in one app is a data slip, not a reason to lose the whole list.
    doc = parseYaml(text, { uniqueKeys: false, maxAliasCount: 100 });
  } catch (err) {
    throw new IndicatorFileError(source, 'bad-syntax', `invalid YAML: ${(err as Error).message.split('\n')[0]}`);
  }
  if (doc === null || doc === undefined) throw new IndicatorFileError(source, 'empty', 'the file is empty');
  if (!Array.isArray(doc)) throw new IndicatorFileError(source, 'bad-structure', 'expected a YAML list of apps (each with a name and c2/websites lists)');
  const c = createCollector(source);
  let apps = 0;
  doc.forEach((app: unknown, i: number) => {
    if (typeof app !== 'object' || app === null || Array.isArray(app)) {
      c.problem('bad-value', `item ${i + 1} is not an app mapping`);
      return;
    }
    const a = app as Record<string, unknown>;
    const name = typeof a.name === 'string' && a.name.trim() ? a.name.trim() : undefined;
    if (!name) {
      c.problem('bad-value', `item ${i + 1} has no name`);
      return;
    }
    apps++;
    const c2 = typeof a.c2 === 'object' && a.c2 !== null ? (a.c2 as Record<string, unknown>) : {};
    for (const v of asList(c2.domains)) c.add(v, 'c2', name);
    for (const v of [...asList(c2.ips), ...asList(c2.ip)]) c.add(v, 'c2', name);
    for (const v of asList(a.websites)) c.add(v, 'marketing', name);
    for (const v of asList(a.distribution)) c.add(v, 'other', name);
    c.skip('package name', asList(a.packages).length + asList(a.ios_bundles).length);
    c.skip('certificate', asList(a.certificates).length);
  });
  if (apps === 0) throw new IndicatorFileError(source, 'empty', 'the list has no app');
  const r = c.result();
  if (r.entries.length === 0) throw new IndicatorFileError(source, 'empty', `${apps} app(s) but no network indicator`);
  return r;
}
