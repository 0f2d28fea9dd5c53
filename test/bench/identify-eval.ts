/**
 * Identification measured on devices it was not written for (issue 12, part 5): every device of the held-out test
 * set (test/fixtures/identify-eval/, see identify-eval/dataset.ts) is identified by the built-in identifier
 * (`loadIdentifier()`), and the report prints, per labelled category, right / wrong / unknown, the confusion table,
 * the accuracy on the devices that show an identifying signal, the camera / doorbell / lock recall, and the same
 * figures per source (the leave-one-source-out view: no source of the test set feeds any knowledge source).
 *   npx tsx test/bench/identify-eval.ts        (alone)
 *   npm run bench -- --only identify-eval      (in the bench; it needs no capture)
 * Not a test: it reports, it never fails on a figure.
 */
import { pathToFileURL } from 'node:url';
import { CATEGORIES, type Category } from '../../gateway/contract.ts';
import { loadIdentifier } from '../../gateway/identify-loader.ts';
import type { DeviceEvidence, Identification } from '../../gateway/inventory/inventory.ts';
import { lookupVendor } from '../../discovery/oui.ts';
import type { BenchResult, Benchmark, Goal } from './bench-types.ts';
import { EvalDataError, loadDevices, loadSources, rightCategories, signalsOf, type DeviceRecord } from './identify-eval/dataset.ts';

/** The kinds that watch or open the home: each must be recognised (issue 12, "Done when"). */
export const WATCHING: readonly Category[] = ['camera', 'doorbell', 'lock'];

const CATEGORY_SET = new Set<string>(CATEGORIES);

function asCategories(value: unknown): Category[] {
  if (typeof value === 'string') return CATEGORY_SET.has(value) ? [value as Category] : [];
  if (Array.isArray(value)) return value.flatMap(asCategories);
  if (value && typeof value === 'object' && 'category' in value) return asCategories((value as { category: unknown }).category);
  return [];
}

/**
 * Categories an identification says a device could be, besides its category: read from an optional hint if the
 * identifier gives one (a field `hint`, `hints`, `maybe` or `couldBe` on the identification or on its profile,
 * holding a category, `{ category }`, or a list of them). The scorer works the same without any.
 */
export function hintCategories(ident: Identification): Category[] {
  const out = new Set<Category>();
  const holders = [ident as unknown as Record<string, unknown>, ident.profile as unknown as Record<string, unknown> | undefined];
  for (const h of holders) {
    if (!h) continue;
    for (const key of ['hint', 'hints', 'maybe', 'couldBe']) for (const c of asCategories(h[key])) out.add(c);
  }
  out.delete('unknown');
  return [...out];
}

export type Outcome = 'right' | 'wrong' | 'unknown';

export interface Scored {
  record: DeviceRecord;
  predicted: Category;
  hints: Category[];
  /** How sure the identification said it was of its category (the profile's or the clues' confidence), when it gave one. */
  confidence?: number;
  outcome: Outcome;
  /** Recognised as its own kind by its category, or at worst by a hint naming it (read for cameras, doorbells, locks). */
  recognised: 'category' | 'hint' | false;
}

/** The evidence as the product would hand it over: the MAC's maker from the project's own OUI lookup. */
function evidenceOf(r: DeviceRecord): DeviceEvidence {
  const ev = r.evidence;
  return { ...ev, vendor: (ev.mac ? lookupVendor(ev.mac) : undefined) ?? ev.vendor };
}

export function scoreRecords(records: readonly DeviceRecord[], identify: (e: DeviceEvidence) => Identification): Scored[] {
  const evidence = records.map(evidenceOf);
  return records.map((record, i) => {
    const ident = identify(evidence[i]!);
    const right = rightCategories(record.label);
    const hints = hintCategories(ident);
    const outcome: Outcome = right.has(ident.category) ? 'right' : ident.category === 'unknown' ? 'unknown' : 'wrong';
    // Recognised as a watching kind: its own category, or an also-right one that is itself a watching kind (a lock
    // bridge taken for a generic hub is right, but not recognised as a lock).
    const watch = new Set([...right].filter((c) => c === record.label.category || WATCHING.includes(c)));
    const recognised = watch.has(ident.category) ? 'category' : hints.some((h) => watch.has(h)) ? 'hint' : false;
    const confidence = ident.category === 'unknown' ? undefined : ident.hint?.category === ident.category ? ident.hint.confidence : ident.profile?.confidence;
    return { record, predicted: ident.category, hints, ...(confidence !== undefined ? { confidence } : {}), outcome, recognised };
  });
}

