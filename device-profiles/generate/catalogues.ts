/**
 * Generates the clue tables in `generated/clues/catalogues.json` from a large public device catalogue: name word →
 * category, brand → category, model-number stem → category, each with a calibrated weight (see catalogue-learn.ts
 * for the estimate and the calibration). Facts only (makers, model numbers, descriptions, which functions a device
 * has); no code or prose of a catalogue is copied.
 *
 * Catalogue (a checkout fetched by whoever runs this, never committed):
 * - Koenkk/zigbee-herdsman-converters (MIT): every device definition in src/devices/*.ts with its vendor, model,
 *   description, the names it reports (zigbeeModel) and its white-label twins. Its category comes from the
 *   functions the definition gives it (lock, warning device, climate, light, cover, on/off, sensor clusters),
 *   never from its words, so the words can be learnt from it.
 *
 *   git clone https://github.com/Koenkk/zigbee-herdsman-converters /tmp/zhc && git -C /tmp/zhc checkout <sha>
 *   npx tsx device-profiles/generate/catalogues.ts --zhc /tmp/zhc --zhc-commit <sha>
 *
 * Running it twice on the same input writes the same bytes.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Category } from '../../gateway/contract.ts';
import { createClueMatcher, modelStem, nameTokens } from '../../discovery/clues.ts';
import type { DeviceEvidence } from '../../discovery/identify.ts';
import { loadClueKnowledge, type GeneratedClues, type KnowledgeProblem } from '../knowledge.ts';
import type { Profile } from '../schema.ts';
import { GeneratedCluesFileSchema, type GeneratedCluesFile } from '../knowledge-schema.ts';
import {
  applyPlatt, brandKey, brandTable, bucket, calibrate, deviceWords, stemTable, wordTable, type Calibrated, type CatalogueDevice,
} from './catalogue-learn.ts';
import { writeSourcesSection } from './sources.ts';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const PROFILES = join(HERE, '..');
export const CLUES_OUT = join(PROFILES, 'generated', 'clues', 'catalogues.json');

/** Below this weight a clue alone cannot even show a "could be" (clues.yaml hintAt): not written. */
const MIN_WEIGHT = 0.3;

/**
 * The category a zigbee device definition's functions give it, first match wins: what it can do to a person
 * first (open a door, sound an alarm, heat), then lights, covers, switched power, and sensors last. Remotes and
 * buttons (actions only) get none and are left out.
 */
