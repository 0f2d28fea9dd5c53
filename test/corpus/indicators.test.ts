/**
 * The real Echap stalkerware-indicators files (read in place from ../shared): every format loads, the derived
 * files agree with ioc.yaml, known indicators match, common benign hosts do not, public suffixes are refused.
 */
import { existsSync, readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadIndicatorDir, loadIndicatorFile } from '../../gateway/rules/indicators/load-indicators.ts';
import { createIndicatorMatcher } from '../../gateway/rules/indicators/matcher.ts';
import { DEFAULT_INDICATORS_SOURCE, INDICATOR_FILES } from '../../gateway/rules/indicators/update-indicators.ts';
import type { IndicatorLoadResult } from '../../gateway/rules/indicators/types.ts';
import { INDICATORS_DIR } from '../fixtures/shared-paths.ts';

const FILES = ['ioc.yaml', 'watchware.yaml', 'generated/network.csv', 'generated/indicators-for-tinycheck.json', 'generated/hosts', 'generated/hosts_full'];
const present = FILES.filter((f) => existsSync(join(INDICATORS_DIR, f)));
const loaded = new Map<string, IndicatorLoadResult>(present.map((f) => [f, loadIndicatorFile(join(INDICATORS_DIR, f))]));
const all = [...loaded.values()].flatMap((r) => r.entries);
const matcher = createIndicatorMatcher(all);
const values = (f: string) => new Set(loaded.get(f)!.entries.map((e) => e.value));

// Hosts nearly every home contacts, and shared platforms that host C2 sub-domains but are not C2 themselves.
const BENIGN = [
  'google.com', 'www.google.com', 'googleapis.com', 'fcm.googleapis.com', 'gstatic.com', 'android.clients.google.com',
  'apple.com', 'icloud.com', 'gateway.icloud.com', 'amazon.com', 'alexa.amazon.com', 'ring.com', 'fw.ring.com',
  'github.io', 'someone.github.io', 'github.com', 'cloudfront.net', 'd1234abcd.cloudfront.net', 'amazonaws.com',
  's3.amazonaws.com', 'firebaseio.com', 'other-project.firebaseio.com', 'appspot.com', 'other-project.appspot.com',
  'microsoft.com', 'windowsupdate.com', 'facebook.com', 'whatsapp.net', 'netflix.com', 'youtube.com', 'spotify.com',
  'akamaiedge.net', 'fastly.net', 'cloudflare.com', 'tuya.com', 'nest.com', 'ntp.org', 'pool.ntp.org',
];