export interface Summary {
  devices: number;
  right: number;
  withSignal: number;
  rightWithSignal: number;
  watching: number;
  watchingRecognised: number;
  watchingByHint: number;
}

export function summarise(scored: readonly Scored[]): Summary {
  const sig = scored.filter((s) => s.record.signals.length > 0);
  const watch = scored.filter((s) => WATCHING.includes(s.record.label.category));
  return {
    devices: scored.length,
    right: scored.filter((s) => s.outcome === 'right').length,
    withSignal: sig.length,
    rightWithSignal: sig.filter((s) => s.outcome === 'right').length,
    watching: watch.length,
    watchingRecognised: watch.filter((s) => s.recognised).length,
    watchingByHint: watch.filter((s) => s.recognised === 'hint').length,
  };
}

const pct = (n: number, d: number): string => (d === 0 ? '—' : `${((100 * n) / d).toFixed(1)}%`);
const frac = (n: number, d: number): string => `${n}/${d} (${pct(n, d)})`;

/** Short column names for the confusion table. */
const SHORT: Record<Category, string> = {
  camera: 'cam', doorbell: 'door', 'baby-monitor': 'baby', 'smart-speaker': 'spkr', 'smart-display': 'disp',
  'tv-streamer': 'tv', lock: 'lock', alarm: 'alrm', thermostat: 'thrm', hub: 'hub', 'smart-plug': 'plug',
  'smart-light': 'lght', sensor: 'sens', 'garage-door': 'gar', 'robot-vacuum': 'vac', printer: 'prnt', nas: 'nas',
  router: 'rtr', phone: 'phon', computer: 'comp', tablet: 'tab', wearable: 'wear', vehicle: 'car', tracker: 'trk',
  appliance: 'appl', unknown: 'unk',
};

function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)];
}

/**
 * The report. Which devices were missed is printed only when `showMisses` is asked for: whoever adds knowledge must not
 * read it, or the held-out figure stops measuring devices the knowledge has not seen.
 */
export function formatReport(scored: readonly Scored[], sourceIds: readonly string[], showMisses = false, development: ReadonlySet<string> = new Set()): string[] {
  const out: string[] = [];
  const heldOut = scored.filter((s) => !development.has(s.record.source));
  const labels = CATEGORIES.filter((c) => scored.some((s) => s.record.label.category === c));
  const predicted = CATEGORIES.filter((c) => scored.some((s) => s.predicted === c));

  out.push('per labelled category (all devices; in brackets: devices that show an identifying signal):');
  const rows = labels.map((c) => {
    const of = scored.filter((s) => s.record.label.category === c);
    const sig = of.filter((s) => s.record.signals.length > 0);
    const n = (list: Scored[], o: Outcome) => list.filter((s) => s.outcome === o).length;
    return [c, `${of.length} (${sig.length})`, `${n(of, 'right')} (${n(sig, 'right')})`, `${n(of, 'wrong')} (${n(sig, 'wrong')})`, `${n(of, 'unknown')} (${n(sig, 'unknown')})`];
  });
  out.push(...table(['category', 'devices', 'right', 'wrong', 'unknown'], rows));

  out.push('', 'confusion (rows: label, columns: identified as):');
  const conf = labels.map((c) => [c, ...predicted.map((p) => {
    const n = scored.filter((s) => s.record.label.category === c && s.predicted === p).length;
    return n ? String(n) : '.';
  })]);
  out.push(...table(['label \\ got', ...predicted.map((p) => SHORT[p])], conf));
  out.push(`  (${predicted.map((p) => `${SHORT[p]} = ${p}`).join(', ')})`);

  // The misses of development sources are listed (they have been read); those of held-out sources only on request.
  const misses = scored.filter((s) => s.outcome !== 'right' && (showMisses || development.has(s.record.source)));
  const hidden = heldOut.filter((s) => s.outcome !== 'right').length;
  if (!showMisses && hidden) {
    out.push('', `not right in held-out sources: ${hidden} devices (not listed, so that no knowledge is tuned to them; --show-misses lists them)`);
  }
  if (misses.length) {
    out.push('', showMisses ? 'not right:' : 'not right in development sources (read to find what identification lacked):');
    for (const s of misses) {
      const hint = s.hints.length ? `, hint: ${s.hints.join('/')}` : '';
      out.push(`  ${s.record.id} (${s.record.sourceLabel}): ${s.record.label.category} → ${s.predicted}${hint}; signals: ${s.record.signals.join(', ') || 'none'}`);
    }
  }

  out.push('', 'per source (leave-one-source-out: no source of the test set feeds the knowledge; development sources have had their misses read):');
  const srcRows = sourceIds.map((id) => {
    const sm = summarise(scored.filter((s) => s.record.source === id));
    return [id, development.has(id) ? 'development' : 'held out', String(sm.devices), frac(sm.right, sm.devices), frac(sm.rightWithSignal, sm.withSignal), sm.watching ? frac(sm.watchingRecognised, sm.watching) : '—'];
  });
  out.push(...table(['source', 'role', 'devices', 'right (all)', 'right (with signal)', 'camera/doorbell/lock recognised'], srcRows));

  out.push('', ...calibrationLines(heldOut));

  const line = (what: string, list: readonly Scored[]) => {
    const sm = summarise(list);
    return [
      `${what}: category right for ${frac(sm.right, sm.devices)} of all devices; ${frac(sm.rightWithSignal, sm.withSignal)} of the devices that show an identifying signal`,
      `${' '.repeat(what.length)}  camera/doorbell/lock recognised: ${frac(sm.watchingRecognised, sm.watching)}${sm.watchingByHint ? ` (${sm.watchingByHint} only by a "could be" hint)` : ''}`,
    ];
  };
  out.push('');
  if (development.size) {
    out.push(...line(`held out (${sourceIds.length - development.size} sources, misses never read)`, heldOut));
    out.push(...line(`development (${[...development].join(', ')})`, scored.filter((s) => development.has(s.record.source))));
  }
  out.push(...line('overall', scored));
  return out;
}