const ZIGBEE_FUNCTIONS: { category: Category; re: RegExp }[] = [
  { category: 'lock', re: /\b(?:e|m)\.lock\(|\bcloseuresDoorLock\b|\bclosuresDoorLock\b|\block_action\b|\be\.lock_action/ },
  { category: 'alarm', re: /\be\.warning\(|\bm\.iasWarning\(|\be\.squawk\(|\bsiren\b|\balarm_ringtone\b/ },
  { category: 'thermostat', re: /\be\.climate\(|\bm\.thermostat\w*\(|\bhvacThermostat\b|\bthermostat\.\w+\(/ },
  { category: 'smart-light', re: /\bm\.light\(|\w+Light\(|\be\.light\b|\be\.light_|\blightingBallastCfg\b/ },
  { category: 'appliance', re: /\be\.cover\b|\bm\.windowCovering\(|\be\.cover_position\(|\bclosuresWindowCovering\b/ },
  { category: 'smart-plug', re: /\bm\.onOff\(|\be\.switch\(|\btuya\.exposes\.switch\(|\btuyaOnOff\(|\bm\.electricityMeter\(|\be\.power\(/ },
  {
    category: 'sensor',
    re: /\be\.(?:water_leak|smoke|occupancy|contact|temperature|humidity|presence|vibration|gas|co2|illuminance|pm25|carbon_monoxide)\(|\bm\.(?:temperature|humidity|occupancy|co2|illuminance|pressure|soilMoisture|iasZoneAlarm)\(/,
  },
];

const quoted = (line: string, key: string): string | null => {
  const m = new RegExp(`^\\s*${key}: "((?:[^"\\\\]|\\\\.)*)",?\\s*$`).exec(line);
  return m ? m[1]!.replace(/\\u[0-9a-fA-F]{4}/g, ' ').replace(/\\(.)/g, '$1') : null;
};

/** The category of one definition from its function markers (its description lines removed first). */
export function zigbeeCategory(block: string): Category | null {
  const functions = block.split('\n').filter((l) => !/^\s*(?:description|model|vendor):/.test(l)).join('\n');
  return ZIGBEE_FUNCTIONS.find((f) => f.re.test(functions))?.category ?? null;
}

/**
 * The device definitions of one zigbee-herdsman-converters device file: each `model: "…"` line opens a definition
 * (an object literal whose braces sit one indent level out); vendor, description, zigbeeModel and white-label
 * twins come from the same object.
 */
export function parseZigbeeDevices(source: string): CatalogueDevice[] {
  const lines = source.split('\n');
  const out: CatalogueDevice[] = [];
  for (let i = 0; i < lines.length; i++) {
    const model = quoted(lines[i]!, 'model');
    if (model === null) continue;
    const indent = /^\s*/.exec(lines[i]!)![0].length;
    if (indent < 4) continue;
    const outer = ' '.repeat(indent - 4);
    let start = i;
    while (start > 0 && !(lines[start]!.startsWith(`${outer}{`) && lines[start]!.trimEnd().endsWith('{'))) start--;
    let end = i;
    while (end < lines.length - 1 && !lines[end]!.startsWith(`${outer}}`)) end++;
    // A white-label entry ({model, vendor, description} inside whiteLabel) is read with its parent below.
    if (/whiteLabel: \[/.test(lines.slice(Math.max(0, start - 3), start).join('\n'))) continue;
    const body = lines.slice(start, end + 1);
    const at = (key: string) => body.map((l) => (/^\s*/.exec(l)![0].length === indent ? quoted(l, key) : null)).find((v) => v !== null) ?? null;
    const vendor = at('vendor');
    const description = at('description');
    if (!vendor || !description) continue;
    const block = body.join('\n');
    const category = zigbeeCategory(block);
    if (!category) continue;
    const reported = [...block.matchAll(/zigbeeModel: \[([^\]]*)\]/g)].flatMap((m) => [...m[1]!.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((x) => x[1]!));
    out.push({ vendor, model, names: [description, ...reported], category });
    for (const w of block.matchAll(/whitelabel\("((?:[^"\\]|\\.)*)", "((?:[^"\\]|\\.)*)", "((?:[^"\\]|\\.)*)"/g)) {
      out.push({ vendor: w[1]!, model: w[2]!, names: [w[3]!], category });
    }
    for (const w of block.matchAll(/\{\s*model: "((?:[^"\\]|\\.)*)",\s*vendor: "((?:[^"\\]|\\.)*)",\s*description: "((?:[^"\\]|\\.)*)"/g)) {
      out.push({ vendor: w[2]!, model: w[1]!, names: [w[3]!], category });
    }
  }
  return out;
}

/**
 * The names a generated Home Assistant profile matches on (DHCP host names, mDNS names and model TXT values, SSDP
 * description fields), as the evidence a device with those names would show: home-network names labelled with a
 * category by a source that is not the catalogue (and not an evaluation source).
 */
export function lanEvidence(p: Pick<Profile, 'match'>): DeviceEvidence | null {
  const plain = (glob: string) => glob.replace(/[*?]/g, ' ').trim();
  const m = p.match;
  const hostnames = (m.dhcpHostname ?? []).map((c) => plain(typeof c === 'string' ? c : c.pattern)).filter((h) => h.length >= 3);
  const mdns: { instance?: string; txt?: Record<string, string> }[] = [
    ...(m.mdnsName ?? []).map((n) => plain(n)).filter((n) => n.length >= 3).map((instance) => ({ instance })),
    ...(m.mdnsTxt ?? []).filter((t) => ['md', 'model', 'mn'].includes(t.key)).map((t) => plain(t.pattern)).filter((v) => v.length >= 3).map((md) => ({ txt: { md } })),
  ];
  const names = ['manufacturer', 'modelName', 'friendlyName', 'modelDescription'];
  const ssdp = (m.ssdp ?? []).filter((c) => names.includes(c.field)).map((c) => ({ kind: 'response' as const, description: { [c.field]: plain(c.pattern) } }));
  if (!hostnames.length && !mdns.length && !ssdp.length) return null;
  return { hostnames, dhcp: [], mdns: mdns as DeviceEvidence['mdns'], ssdp: ssdp as DeviceEvidence['ssdp'], domains: [], ports: [] };
}

export interface TransferCheck {
  profiles: number;
  changed: number;
  right: number;
  meanWeight: number;
  /** Share right over mean weight (with one right and one wrong added, as the sample is small), at most 1. */
  factor: number;
}

/**
 * How the tables do on home-network names rather than catalogue descriptions: the clue engine reads each generated
 * Home Assistant profile's names with and without the tables; where the tables change the outcome, was the new
 * category the profile's? The tables' weights are then scaled by `factor`, so that they mean on home-network names
 * what they say.
 */
export function transferCheck(
  profiles: readonly Pick<Profile, 'match' | 'category'>[],
  knowledge: NonNullable<ReturnType<typeof loadClueKnowledge>>,
  tables: GeneratedClues,
): TransferCheck {
  const without = createClueMatcher({ ...knowledge, generated: { nameFactor: 1, words: new Map(), brands: new Map(), models: new Map() } });
  const withTables = createClueMatcher({ ...knowledge, generated: tables });
  let changed = 0;
  let right = 0;
  let sumWeight = 0;
  for (const p of profiles) {
    const ev = lanEvidence(p);
    if (!ev) continue;
    const a = without(ev);
    const b = withTables(ev);
    if (!b || (a && a.category === b.category && a.score === b.score)) continue;
    changed++;
    sumWeight += b.score;
    if (b.category === p.category) right++;
  }
  const meanWeight = changed ? sumWeight / changed : 0;
  const factor = changed ? Math.min(1, (right + 1) / (changed + 2) / meanWeight) : 1;
  return { profiles: profiles.length, changed, right, meanWeight, factor: Math.round(factor * 1000) / 1000 };
}

const round = (x: number) => Math.round(x * 1000) / 1000;

function describe(c: Calibrated): string {
  const o = c.options;
  const rows = c.reliability.map((r) => `| ${r.from.toFixed(1)}–${r.to.toFixed(1)} | ${r.n} | ${r.meanWeight.toFixed(2)} | ${r.rightShare.toFixed(2)} |`);
  return [
    `**${c.kind}** (split: ${c.split}). Chosen on the held-out part: α = ${o.alpha}, at least ${o.minCount} devices${c.kind === 'word' ? ` from ${o.minVendors}+ makers` : ''}. ` +
      `Platt map a = ${c.platt.a}, b = ${c.platt.b}. Held out: ${c.heldOut.devices} devices, ${c.heldOut.predicted} predicted; ` +
      `log-loss ${c.heldOut.logLossRaw.toFixed(3)} raw → ${c.heldOut.logLossMapped.toFixed(3)} mapped.`,
    '',
    '| weight | held-out predictions | mean weight | share right |',
    '|---|---|---|---|',
    ...rows,
  ].join('\n');
}

function main(): void {
  const { values } = parseArgs({
    options: { zhc: { type: 'string' }, 'zhc-commit': { type: 'string' } },
  });
  if (!values.zhc || !values['zhc-commit'] || !/^[0-9a-f]{7,40}$/.test(values['zhc-commit'])) {
    process.stderr.write('usage: catalogues.ts --zhc DIR --zhc-commit SHA (the checkout\'s commit, hex)\n');
    process.exit(2);
  }
  const devDir = join(values.zhc, 'src', 'devices');
  const zigbee: CatalogueDevice[] = [];
  for (const f of readdirSync(devDir).filter((x) => x.endsWith('.ts')).sort()) zigbee.push(...parseZigbeeDevices(readFileSync(join(devDir, f), 'utf8')));
  
  const byVendor = (d: CatalogueDevice) => bucket(`v:${brandKey(d.vendor)}`) >= 80;
  const byModel = (d: CatalogueDevice) => bucket(`m:${d.vendor}/${d.model}`) >= 80;
  const grid = { alpha: [0.5, 1, 2, 5, 10], minCount: [2, 3, 5, 10] };
  const words = calibrate('word', zigbee, wordTable, deviceWords, byVendor, '80/20 by maker (hash of the maker name)', { ...grid, minVendors: 2 });
  const brandsKeys = (d: CatalogueDevice) => [brandKey(d.vendor)];
  const brands = calibrate('brand', zigbee, brandTable, brandsKeys, byModel, '80/20 by model within each maker (hash of maker/model)', { alpha: grid.alpha, minCount: [1, 2, 3, 5], minVendors: 1 });
  const stemKeys = (d: CatalogueDevice) => [modelStem(d.model)].filter((s): s is string => s !== null);
  const models = calibrate('model', zigbee, stemTable, stemKeys, byModel, '80/20 by model (hash of maker/model)', { ...grid, minVendors: 1 });

  const file: GeneratedCluesFile = {
    sources: [
      {
        name: 'zigbee-herdsman-converters (device definitions)', url: 'https://github.com/Koenkk/zigbee-herdsman-converters',
        ref: 'master', commit: values['zhc-commit'], licence: 'MIT', files: ['src/devices/*.ts'], devices: zigbee.length,
      },
    ],
    calibration: Object.fromEntries([words, brands, models].map((c) => [c.kind, { alpha: c.options.alpha, minCount: c.options.minCount, a: c.platt.a, b: c.platt.b, transfer: 0 }])),
    words: {},
    brands: {},
    models: {},
  };
  // Catalogue weights, then the check on home-network names, then the published weights scaled by its factor.
  const tableOf = (t: Calibrated['table'], c: Calibrated) => new Map([...t].map(([k, e]) => [k, { category: e.category, weight: applyPlatt(c.platt, e.p), maker: e.maker }]));
  const problems: KnowledgeProblem[] = [];
  const knowledge = loadClueKnowledge(PROFILES, problems, false);
  if (!knowledge) throw new Error(`knowledge not loadable: ${problems.map((p) => `${p.file}: ${p.reason}`).join('; ')}`);
  const haProfiles = (JSON.parse(readFileSync(join(PROFILES, 'generated', 'home-assistant.json'), 'utf8')) as { profiles: Profile[] }).profiles;
  const transfer = transferCheck(haProfiles, knowledge, { nameFactor: 1, words: tableOf(words.table, words), brands: tableOf(brands.table, brands), models: tableOf(models.table, models) });
  const scaled = (c: Calibrated, p: number) => round(applyPlatt(c.platt, p));
  for (const c of Object.values(file.calibration)) c.transfer = transfer.factor;
  const sorted = (t: Calibrated['table']) => [...t].sort((x, y) => (x[0] < y[0] ? -1 : 1));
  // A word must also be one that devices announce themselves (in the model names they report, from 2+ makers),
  // not only a word of the catalogue's descriptions ("adjustable", "black"): host and mDNS names are of that kind.
  const announced = new Map<string, Set<string>>();
  for (const d of zigbee) for (const n of d.names.slice(1)) for (const t of nameTokens(n)) announced.set(t, (announced.get(t) ?? new Set()).add(d.vendor));
  for (const [k, e] of sorted(words.table)) {
    const w = scaled(words, e.p);
    if (w >= MIN_WEIGHT && (announced.get(k)?.size ?? 0) >= 2) file.words[k] = [e.category, w];
  }
  for (const [k, e] of sorted(brands.table)) {
    const w = scaled(brands, e.p);
    // A brand key that is also a common word ("smart", "home") would fire on any name: left out.
    if (w >= MIN_WEIGHT && !words.table.has(k) && nameTokens(k).length === 1) file.brands[k] = [e.maker, e.category, w];
  }
  for (const [k, e] of sorted(models.table)) {
    const w = scaled(models, e.p);
    if (w >= MIN_WEIGHT && !words.table.has(k)) file.models[k] = [e.maker, e.category, w];
  }
  GeneratedCluesFileSchema.parse(file);
  mkdirSync(join(PROFILES, 'generated', 'clues'), { recursive: true });
  writeFileSync(CLUES_OUT, `${JSON.stringify(file)}\n`);

  const counts = (ds: CatalogueDevice[]) => {
    const m = new Map<string, number>();
    for (const d of ds) m.set(d.category, (m.get(d.category) ?? 0) + 1);
    return [...m].sort((a, b) => b[1] - a[1]).map(([c, n]) => `${c} ${n}`).join(', ');
  };
  writeSourcesSection('catalogues', [
    '## Clue tables from device catalogues',
    '',
    '`clues/catalogues.json` is written by `device-profiles/generate/catalogues.ts` (learning and calibration in',
    '`generate/catalogue-learn.ts`); do not edit it by hand. It is read by the one clue engine (`discovery/clues.ts`)',
    'for names that the hand-written knowledge (`knowledge/*.yaml`) says nothing about.',
    '',
    '| Source | Commit | Licence | Facts taken | Devices |',
    '|---|---|---|---|---|',
    `| github.com/Koenkk/zigbee-herdsman-converters, src/devices/*.ts | \`${values['zhc-commit']}\` | MIT | vendor, model, description, reported model names, white-label twins; the category from the functions each definition has (lock, warning device, climate, light, cover, on/off, sensor clusters), never from its words | ${zigbee.length} (${counts(zigbee)}) |`,
    '',
    `Tables: ${Object.keys(file.words).length} name words, ${Object.keys(file.brands).length} brands, ${Object.keys(file.models).length} model-number stems (weight ≥ ${MIN_WEIGHT}).`,
    '',
    '**Estimate.** For a key seen on n devices, n_c of them of category c: p = (n_c + α·prior_c) / (n + α), the',
    'smoothing pulling rare keys towards the catalogue\'s category mix. Words come from the description and the',
    'reported names (the maker\'s own name excluded), must be seen with two or more makers, and must also be a word\n' +
    'that devices of two or more makers announce in the model names they report (not only a catalogue\'s description word); brands from the',
    'maker\'s name; model stems from the letters a model number starts with (one maker holds 80% of a stem).',
    '',
    '**Calibration.** Each table is learnt on 80% of the catalogue and predicts the other 20% (a device\'s prediction:',
    'its strongest key). α and the minimum count are chosen on that held-out part (lowest log-loss, with a small',
    'reward for coverage); then a logistic map w = σ(a·logit(p) + b) is fitted to the held-out predictions (Platt',
    'scaling), so that a weight means how often such a clue was right on devices it was not learnt from. The',
    'published table is learnt on the whole catalogue, its p mapped the same way. The catalogue is not a home:',
    'descriptions are tidier than host names, so the weights are an upper bound for names a person chose.',
    '',
    `**On home-network names.** The catalogue is not a home: its descriptions are tidier than host names, and its`,
    `makers' devices sit behind a hub. So the tables are checked on names of another source: the ${transfer.profiles}`,
    'profiles generated from Home Assistant\'s discovery matchers (`home-assistant.json`), their DHCP host names, mDNS',
    'names and model values and SSDP description fields given to the clue engine with and without the tables. The',
    `tables changed the outcome for ${transfer.changed} of them, right for ${transfer.right} (mean weight ${transfer.meanWeight.toFixed(2)}): a maker of`,
    'zigbee devices shows on the home network as its hub, and the words describe what sits behind one. So the',
    `published weights (calibrated on the catalogue) hold as they are for descriptions in words from a hub or broker`,
    `(zigbee2mqtt, Home Assistant: the catalogue's own kind of text), and the clue engine scales them by ${transfer.factor} for`,
    'host, mDNS and SSDP names (share right, with one right and one wrong added for the small sample, over the mean',
    'weight); at that factor they no longer show a hint of their own on those names, but still add to other clues',
    'and name the maker.',
    '',
    describe(words),
    '',
    describe(brands),
    '',
    describe(models),
    '',
    'Only English words: the catalogue is not translated in its repository. Other languages stay in the',
    'hand-written `knowledge/keywords.yaml`.',
    '',
    'Tried and left out: a brand table from Home Assistant\'s `homeassistant/brands/*.json` (brand → integrations, each',
    'integration\'s category from its entity platforms). Counted by integration, it leaves too little to hold out:',
    'an 80/20 split by integration gave 12 held-out predictions, most of them wrong (platform-based categories lean',
    'to "sensor" for brands of several integrations), so its weights could not be calibrated.',
    'Also tried: a brand for every integration that stands for a device on the network (type device or hub, or set',
    'up in the UI and local), the first word of its name. Checked against the hand-written lexicon its category was',
    'the brand\'s main kind for 23 of 33 brands both know, but that check covers only real device makers: among the',
    'keys it would publish were ordinary words and software ("file", "voice", "internet", "network", media servers),',
    'for which that rate means nothing. Left out until it can be calibrated on a sample like the keys it writes.',
  ].join('\n'));
  process.stdout.write(`${zigbee.length} zigbee devices → ${Object.keys(file.words).length} words, ${Object.keys(file.brands).length} brands, ${Object.keys(file.models).length} model stems\n`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