describe('Echap stalkerware-indicators corpus', () => {
  it('has the files this test expects', () => {
    expect(present).toEqual(expect.arrayContaining(['ioc.yaml', 'generated/network.csv', 'generated/indicators-for-tinycheck.json']));
  });

  it.each(present)('%s loads with indicators', (f) => {
    const r = loaded.get(f)!;
    const counts = { entries: r.entries.length, domains: r.entries.filter((e) => e.kind === 'domain').length, ips: r.entries.filter((e) => e.kind === 'ip').length };
    console.log(`${f}: ${JSON.stringify(counts)} problems=${r.problems.length} skipped=${JSON.stringify(r.skipped)}`);
    expect(r.entries.length).toBeGreaterThan(0);
    // The only refused values in the real files are the two source-code URLs on a code forge (distribution).
    for (const p of r.problems) expect(p.code).toBe('url-with-path');
  });

  it('ioc.yaml has C2, marketing and download entries, each with its app', () => {
    const r = loaded.get('ioc.yaml')!;
    const by = (c: string) => r.entries.filter((e) => e.category === c).length;
    expect(by('c2')).toBeGreaterThan(500);
    expect(by('marketing')).toBeGreaterThan(300);
    expect(by('other')).toBeGreaterThan(0);
    expect(r.entries.every((e) => e.app)).toBe(true);
  });

  it('the generated files list nothing that ioc.yaml (+ watchware.yaml) does not', () => {
    const source = new Set([...values('ioc.yaml'), ...(loaded.has('watchware.yaml') ? values('watchware.yaml') : [])]);
    for (const f of present.filter((x) => x.startsWith('generated/'))) {
      const extra = [...values(f)].filter((v) => !source.has(v));
      expect(extra, f).toEqual([]);
    }
  });

  it.each([
    ['a.hw.cab', 'a.hw.cab', 'c2', 'Hoverwatch'],
    ['rec.a.hw.cab', 'a.hw.cab', 'c2', 'Hoverwatch'],
    ['media.hw.cab', 'hw.cab', 'c2', 'Hoverwatch'],
    ['A.HW.CAB.', 'a.hw.cab', 'c2', 'Hoverwatch'],
    ['1ca43.appspot.com', '1ca43.appspot.com', 'c2', 'TheTruthSpy'],
    // A vendor site: "marketing" in ioc.yaml, although the TinyCheck export tags it like a C2 server.
    ['shop.refog.com', 'refog.com', 'marketing', 'Hoverwatch'],
  ])('%s → %s (%s, %s)', (host, indicator, category, app) => {
    const hit = matcher.matchHost(host);
    expect(hit).toMatchObject({ indicator, category });
    expect(hit!.apps).toContain(app);
  });

  it('every C2 IP of network.csv matches itself, also as IPv4-mapped IPv6', () => {
    const ips = loaded.get('generated/network.csv')!.entries.filter((e) => e.kind === 'ip');
    expect(ips.length).toBeGreaterThan(0);
    for (const e of ips) {
      expect(matcher.matchIp(e.value)?.indicator).toBe(e.value);
      expect(matcher.matchIp(`::ffff:${e.value}`)?.indicator).toBe(e.value);
    }
    expect(matcher.matchIp('104.236.73.120')?.apps).toContain('Hoverwatch');
  });

  it.each(BENIGN)('benign host %s does not match', (host) => {
    expect(matcher.matchHost(host)).toBeUndefined();
  });

  it('refuses public suffixes (none in the real files; injected ones are caught)', () => {
    const real = matcher.problems.filter((p) => p.code === 'public-suffix');
    console.log(`public-suffix indicators in the real files: ${real.length ? real.map((p) => `${p.value} (${p.source})`).join(', ') : 'none'}`);
    const injected = ['com', 'co.uk', 'github.io', 'appspot.com', 'cloudfront.net', 'web.app'];
    const m = createIndicatorMatcher([...all, ...injected.map((value) => ({ value, kind: 'domain' as const, category: 'c2' as const, source: 'injected' }))]);
    const refused = m.problems.filter((p) => p.source === 'injected').map((p) => p.value);
    console.log(`injected public suffixes refused: ${refused.join(', ')}`);
    expect(refused).toEqual(injected);
    expect(m.matchHost('example.com')).toBeUndefined();
    expect(m.size).toEqual(matcher.size);
  });

  it('loading the whole folder gives the same indicators as the files one by one', () => {
    const dir = loadIndicatorDir(INDICATORS_DIR);
    expect(dir.errors).toEqual([]);
    expect(dir.results.map((r) => r.source).sort()).toEqual(present.map((f) => f.split('/').pop()).sort());
    console.log(`distinct indicators: ${JSON.stringify(matcher.size)}`);
    expect(createIndicatorMatcher(dir.results.flatMap((r) => r.entries)).size).toEqual(matcher.size);
  });
});

describe('pcap-rules/indicators/sources.yaml', () => {
  it('names the same download and files as the update command', () => {
    const sources = parseYaml(readFileSync(new URL('../../pcap-rules/indicators/sources.yaml', import.meta.url), 'utf8')) as { download: string; files: unknown[]; licence: string }[];
    expect(sources).toHaveLength(1);
    expect(sources[0].download).toBe(DEFAULT_INDICATORS_SOURCE);
    expect(sources[0].files).toEqual(INDICATOR_FILES);
    expect(sources[0].licence).toBe('CC-BY-4.0');
  });
});
