/**
 * Corpus checks over every built-in detection rule: each file validates, ids are unique, stable and name their
 * path, every text has English and never calls a device spyware, every rule has positive and negative fixtures
 * that behave as expect.yaml says, and no rule fires on the benign baselines unless baseline-exceptions.yaml
 * lists it with a reason.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { Observation } from '../../gateway/contract.ts';
import type { RuleFinding } from '../../gateway/rules/engine.ts';
import { loadIndicatorDir } from '../../gateway/rules/indicators/load-indicators.ts';
import { createIndicatorMatcher, type IndicatorMatcher } from '../../gateway/rules/indicators/matcher.ts';
import { renderRuleJsonSchema } from '../../pcap-rules/gen-json-schema.ts';
import { DEFAULT_RULES_DIR, listRuleFiles, loadRules } from '../../pcap-rules/load.ts';
import { runRulesOn } from '../fixtures/rules/run-fixture.ts';
import { INDICATORS_DIR } from '../fixtures/shared-paths.ts';
import { writeSyntheticHome } from '../fixtures/synth/write-home.ts';

const FIXTURES = fileURLToPath(new URL('../fixtures/rules/', import.meta.url));
const LAB = fileURLToPath(new URL('../fixtures/lab-home-12.pcap', import.meta.url));
const LAB_TRUTH = fileURLToPath(new URL('../fixtures/lab-home-12.truth.json', import.meta.url));
const files = listRuleFiles(DEFAULT_RULES_DIR);
const set = loadRules();
const rules = set.rules;
const ids = rules.map((r) => r.rule.id);

/**
 * Ids that shipped: an id is never reused or renamed, so each one here must still exist (add new ones, never
 * remove). A removed rule would leave findings in old exports pointing at nothing.
 */
const SHIPPED = [
  'HS-IOC-0001', 'HS-IOC-0002', 'HS-IOC-0003', 'HS-IOC-0004',
  'HS-REMOTE-0001', 'HS-REMOTE-0002', 'HS-REMOTE-0003', 'HS-REMOTE-0004', 'HS-REMOTE-0005',
  'HS-HIDE-0001', 'HS-HIDE-0002', 'HS-HIDE-0003', 'HS-EXPOSE-0001', 'HS-EXPOSE-0002', 'HS-DEVICE-0001',
  'HS-STREAM-0001', 'HS-STREAM-0002', 'HS-STREAM-0003', 'HS-BEACON-0001',
  'HS-HIDE-0004', 'HS-HIDE-0005', 'HS-REMOTE-0006', 'HS-DEVICE-0002', 'HS-DEVICE-0003',
  'HS-HEURISTIC-0001', 'HS-HEURISTIC-0002', 'HS-HEURISTIC-0003', 'HS-HEURISTIC-0004', 'HS-HEURISTIC-0005',
];

interface Expect {
  rule: string;
  indicators?: string;
  previousDevices?: string[];
  positive: { file: string; findings: number; count?: number };
  negative: { file: string; findings: number };
}

interface Exception {
  baseline: string;
  rule: string;
  device: string;
  findings?: number;
  reason: string;
}

const indicatorCache = new Map<string, IndicatorMatcher>();
function indicatorsAt(dir: string): IndicatorMatcher {
  let m = indicatorCache.get(dir);
  if (!m) indicatorCache.set(dir, (m = createIndicatorMatcher(loadIndicatorDir(dir).results.flatMap((r) => r.entries))));
  return m;
}

const of = (findings: RuleFinding[], rule: string) => findings.filter((f) => f.finding.rule === rule);

