/**
 * Generates device profiles from Home Assistant's discovery matchers (Apache-2.0): the DHCP, SSDP, zeroconf and
 * HomeKit-model matchers that `script.hassfest` writes to `homeassistant/generated/`, each integration's
 * `manifest.json` (name) and the entity platform files in its folder (camera.py, lock.py…), which give its
 * category through `ha-categories.yaml`. Facts only: no Home Assistant code or prose is copied.
 *
 * Input: a checkout (or export) of home-assistant/core, fetched by whoever runs this, never committed:
 *   git clone --depth 1 --branch <tag> https://github.com/home-assistant/core /tmp/ha-core
 *   npx tsx device-profiles/generate/home-assistant.ts --ha /tmp/ha-core --ref <tag> --commit <sha> [--origin URL]
 * Output: device-profiles/generated/home-assistant.json (validated at load by the same profile schema) and
 * device-profiles/generated/SOURCES.md. Running it twice on the same input writes the same bytes.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { parse } from 'yaml';
import { z } from 'zod';
import { CATEGORIES, type Capability, type Category } from '../../gateway/contract.ts';
import { compileGlob, globPrefix } from '../glob.ts';
import { ProfileSchema, type Profile } from '../schema.ts';
import { claimKeys } from '../claims.ts';
import { writeSourcesSection } from './sources.ts';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const PROFILES = join(HERE, '..');
const OUT = join(PROFILES, 'generated', 'home-assistant.json');

/** Priority of every generated profile: below hand-written (0) and generic fallbacks (-1, -2). */
export const GENERATED_PRIORITY = -5;

const CategoryMap = z.strictObject({
  platformOrder: z.array(z.strictObject({ platform: z.string(), category: z.enum(CATEGORIES) })),
  integrationCategory: z.record(z.string(), z.enum(CATEGORIES)),
  vendorOf: z.record(z.string(), z.string()),
});

/** hassfest writes Python literals that are JSON apart from True/False/None and trailing commas. */
export function parsePythonLiteral(source: string, name: string): unknown {
  const at = source.search(new RegExp(`^${name}(?:: [^=]+)? = `, 'm'));
  if (at < 0) throw new Error(`no ${name} = … in the file`);
  const body = source.slice(source.indexOf('=', at) + 1);
  const end = body.search(/^[\]}]\s*$/m);
  const literal = body.slice(0, end + 1)
    .replace(/\bTrue\b/g, 'true').replace(/\bFalse\b/g, 'false').replace(/\bNone\b/g, 'null')
    .replace(/,(\s*[\]}])/g, '$1');
  return JSON.parse(literal);
}

/** fnmatch character classes ("[ba][lk]*") become the plain globs they stand for (at most 16). */
export function expandClasses(pattern: string): string[] {
  const m = /\[([^\]]+)\]/.exec(pattern);
  if (!m) return [pattern];
  const chars = [...m[1]!];
  if (chars.includes('-') || chars.includes('!')) return []; // ranges and negations: no plain equivalent kept
  const out = chars.flatMap((c) => expandClasses(pattern.slice(0, m.index) + c + pattern.slice(m.index + m[0].length)));
  return out.length <= 16 ? out : [];
}

const norm = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');
const kebab = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

interface Built {
  domain: string;
  name: string;
  vendor: string;
  category: Category;
  match: Required<Pick<Profile['match'], 'oui' | 'dhcpHostname' | 'mdnsType' | 'mdnsName' | 'mdnsTxt' | 'ssdp'>>;
}

