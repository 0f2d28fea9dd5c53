import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtInCatalog, describeAccountCheck, loadAccountCatalog } from '../../../gateway/accounts/catalog.ts';
import { runGuidanceCheck } from '../../../gateway/accounts/guidance.ts';
import { compileGlob } from '../../../device-profiles/glob.ts';

const { checks, problems } = builtInCatalog();

describe('account-checks.yaml', () => {
  it('loads with no problems and has the six checks', () => {
    expect(problems).toEqual([]);
    expect(checks.map((c) => c.id).sort()).toEqual(['asus-router', 'fritzbox-tr064', 'home-assistant', 'hue-bridge', 'openwrt-ubus', 'tp-link-router']);
  });

  it.each(checks.map((c) => [c.id, c] as const))('%s has every text in English, Spanish and Portuguese', (_id, check) => {
    const maps = [check.name, check.credential.ask, ...check.reads, check.trace, check.whoCanSee, check.onFailure, check.leavesBehind, ...(check.steps ?? [])]
      .filter((m) => m !== undefined);
    for (const m of maps) expect(Object.keys(m!).sort()).toEqual(['en', 'es', 'pt-BR']);
  });

  it.each(checks.map((c) => [c.id, c] as const))('%s: knowledge globs compile', (_id, check) => {
    for (const name of ['tunnelAddons', 'remoteAppNames', 'ignoreGeofenceClients', 'loginLinePatterns']) {
      for (const g of check.knowledge?.[name] ?? []) expect(() => compileGlob(g)).not.toThrow();
    }
  });

  it.each([
    ['home-assistant', 'N2'], ['hue-bridge', 'N2'], ['openwrt-ubus', 'N1'], ['fritzbox-tr064', 'N1'], ['asus-router', 'N0'], ['tp-link-router', 'N0'],
  ])('%s notice level is %s (ACCOUNTS.md)', (id, level) => {
    expect(checks.find((c) => c.id === id)?.notice).toBe(level);
  });

  it('single-admin routers name the N3 they avoid and are guidance only', () => {
    for (const id of ['asus-router', 'tp-link-router']) {
      const c = checks.find((x) => x.id === id)!;
      expect(c.mode).toBe('guidance');
      expect(c.avoidedNotice).toBe('N3');
    }
  });

  it('describes a check in Spanish and falls back to English for an unknown language', () => {
    const hue = checks.find((c) => c.id === 'hue-bridge')!;
    expect(describeAccountCheck(hue, 'es').trace).toContain('account.meethue.com/apps');
    expect(describeAccountCheck(hue, 'es').trace).toMatch(/Al pulsar/);
    expect(describeAccountCheck(hue, 'fr').trace).toMatch(/^Pressing/);
  });

  it.each([
    ['not yaml: [', 'catalog'],
    ['version: 1\nchecks: []', 'checks'],
    ['version: 1\nchecks:\n  - id: x\n    name: {en: X}\n    mode: guidance\n    notice: N0\n    credential: {kind: none, ask: {en: n}}\n    reads: [{en: r}]\n    trace: {en: t}\n    whoCanSee: {en: w}\n    sources: [s]\n', 'steps'],
  ])('reports a bad file instead of throwing (%#)', (text, word) => {
    const dir = mkdtempSync(join(tmpdir(), 'hs-acc-'));
    const file = join(dir, 'catalog.yaml');
    writeFileSync(file, text);
    const r = loadAccountCatalog(file);
    expect(r.checks).toEqual([]);
    expect(r.problems.join(' ')).toContain(word === 'catalog' ? file : word);
  });

  it('guidance checks return steps and no entries', () => {
    const r = runGuidanceCheck('asus-router', 'es');
    expect(r.entries).toEqual([]);
    expect((r.facts.steps as string[]).length).toBeGreaterThanOrEqual(4);
    expect(runGuidanceCheck('home-assistant').error).toBeDefined();
  });
});
