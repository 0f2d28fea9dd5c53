/**
 * The learning half of `generate/catalogues.ts`, pure (no I/O) so it can be tested on a small slice: labelled
 * catalogue devices in, weighted clue tables out (name word → category, brand → category, model-number stem →
 * category), with weights calibrated on a held-out part of the catalogue.
 *
 * Estimate. For a key k (a word, a brand, a model stem) seen on n(k) devices, n(k, c) of them of category c:
 *   p(c | k) = (n(k, c) + α · prior(c)) / (n(k) + α)
 * (additive smoothing towards the catalogue's category mix; α is chosen on the held-out part). A key needs at least
 * `minCount` devices; a word also needs `minVendors` makers, so one maker's series names are not taken for words.
 *
 * Calibration. The catalogue is split 80/20 (words: by maker, so the held-out makers are ones the table has never
 * seen; brands and model stems: by model, since they can only be known for makers already seen). Tables learnt on
 * the 80% predict the 20%; a two-parameter logistic map w = σ(a · logit(p) + b) is fitted to those predictions
 * (Platt scaling, by minimising log-loss), so a weight of 0.8 means "right about 8 times in 10" on devices the
 * table was not built from. The final tables are learnt on the whole catalogue and their p mapped the same way.
 */
import { createHash } from 'node:crypto';
import type { Category } from '../../gateway/contract.ts';
import { modelStem, nameTokens } from '../../discovery/clues.ts';

/** One device of a catalogue, with the category its functional facts give (never its words). */
export interface CatalogueDevice {
  vendor: string;
  model: string;
  /** Words that describe or name it: the catalogue's description and the names it reports. */
  names: string[];
  category: Category;
}

export interface LearnOptions {
  alpha: number;
  minCount: number;
  minVendors: number;
}

/** A learnt table: key → the most likely category, its smoothed probability, devices seen, the main maker. */
export type Table = Map<string, { category: Category; p: number; n: number; maker: string }>;

export interface Platt {
  a: number;
  b: number;
}

/** A stable 0–99 bucket of a string, so the split is the same on every run. */
export function bucket(s: string): number {
  return createHash('sha256').update(s).digest().readUInt16BE(0) % 100;
}

/** The lower-case letters-and-digits form of a maker's name ("Schneider Electric" → "schneiderelectric"). */
export function brandKey(vendor: string): string {
  return vendor.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]/g, '');
}

/**
 * Word tokens of a device's names worth learning: 4+ characters (shorter ones are mostly abbreviations, and in host
 * names often parts of a serial or MAC), at least two letters, not its maker's name.
 */
export function deviceWords(d: CatalogueDevice): Set<string> {
  const own = new Set(nameTokens(d.vendor));
  own.add(brandKey(d.vendor));
  const out = new Set<string>();
  for (const name of d.names) {
    for (const t of nameTokens(name)) {
      if (t.length >= 4 && (t.match(/\p{L}/gu) ?? []).length >= 2 && !own.has(t)) out.add(t);
    }
  }
  return out;
}

function priors(devices: readonly CatalogueDevice[]): Map<Category, number> {
  const out = new Map<Category, number>();
  for (const d of devices) out.set(d.category, (out.get(d.category) ?? 0) + 1 / devices.length);
  return out;
}

/** Counts keys (each once per device) into a table of the most likely category per key. */
function tableOf(
  devices: readonly CatalogueDevice[],
  keysOf: (d: CatalogueDevice) => Iterable<string>,
  opts: LearnOptions,
): Table {
  const prior = priors(devices);
  const counts = new Map<string, { n: number; byCat: Map<Category, number>; vendors: Map<string, number> }>();
  for (const d of devices) {
    for (const k of keysOf(d)) {
      let e = counts.get(k);
      if (!e) counts.set(k, (e = { n: 0, byCat: new Map(), vendors: new Map() }));
      e.n++;
      e.byCat.set(d.category, (e.byCat.get(d.category) ?? 0) + 1);
      e.vendors.set(d.vendor, (e.vendors.get(d.vendor) ?? 0) + 1);
    }
  }
  const out: Table = new Map();
  for (const [k, e] of counts) {
    if (e.n < opts.minCount || e.vendors.size < opts.minVendors) continue;
    let best: [Category, number] | undefined;
    for (const [c, n] of e.byCat) if (!best || n > best[1] || (n === best[1] && c < best[0])) best = [c, n];
    const [category, n] = best!;
    const p = (n + opts.alpha * (prior.get(category) ?? 0)) / (e.n + opts.alpha);
    const maker = [...e.vendors].sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1))[0]![0];
    out.set(k, { category, p, n: e.n, maker });
  }
  return out;
}

export const wordTable = (devices: readonly CatalogueDevice[], opts: LearnOptions): Table => tableOf(devices, deviceWords, opts);

export const brandTable = (devices: readonly CatalogueDevice[], opts: LearnOptions): Table =>
  tableOf(devices, (d) => [brandKey(d.vendor)].filter((k) => k.length >= 3), { ...opts, minVendors: 1 });

/** Model stems: the letters a model number starts with ("SNZB-02" → "snzb"); one maker must hold 80% of a stem. */
export function stemTable(devices: readonly CatalogueDevice[], opts: LearnOptions): Table {
  const t = tableOf(devices, (d) => [modelStem(d.model)].filter((s): s is string => s !== null), { ...opts, minVendors: 1 });
  const byMaker = new Map<string, Map<string, number>>();
  for (const d of devices) {
    const s = modelStem(d.model);
    if (!s) continue;
    const m = byMaker.get(s) ?? new Map<string, number>();
    m.set(d.vendor, (m.get(d.vendor) ?? 0) + 1);
    byMaker.set(s, m);
  }
  for (const [k, e] of t) if ((byMaker.get(k)?.get(e.maker) ?? 0) < 0.8 * e.n) t.delete(k);
  return t;
}