function main(): void {
  const { values } = parseArgs({ options: { ha: { type: 'string' }, ref: { type: 'string' }, commit: { type: 'string' }, origin: { type: 'string' } } });
  if (!values.ha || !values.ref || !values.commit) {
    process.stderr.write('usage: home-assistant.ts --ha DIR --ref TAG --commit SHA [--origin URL]\n');
    process.exit(2);
  }
  const ha = values.ha;
  const gen = (f: string) => readFileSync(join(ha, 'homeassistant', 'generated', f), 'utf8');
  const components = join(ha, 'homeassistant', 'components');
  const cats = CategoryMap.parse(parse(readFileSync(join(HERE, 'ha-categories.yaml'), 'utf8')));
  const caps = parse(readFileSync(join(PROFILES, 'knowledge', 'categories.yaml'), 'utf8')).categories as Record<Category, { capabilities: Capability[] }>;
  const weights = parse(readFileSync(join(PROFILES, 'weights.yaml'), 'utf8')) as { moduleVendors: string[] };
  const moduleVendor = weights.moduleVendors.map(compileGlob);
  const registry = JSON.parse(readFileSync(fileURLToPath(new URL('../../node_modules/oui-data/index.json', import.meta.url)), 'utf8')) as Record<string, string>;
  const brands = (JSON.parse(gen('integrations.json')) as { integration: Record<string, { integrations?: Record<string, unknown> }> }).integration;
  const brandOf = new Map<string, string>();
  for (const [brand, v] of Object.entries(brands)) for (const d of Object.keys(v.integrations ?? {})) if (!brandOf.has(d)) brandOf.set(d, brand);

  const handFolders = new Map(readdirSync(PROFILES, { withFileTypes: true })
    .filter((e) => e.isDirectory() && !['generate', 'generated', 'knowledge', 'generic', 'node_modules'].includes(e.name))
    .map((e) => [norm(e.name), e.name]));

  const byDomain = new Map<string, Built>();
  const skipped: string[] = [];
  const get = (domain: string): Built | undefined => {
    if (byDomain.has(domain)) return byDomain.get(domain);
    const dir = join(components, domain);
    if (!existsSync(join(dir, 'manifest.json'))) return undefined;
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { name: string };
    const files = new Set(readdirSync(dir).filter((f) => f.endsWith('.py')).map((f) => f.slice(0, -3)));
    const category = cats.integrationCategory[domain] ?? cats.platformOrder.find((p) => files.has(p.platform))?.category;
    if (!category) {
      skipped.push(`${domain} (no device platform)`);
      byDomain.set(domain, undefined as never);
      return undefined;
    }
    const brand = brandOf.get(domain);
    const vendor = cats.vendorOf[domain] ?? handFolders.get(norm(domain)) ?? (brand ? handFolders.get(norm(brand)) : undefined) ?? kebab(brand ?? domain);
    const built: Built = { domain, name: manifest.name, vendor, category, match: { oui: [], dhcpHostname: [], mdnsType: [], mdnsName: [], mdnsTxt: [], ssdp: [] } };
    byDomain.set(domain, built);
    return built;
  };

  // An OUI is brand evidence only when the registry names a maker that is not a Wi-Fi chip/module vendor.
  const brandOui = (mac: string): string | null => {
    const hex = mac.replace(/\*$/, '').toUpperCase();
    if (!/^(?:[0-9A-F]{6}|[0-9A-F]{7}|[0-9A-F]{9})$/.test(hex)) return null;
    const org = registry[hex]?.split('\n')[0];
    return org && !moduleVendor.some((re) => re.test(org)) ? hex : null;
  };
  const pushUnique = <T>(list: T[], v: T) => {
    if (!list.some((x) => JSON.stringify(x) === JSON.stringify(v))) list.push(v);
  };

  // DHCP: a hostname with a MAC prefix must match both (HA's rule); a MAC prefix alone is an OUI signal.
  for (const m of parsePythonLiteral(gen('dhcp.py'), 'DHCP') as { domain: string; hostname?: string; macaddress?: string }[]) {
    const b = get(m.domain);
    if (!b || (!m.hostname && !m.macaddress)) continue;
    const prefix = m.macaddress?.replace(/\*$/, '').toUpperCase();
    if (m.hostname) {
      // On a Wi-Fi module's MAC, a name of two or three letters and a wildcard ("hf*", "lwip*" is the network stack's)
      // is the module's default name, which every product built on that module may carry: not the integration's.
      const moduleOnly = !!prefix && !brandOui(prefix);
      const expanded = expandClasses(m.hostname);
      if (expanded.length === 0) skipped.push(`${m.domain} dhcp hostname ${m.hostname} (character range)`);
      const patterns = expanded.filter((p) => {
        const keep = !moduleOnly || (globPrefix(p).length >= 4 && !/^lwip/i.test(p));
        if (!keep) skipped.push(`${m.domain} dhcp hostname ${p} (a Wi-Fi module's default name on the module's MAC prefix)`);
        return keep;
      });
      for (const pattern of patterns) {
        if (prefix && !/^[0-9A-F]{6,9}$/.test(prefix)) continue;
        const entry = prefix ? { pattern, oui: [prefix] } : pattern;
        const same = b.match.dhcpHostname.find((h) => typeof h !== 'string' && typeof entry !== 'string' && h.pattern === entry.pattern);
        if (same && typeof same !== 'string' && typeof entry !== 'string') { if (!same.oui!.includes(prefix!)) same.oui!.push(prefix!); }
        else pushUnique(b.match.dhcpHostname, entry);
      }
    } else if (m.macaddress) {
      const oui = brandOui(m.macaddress);
      if (oui) pushUnique(b.match.oui, oui);
    }
  }

  // zeroconf: a service type only one integration uses, with no further condition, names that integration;
  // on a shared type (_http._tcp, _hap._tcp) only the instance name or TXT condition is evidence.
  const zc = parsePythonLiteral(gen('zeroconf.py'), 'ZEROCONF') as Record<string, { domain: string; name?: string; properties?: Record<string, string> }[]>;
  for (const [rawType, matchers] of Object.entries(zc)) {
    const type = rawType.replace(/\.local\.$/, '').toLowerCase();
    if (!/^_[a-z0-9][a-z0-9_-]{0,62}\._(?:tcp|udp)$/.test(type)) continue;
    const domains = new Set(matchers.map((m) => m.domain));
    for (const m of matchers) {
      const b = get(m.domain);
      if (!b) continue;
      if (!m.name && !m.properties && domains.size === 1) pushUnique(b.match.mdnsType, type);
      for (const n of m.name ? expandClasses(m.name) : []) pushUnique(b.match.mdnsName, n);
      for (const [key, value] of Object.entries(m.properties ?? {})) {
        for (const pattern of expandClasses(value)) {
          if (!/[a-z0-9]{3}/i.test(pattern)) continue;
          // The same TXT value under two service types: one condition on any type.
          const same = b.match.mdnsTxt.find((t) => t.key.toLowerCase() === key.toLowerCase() && t.pattern.toLowerCase() === pattern.toLowerCase());
          if (same) { if (same.type !== type) delete same.type; }
          else b.match.mdnsTxt.push({ key, pattern, type });
        }
      }
    }
  }

  // HomeKit accessory models (TXT md on _hap._tcp).
  const hk = parsePythonLiteral(gen('zeroconf.py'), 'HOMEKIT') as Record<string, { domain: string }>;
  for (const [model, { domain }] of Object.entries(hk)) {
    const b = get(domain);
    if (b) for (const pattern of expandClasses(model)) pushUnique(b.match.mdnsTxt, { key: 'md', pattern, type: '_hap._tcp' });
  }

  // SSDP: fields of one matcher must all match in HA; here each is its own signal, so a standard UPnP device type
  // (MediaRenderer, InternetGatewayDevice…), which many makers share, is left out: knowledge/protocols.yaml gives it
  // its generic meaning instead.
  const FIELDS = new Set(['st', 'nt', 'deviceType', 'manufacturer', 'modelName', 'modelDescription', 'friendlyName']);
  const ssdp = parsePythonLiteral(gen('ssdp.py'), 'SSDP') as Record<string, Record<string, string>[]>;
  for (const [domain, matchers] of Object.entries(ssdp)) {
    const b = get(domain);
    if (!b) continue;
    for (const m of matchers) {
      for (const [field, value] of Object.entries(m)) {
        if (!FIELDS.has(field) || typeof value !== 'string' || value.trim().length < 2) continue;
        if ((field === 'st' || field === 'nt' || field === 'deviceType') && /^urn:schemas-upnp-org:|^upnp:rootdevice$|^ssdp:all$/i.test(value)) continue;
        for (const pattern of expandClasses(value)) {
          if (!b.match.ssdp.some((x) => x.field === field && x.pattern.toLowerCase() === pattern.toLowerCase())) b.match.ssdp.push({ field: field as 'st', pattern });
        }
      }
    }
  }

  // Build, validate, and drop any strong signal two generated profiles would both claim (it names neither).
  const drafts: Profile[] = [];
  for (const b of [...byDomain.values()].filter(Boolean).sort((x, y) => x.domain.localeCompare(y.domain))) {
    const match = Object.fromEntries(Object.entries(b.match).filter(([, v]) => v.length > 0));
    if (Object.keys(match).length === 0) continue;
    const name = b.name.trim();
    drafts.push({
      id: `${b.vendor}.ha-${kebab(b.domain)}`,
      name: { en: name, es: name, 'pt-BR': name },
      category: b.category,
      capabilities: caps[b.category]?.capabilities ?? [],
      priority: GENERATED_PRIORITY,
      fallback: false,
      origin: { source: 'home-assistant', integration: b.domain },
      match,
      remoteAccess: [],
      checklist: [],
      cannotSee: [],
    } as Profile);
  }
  const owners = new Map<string, Set<string>>();
  for (const p of drafts) for (const k of claimKeys(p)) owners.set(k, (owners.get(k) ?? new Set()).add(p.id));
  const contested = new Set([...owners].filter(([, ids]) => ids.size > 1).map(([k]) => k));
  const profiles: unknown[] = [];
  for (const p of drafts) {
    const m = p.match;
    const keep = (key: string) => !contested.has(key);
    m.dhcpHostname = m.dhcpHostname?.filter((h) => keep(claimKeys({ ...p, match: { dhcpHostname: [h] } })[0]!));
    m.mdnsTxt = m.mdnsTxt?.filter((t) => keep(`mdnsTxt:${t.key.toLowerCase()}=${t.pattern.toLowerCase()}`));
    const hasModel = m.ssdp?.some((s) => s.field === 'modelName') ?? false;
    m.ssdp = m.ssdp?.filter((s) => ((s.field === 'st' || s.field === 'deviceType') ? keep(`ssdp:${s.field}=${s.pattern.toLowerCase()}`) : true)
      && (s.field !== 'manufacturer' || hasModel || keep(`ssdp:${s.pattern.toLowerCase()}+`)));
    m.mdnsType = m.mdnsType?.filter((t) => keep(claimKeys({ ...p, match: { mdnsType: [t], mdnsName: m.mdnsName, mdnsTxt: m.mdnsTxt } })[0]!));
    for (const k of Object.keys(m) as (keyof typeof m)[]) if (!m[k]?.length) delete m[k];
    if (Object.keys(m).length === 0) continue;
    const checked = ProfileSchema.safeParse(p);
    if (!checked.success) {
      skipped.push(`${p.id}: ${checked.error.issues[0]?.message}`);
      continue;
    }
    profiles.push(p);
  }
  for (const k of contested) skipped.push(`claimed by several integrations, left out: ${k}`);

  const source = {
    name: 'Home Assistant core',
    url: values.origin ?? 'https://github.com/home-assistant/core',
    ref: values.ref,
    commit: values.commit,
    licence: 'Apache-2.0',
    files: ['homeassistant/generated/dhcp.py', 'homeassistant/generated/ssdp.py', 'homeassistant/generated/zeroconf.py',
      'homeassistant/generated/integrations.json', 'homeassistant/components/*/manifest.json', 'homeassistant/components/*/<platform>.py (names only)'],
  };
  writeFileSync(OUT, `${JSON.stringify({ source, profiles }, null, 1)}\n`);
  writeSourcesSection('home-assistant', sourcesText(source, profiles.length, [...new Set(skipped)]));
  process.stdout.write(`${profiles.length} profiles written to ${OUT}; ${new Set(skipped).size} matchers or integrations left out (see SOURCES.md)\n`);
}

function sourcesText(s: { url: string; ref: string; commit: string; licence: string; files: string[] }, count: number, skipped: string[]): string {
  return `## Profiles from Home Assistant's discovery matchers

\`home-assistant.json\` is written by \`device-profiles/generate/home-assistant.ts\`; do not edit it by hand.

| | |
|---|---|
| Source | Home Assistant core (github.com/home-assistant/core)${s.url.includes('home-assistant/core') ? '' : `, read from the single-commit copy at ${s.url}`} |
| Version | ${s.ref}, commit \`${s.commit}\` |
| Licence | ${s.licence} (facts taken: discovery matchers, integration names, the names of entity platform files) |
| Files read | ${s.files.map((f) => `\`${f}\``).join(', ')} |
| Also read | \`oui-data\` (npm, IEEE MA-L/MA-M/MA-S registries) to keep only MAC prefixes registered to a brand |
| Profiles | ${count} |

How categories are chosen: \`generate/ha-categories.yaml\` (platform order, integrations whose discovery finds a
hub or recorder, and the hand-written vendor folder an integration belongs to).

Left out (${skipped.length}):

${skipped.sort().map((x) => `- ${x}`).join('\n')}
`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