describe('pcap-rules corpus', () => {
  it('loads with no problems', () => {
    expect(set.problems).toEqual([]);
    expect(rules.length).toBe(files.length);
    expect(rules.length).toBeGreaterThanOrEqual(15);
  });

  it('has unique ids, and every shipped id still exists', () => {
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of SHIPPED) expect(ids).toContain(id);
  });

  it('the JSON Schema for editors is up to date (npx tsx pcap-rules/gen-json-schema.ts)', () => {
    expect(readFileSync(join(DEFAULT_RULES_DIR, 'rule.schema.json'), 'utf8')).toBe(renderRuleJsonSchema());
  });

  it.each(ids)('%s: every text has English and none calls a device spyware or stalkerware', (id) => {
    const { rule } = rules.find((r) => r.rule.id === id)!;
    for (const field of ['title', 'summary', 'advice', 'noticeRisk'] as const) {
      const texts = rule[field] as Record<string, string>;
      expect(texts.en?.trim().length).toBeGreaterThan(0);
      for (const text of Object.values(texts)) expect(text).not.toMatch(/spy ?ware|stalker ?ware|malware|hacked/i);
    }
  });

  it.each(ids)('%s: has positive and negative fixtures and an expect.yaml', (id) => {
    const dir = join(FIXTURES, id);
    expect(existsSync(join(dir, 'expect.yaml'))).toBe(true);
    const e = parse(readFileSync(join(dir, 'expect.yaml'), 'utf8')) as Expect;
    expect(e.rule).toBe(id);
    expect(existsSync(join(dir, e.positive.file))).toBe(true);
    expect(existsSync(join(dir, e.negative.file))).toBe(true);
    expect(e.positive.findings).toBeGreaterThan(0);
    expect(e.negative.findings).toBe(0);
  });

  it.each(ids)('%s: fires on its positive fixture as expected and stays silent on its negative one', async (id) => {
    const dir = join(FIXTURES, id);
    const e = parse(readFileSync(join(dir, 'expect.yaml'), 'utf8')) as Expect;
    const indicators = e.indicators ? indicatorsAt(join(dir, e.indicators)) : undefined;
    const previousDeviceIds = e.previousDevices ? new Set(e.previousDevices) : undefined;
    const pos = of(await runRulesOn(join(dir, e.positive.file), { rules, indicators, previousDeviceIds }), id);
    expect(pos).toHaveLength(e.positive.findings);
    if (e.positive.count !== undefined) expect(pos.reduce((n, f) => n + f.finding.count, 0)).toBe(e.positive.count);
    for (const f of pos) {
      expect(f.finding.summary).not.toMatch(/\{[a-zA-Z]+\}/);
      expect(f.finding.evidence.length).toBeGreaterThan(0);
      expect(f.finding.device).toMatch(/^(mac|ip)-/);
    }
    expect(of(await runRulesOn(join(dir, e.negative.file), { rules, indicators, previousDeviceIds }), id)).toEqual([]);
  });

  it('finding ids are stable: the same fixture gives the same ids twice, and ids differ between findings', async () => {
    const file = join(FIXTURES, 'HS-REMOTE-0005', 'positive.pcap');
    const a = (await runRulesOn(file, { rules })).map((f) => f.finding.id);
    const b = (await runRulesOn(file, { rules })).map((f) => f.finding.id);
    expect(a).toEqual(b);
    expect(new Set(a).size).toBe(a.length);
  });
});

describe('benign baselines', () => {
  const exceptions = parse(readFileSync(join(FIXTURES, 'baseline-exceptions.yaml'), 'utf8')) as Exception[];
  const tmp = mkdtempSync(join(tmpdir(), 'hs-rules-baseline-'));
  const results = new Map<string, RuleFinding[]>();
  const macOf = (f: RuleFinding) => f.finding.device?.startsWith('mac-') ? f.finding.device.slice(4).replace(/(..)(?!$)/g, '$1:') : f.finding.device;

  beforeAll(async () => {
    const indicators = indicatorsAt(INDICATORS_DIR);
    const home = join(tmp, 'home.pcap');
    writeSyntheticHome({ path: home, bytes: 8_000_000 });
    results.set('synthetic-home', await runRulesOn(home, { rules, indicators }));
    // The lab router's port mappings, as discovery reads them (the capture itself holds none).
    const truth = JSON.parse(readFileSync(LAB_TRUTH, 'utf8')) as {
      router: { ip: string; portMappings: { internalClient: string }[] };
      devices: { name: string; ip: string }[];
    };
    const ipOf = new Map(truth.devices.map((d) => [d.name, d.ip]));
    const mappings = truth.router.portMappings.map((m) => ({ ...m, internalClient: ipOf.get(m.internalClient) }));
    const igd: Observation = { source: 'upnp-igd', at: '2026-11-27T19:12:42.000Z', ip: truth.router.ip, data: { router: truth.router.ip, mappings } };
    results.set('lab-home-12', await runRulesOn(LAB, { rules, indicators, extraObservations: [igd] }));
  });
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('every exception has a reason and names a known rule', () => {
    for (const x of exceptions) {
      expect(x.reason.trim().length).toBeGreaterThan(10);
      expect(ids).toContain(x.rule);
    }
  });

  it.each(['synthetic-home', 'lab-home-12'])('%s: every finding is a listed exception', (baseline) => {
    const unexpected = results.get(baseline)!.filter(
      (f) => !exceptions.some((x) => (x.baseline === '*' || x.baseline === baseline) && x.rule === f.finding.rule && (x.device === '*' || x.device === macOf(f))),
    );
    expect(unexpected.map((f) => `${f.finding.rule} ${macOf(f)}: ${f.finding.summary}`)).toEqual([]);
  });

  it.each(['synthetic-home', 'lab-home-12'])('%s: every counted exception still happens, as often as listed', (baseline) => {
    for (const x of exceptions.filter((e) => e.baseline === baseline && e.device !== '*')) {
      const n = results.get(baseline)!.filter((f) => f.finding.rule === x.rule && macOf(f) === x.device).length;
      expect({ rule: x.rule, device: x.device, findings: n }).toEqual({ rule: x.rule, device: x.device, findings: x.findings });
    }
  });

  it('the synthetic home raises no high or medium finding', () => {
    expect(results.get('synthetic-home')!.filter((f) => f.finding.severity === 'high' || f.finding.severity === 'medium')).toEqual([]);
  });

  it('the lab home: the Hoverwatch lookup on the phone is the one high finding', () => {
    const high = results.get('lab-home-12')!.filter((f) => f.finding.severity === 'high');
    expect(high.map((f) => [f.finding.rule, macOf(f)])).toEqual([['HS-IOC-0001', 'da:a1:19:5b:3e:7f']]);
    expect(high[0]!.finding.summary).toMatch(/a\.hw\.cab, a server used by the Hoverwatch app/);
  });
});