/** A held-out device's prediction from a table: the strongest key it holds. */
export function predict(table: Table, keys: Iterable<string>): { category: Category; p: number } | null {
  let best: { category: Category; p: number } | null = null;
  for (const k of keys) {
    const e = table.get(k);
    if (e && (!best || e.p > best.p)) best = { category: e.category, p: e.p };
  }
  return best;
}

const clampP = (p: number) => Math.min(1 - 1e-4, Math.max(1e-4, p));
const logit = (p: number) => Math.log(clampP(p) / (1 - clampP(p)));
export const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
export const applyPlatt = (m: Platt, p: number) => sigmoid(m.a * logit(p) + m.b);

/** Log-loss of predictions (p, right?) under a map. */
export function logLoss(points: readonly { p: number; right: boolean }[], m: Platt = { a: 1, b: 0 }): number {
  let sum = 0;
  for (const x of points) {
    const q = clampP(applyPlatt(m, x.p));
    sum -= x.right ? Math.log(q) : Math.log(1 - q);
  }
  return points.length ? sum / points.length : 0;
}

/**
 * Fits Platt's a, b by gradient descent on log-loss (small, convex problem; a fixed number of steps). Under 50
 * held-out predictions the fit would follow chance: the identity map is kept.
 */
export function fitPlatt(points: readonly { p: number; right: boolean }[]): Platt {
  if (points.length < 50) return { a: 1, b: 0 };
  let a = 1;
  let b = 0;
  const xs = points.map((x) => logit(x.p));
  for (let step = 0; step < 3000; step++) {
    let ga = 0;
    let gb = 0;
    points.forEach((x, i) => {
      const err = sigmoid(a * xs[i]! + b) - (x.right ? 1 : 0);
      ga += err * xs[i]!;
      gb += err;
    });
    a -= (0.5 * ga) / points.length;
    b -= (0.5 * gb) / points.length;
  }
  return { a: Math.round(a * 1000) / 1000, b: Math.round(b * 1000) / 1000 };
}

/** Reliability: predictions in bins of mapped weight, with how often they were right. */
export function reliability(points: readonly { p: number; right: boolean }[], m: Platt): { from: number; to: number; n: number; meanWeight: number; rightShare: number }[] {
  const edges = [0, 0.3, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0001];
  const out = [];
  for (let i = 0; i + 1 < edges.length; i++) {
    const inBin = points.map((x) => ({ w: applyPlatt(m, x.p), right: x.right })).filter((x) => x.w >= edges[i]! && x.w < edges[i + 1]!);
    if (!inBin.length) continue;
    out.push({
      from: edges[i]!,
      to: Math.min(1, edges[i + 1]!),
      n: inBin.length,
      meanWeight: inBin.reduce((s, x) => s + x.w, 0) / inBin.length,
      rightShare: inBin.filter((x) => x.right).length / inBin.length,
    });
  }
  return out;
}

export interface Calibrated {
  kind: 'word' | 'brand' | 'model';
  split: string;
  options: LearnOptions;
  platt: Platt;
  heldOut: { devices: number; predicted: number; logLossRaw: number; logLossMapped: number };
  reliability: ReturnType<typeof reliability>;
  table: Table;
}

/**
 * Chooses α and the minimum count on the held-out part (lowest log-loss of the raw p), fits the Platt map there,
 * and learns the final table on all devices.
 */
export function calibrate(
  kind: Calibrated['kind'],
  devices: readonly CatalogueDevice[],
  learn: (ds: readonly CatalogueDevice[], o: LearnOptions) => Table,
  keysOf: (d: CatalogueDevice) => Iterable<string>,
  heldOut: (d: CatalogueDevice) => boolean,
  split: string,
  grid: { alpha: number[]; minCount: number[]; minVendors: number },
): Calibrated {
  const train = devices.filter((d) => !heldOut(d));
  const test = devices.filter(heldOut);
  let best: { o: LearnOptions; points: { p: number; right: boolean }[]; loss: number } | undefined;
  for (const alpha of grid.alpha) {
    for (const minCount of grid.minCount) {
      const o = { alpha, minCount, minVendors: grid.minVendors };
      const table = learn(train, o);
      const points: { p: number; right: boolean }[] = [];
      for (const d of test) {
        const got = predict(table, keysOf(d));
        if (got) points.push({ p: got.p, right: got.category === d.category });
      }
      // Coverage matters too: a table that predicts little is not better because it is rarely wrong.
      const loss = logLoss(points) - Math.log(Math.max(points.length, 1) / Math.max(test.length, 1)) * 0.1;
      if (!best || loss < best.loss - 1e-12) best = { o, points, loss };
    }
  }
  const platt = fitPlatt(best!.points);
  return {
    kind,
    split,
    options: best!.o,
    platt,
    heldOut: {
      devices: test.length,
      predicted: best!.points.length,
      logLossRaw: logLoss(best!.points),
      logLossMapped: logLoss(best!.points, platt),
    },
    reliability: reliability(best!.points, platt),
    table: learn(devices, best!.o),
  };
}