/**
 * Whether the confidence values mean what they say: the devices given a category, by the confidence they were given
 * it with, against how many of them were right, and the Brier score (mean squared gap between confidence and
 * outcome; 0 is perfect, 0.25 is what a constant 50% would score).
 */
export function calibrationLines(scored: readonly Scored[]): string[] {
  const given = scored.filter((s) => s.confidence !== undefined);
  if (!given.length) return ['calibration: no device was given a category with a confidence'];
  const bins = [[0, 0.6], [0.6, 0.7], [0.7, 0.8], [0.8, 0.9], [0.9, 1.0001]] as const;
  const rows = bins.flatMap(([lo, hi]) => {
    const inBin = given.filter((s) => s.confidence! >= lo && s.confidence! < hi);
    if (!inBin.length) return [];
    const mean = inBin.reduce((a, s) => a + s.confidence!, 0) / inBin.length;
    const right = inBin.filter((s) => s.outcome === 'right').length;
    return [[`${lo.toFixed(1)}–${Math.min(hi, 1).toFixed(1)}`, String(inBin.length), mean.toFixed(2), frac(right, inBin.length)]];
  });
  const brier = given.reduce((a, s) => a + (s.confidence! - (s.outcome === 'right' ? 1 : 0)) ** 2, 0) / given.length;
  return [
    'calibration (held-out devices given a category, by the confidence they were given it with):',
    ...table(['confidence', 'devices', 'mean', 'right'], rows),
    `Brier score ${brier.toFixed(3)} over ${given.length} devices (0 is perfect; a constant 50% scores 0.250)`,
  ];
}

export interface EvalRun {
  scored: Scored[];
  summary: Summary;
  lines: string[];
  identifyMs: number;
}

/**
 * What a gateway plugged in beside the router sees of a device: its announcements (DHCP broadcasts, mDNS, SSDP) and
 * its MAC, not the names it looks up, the services it serves to others or its upload. The captures were taken in
 * the traffic's path, so this view is drawn from them by leaving that evidence out.
 */
export function besideRouter(r: DeviceRecord): DeviceRecord {
  const { domains: _domains, ports: _ports, upload: _upload, ...rest } = r.evidence;
  const evidence: DeviceEvidence = { ...rest, domains: [], ports: [] };
  return { ...r, evidence, signals: signalsOf(evidence) };
}

/** The held-out headline figures for the beside-the-router view. */
export function besideRouterLines(scored: readonly Scored[]): string[] {
  const sm = summarise(scored);
  return [
    '',
    `beside the router (held out; announcements and the MAC only: no looked-up names, served ports or upload): category right for ${frac(sm.right, sm.devices)} of all devices; ${frac(sm.rightWithSignal, sm.withSignal)} of those that still show a signal; camera/doorbell/lock recognised: ${frac(sm.watchingRecognised, sm.watching)}`,
  ];
}

export function runEval(showMisses = false): EvalRun {
  const sources = loadSources();
  const development = new Set(sources.filter((s) => s.development).map((s) => s.id));
  const records = loadDevices();
  const { identify, problems } = loadIdentifier();
  if (problems.length) throw new Error(`device profiles have problems: ${problems.map((p) => JSON.stringify(p)).join('; ')}`);
  const t0 = performance.now();
  const scored = scoreRecords(records, identify);
  const firstMs = performance.now() - t0;
  // A second pass, warm, times identification alone (the first also reads the OUI registry and warms the JIT).
  const evidence = records.map(evidenceOf);
  const t1 = performance.now();
  for (const ev of evidence) identify(ev);
  const identifyMs = performance.now() - t1;
  const lines = [
    `identify-eval: ${records.length} labelled devices from ${sources.length} public sources (${sources.map((s) => s.id).join(', ')})`,
    '',
    ...formatReport(scored, sources.map((s) => s.id), showMisses, development),
    ...besideRouterLines(scoreRecords(records.map(besideRouter), identify).filter((s) => !development.has(s.record.source))),
    `identified ${records.length} devices in ${identifyMs.toFixed(1)} ms warm (${firstMs.toFixed(0)} ms for the first pass, with the OUI look-ups)`,
  ];
  // The headline figures are the held-out ones: a development source's misses have been read.
  return { scored, summary: summarise(scored.filter((s) => !development.has(s.record.source))), lines, identifyMs };
}

/** The benchmark entry: prints the report while running and returns the headline figures. */
export const identifyEvalBench: Benchmark = {
  name: 'identify-eval',
  description: 'identification on the held-out labelled devices of public captures',
  needsCapture: false,
  async run(): Promise<BenchResult> {
    const t0 = performance.now();
    const { summary: s, lines } = runEval();
    for (const line of lines) process.stdout.write(`  ${line}\n`);
    return {
      name: 'identify-eval',
      status: 'ok',
      wallS: (performance.now() - t0) / 1000,
      extra: {
        // Held-out sources only (a development source's misses have been read).
        'category right (devices with a signal)': frac(s.rightWithSignal, s.withSignal),
        'category right (all devices)': frac(s.right, s.devices),
        'camera/doorbell/lock recognised': frac(s.watchingRecognised, s.watching),
      },
    };
  },
};

function fractionOf(r: BenchResult | undefined, key: string): { n: number; d: number } | null {
  const m = r?.status === 'ok' ? /^(\d+)\/(\d+)/.exec(r.extra?.[key] ?? '') : null;
  return m ? { n: Number(m[1]), d: Number(m[2]) } : null;
}

/** Issue 12's "Done when", measured on the held-out set. */
export const IDENTIFY_EVAL_GOALS: Goal[] = [
  {
    name: 'held-out devices with a signal: category right ≥ 90%',
    evaluate(results) {
      const f = fractionOf(results.get('identify-eval'), 'category right (devices with a signal)');
      if (!f || f.d === 0) return { pass: null, detail: 'identify-eval not measured' };
      return { pass: f.n / f.d >= 0.9, detail: `${f.n}/${f.d} = ${pct(f.n, f.d)}` };
    },
  },
  {
    name: 'held-out cameras, doorbells and locks: every one recognised',
    evaluate(results) {
      const f = fractionOf(results.get('identify-eval'), 'camera/doorbell/lock recognised');
      if (!f || f.d === 0) return { pass: null, detail: 'identify-eval not measured' };
      return { pass: f.n === f.d, detail: `${f.n}/${f.d}` };
    },
  },
];

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    for (const line of runEval(process.argv.includes('--show-misses')).lines) process.stdout.write(`${line}\n`);
  } catch (err) {
    if (!(err instanceof EvalDataError)) throw err;
    process.stderr.write(`identify-eval: ${err.message}\n`);
    process.exit(2);
  }
}
