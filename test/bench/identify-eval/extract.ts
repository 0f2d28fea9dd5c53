/**
 * Regenerates test/fixtures/identify-eval/devices.json from the sources' own captures:
 *   npx tsx test/bench/identify-eval/extract.ts [--mirror DIR] [--only SOURCE,…]
 * Each source in sources.json is a public git repository; its captures are read at the recorded commit from a local
 * copy found as DIR/<owner>+<name>/repo (bare or with .git) or DIR/<owner>/<name> (a clone), DIR defaulting to
 * /work/.mirror. Every capture goes through the project's own reader, packet engine and inventory
 * (`analyzeCapture`); the evidence the inventory hands to identification for the device's MAC is kept, merged over
 * all the device's captures. The captures themselves stay outside the repository.
 * Labels come from manifest.json (the source's own device names), never from the identifier.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { analyzeCapture } from '../../../gateway/audit/analyze-capture.ts';
import type { DeviceEvidence } from '../../../gateway/inventory/inventory.ts';
import type { DhcpData, MdnsData, SsdpData } from '../../../gateway/contract.ts';
import { DEVICES_FILE, EvalDataError, loadManifest, loadSources, signalsOf, type DeviceRecord, type ManifestEntry, type Source } from './dataset.ts';

/** Domains kept per device (the largest devices look up hundreds of CDN names). */
const MAX_DOMAINS = 200;

function fail(message: string): never {
  process.stderr.write(`identify-eval extract: ${message}\n`);
  process.exit(2);
}

function gitDirOf(source: Source, mirror: string): string {
  const m = /github\.com\/([^/]+)\/([^/#?]+)/.exec(source.url);
  if (!m) fail(`${source.id}: url ${source.url} is not a GitHub repository`);
  const [, owner, name] = m;
  for (const dir of [join(mirror, `${owner}+${name}`, 'repo', '.git'), join(mirror, `${owner}+${name}`, 'repo'), join(mirror, owner!, name!, '.git')]) {
    if (existsSync(join(dir, 'HEAD'))) return dir;
  }
  fail(`${source.id}: no local copy of ${source.url} under ${mirror} (clone it there at ${source.commit})`);
}

function git(gitDir: string, args: string[], binary = false): string | Buffer {
  return execFileSync('git', ['--git-dir', gitDir, ...args], { maxBuffer: 1 << 30, encoding: binary ? 'buffer' : 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Capture paths of one device: exact paths, or `prefix*` matched against the tree at the commit. */
function resolveCaptures(entry: ManifestEntry, tree: string[]): string[] {
  const out = new Set<string>();
  for (const pattern of entry.captures) {
    if (pattern.endsWith('*')) {
      const prefix = pattern.slice(0, -1);
      const hits = tree.filter((p) => p.startsWith(prefix) && /\.(pcap|pcapng|cap)$/.test(p));
      if (hits.length === 0) fail(`${entry.id}: capture pattern ${pattern} matches no capture`);
      for (const h of hits) out.add(h);
    } else {
      if (!tree.includes(pattern)) fail(`${entry.id}: capture ${pattern} is not in the source`);
      out.add(pattern);
    }
  }
  return [...out].sort();
}

/** Evidence of one device merged over several captures, deduplicated and in a stable order. */
function createMerger(mac: string) {
  const hostnames = new Set<string>();
  const dhcp = new Map<string, DhcpData>();
  const mdns = new Map<string, MdnsData>();
  const ssdp = new Map<string, SsdpData>();
  const domains = new Set<string>();
  const ports = new Map<string, DeviceEvidence['ports'][number]>();
  let vendor: string | undefined;
  let upload: { bytesUp: number; bytesDown: number; seconds: number } | undefined;
  return {
    add(ev: DeviceEvidence): void {
      vendor ??= ev.vendor;
      for (const h of ev.hostnames) hostnames.add(h);
      for (const d of ev.dhcp) {
        const { hostname, vendorClass, paramList } = d;
        const slim: DhcpData = { ...(hostname ? { hostname } : {}), ...(vendorClass ? { vendorClass } : {}), ...(paramList ? { paramList } : {}) };
        if (Object.keys(slim).length) dhcp.set(JSON.stringify(slim), slim);
      }
      for (const r of ev.mdns) {
        const { instance, type, host, port, txt } = r;
        const slim: MdnsData = { ...(instance ? { instance } : {}), ...(type ? { type } : {}), ...(host ? { host } : {}), ...(port ? { port } : {}), ...(txt && Object.keys(txt).length ? { txt } : {}) };
        const key = `${instance ?? ''}|${type ?? ''}|${host ?? ''}`;
        const prev = mdns.get(key);
        mdns.set(key, prev ? { ...prev, ...slim, txt: { ...prev.txt, ...slim.txt } } : slim);
      }
      for (const s of ev.ssdp) {
        const { kind, st, nt, server, description } = s;
        const slim: SsdpData = { kind, ...(st ? { st } : {}), ...(nt ? { nt } : {}), ...(server ? { server } : {}), ...(description ? { description } : {}) };
        ssdp.set(JSON.stringify([st, nt, server, description]), slim);
      }
      for (const d of ev.domains) domains.add(d.toLowerCase());
      if (ev.upload) {
        // Captures of one device are separate recordings: the bytes and the seconds they spanned add up.
        const u = upload ?? { bytesUp: 0, bytesDown: 0, seconds: 0 };
        upload = { bytesUp: u.bytesUp + ev.upload.bytesUp, bytesDown: u.bytesDown + ev.upload.bytesDown, seconds: u.seconds + ev.upload.seconds };
      }
      for (const p of ev.ports) ports.set(`${p.proto}/${p.port}/${p.direction}`, { proto: p.proto, port: p.port, direction: p.direction });
    },
    evidence(): DeviceEvidence {
      const mdnsList = [...mdns.values()].map((r) => (r.txt && Object.keys(r.txt).length === 0 ? { ...r, txt: undefined } : r));
      return {
        mac,
        ...(vendor ? { vendor } : {}),
        hostnames: [...hostnames].sort(),
        dhcp: [...dhcp.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, v]) => v),
        mdns: mdnsList.map((r) => JSON.parse(JSON.stringify(r)) as MdnsData).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
        ssdp: [...ssdp.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, v]) => v),
        domains: [...domains].sort().slice(0, MAX_DOMAINS),
        ports: [...ports.values()].sort((a, b) => a.proto.localeCompare(b.proto) || a.port - b.port || a.direction.localeCompare(b.direction)),
        ...(upload ? { upload: { ...upload, seconds: Math.round(upload.seconds * 1000) / 1000 } } : {}),
      };
    },
  };
}

/** The same value with every object's keys in order, so a regenerated file differs only where the evidence does. */
function sortKeys<T>(value: T): T {
  if (Array.isArray(value)) return value.map(sortKeys) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => [k, sortKeys(v)])) as T;
  }
  return value;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { mirror: { type: 'string', default: '/work/.mirror' }, only: { type: 'string' } } });
  let sources: Source[];
  let manifest: ManifestEntry[];
  try {
    sources = loadSources();
    manifest = loadManifest();
  } catch (err) {
    if (err instanceof EvalDataError) fail(err.message);
    throw err;
  }
  const only = values.only ? new Set(values.only.split(',')) : null;
  // Kept as written (not re-parsed through the schema, which would reorder their keys).
  const previous = existsSync(DEVICES_FILE) ? (JSON.parse(readFileSync(DEVICES_FILE, 'utf8')) as DeviceRecord[]) : [];
  const records: DeviceRecord[] = only ? previous.filter((r) => !only.has(r.source)) : [];
  const work = mkdtempSync(join(tmpdir(), 'identify-eval-'));
  try {
    for (const source of sources) {
      if (only && !only.has(source.id)) continue;
      const gitDir = gitDirOf(source, values.mirror!);
      const tree = (git(gitDir, ['ls-tree', '-r', '--name-only', source.commit]) as string).split('\n').filter(Boolean);
      // Each capture is read once; the evidence of every device of the source that it holds goes to that device.
      const entries = manifest.filter((e) => e.source === source.id);
      const devices = entries.map((entry) => ({ entry, paths: resolveCaptures(entry, tree), merger: createMerger(entry.macs[0]!), seen: 0 }));
      const byMac = new Map(devices.flatMap((d) => d.entry.macs.map((m) => [m, d] as const)));
      const allPaths = [...new Set(devices.flatMap((d) => d.paths))].sort();
      for (const path of allPaths) {
        const file = join(work, 'capture.pcap');
        try {
          writeFileSync(file, git(gitDir, ['show', `${source.commit}:${path}`], true) as Buffer);
        } catch {
          // A partial copy (no large files) lacks some captures; each record says how many were read.
          process.stderr.write(`${source.id}: ${path} could not be read from the local copy, skipped\n`);
          continue;
        }
        const found = new Set<(typeof devices)[number]>();
        // The inventory hands each device's evidence to identification: that is exactly what the product identifies.
        const identify = (ev: DeviceEvidence) => {
          const d = ev.mac ? byMac.get(ev.mac) : undefined;
          if (d && d.paths.includes(path)) {
            d.merger.add(ev);
            found.add(d);
          }
          return { category: 'unknown' as const, capabilities: [] };
        };
        try {
          await analyzeCapture(file, { identify });
        } catch (err) {
          process.stderr.write(`${source.id}: ${path} is not a readable capture (${(err as Error).message}), skipped\n`);
          continue;
        }
        for (const d of found) d.seen++;
      }
      for (const d of devices) {
        const { entry, seen } = d;
        if (seen === 0) fail(`${entry.id}: no capture holds traffic of ${entry.macs.join(', ')}`);
        const evidence = d.merger.evidence();
        records.push({ id: entry.id, source: entry.source, sourceLabel: entry.sourceLabel, label: entry.label, signals: signalsOf(evidence), captures: seen, evidence: sortKeys(evidence) });
        process.stdout.write(`${entry.id}: ${seen}/${d.paths.length} captures, signals: ${signalsOf(evidence).join(', ') || 'none'}\n`);
      }
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  const order = new Map(manifest.map((e, i) => [e.id, i]));
  records.sort((a, b) => (order.get(a.id) ?? 1e9) - (order.get(b.id) ?? 1e9));
  // Non-ASCII characters are written as \u escapes, as in the committed file, so that regenerating one source leaves
  // the other sources' records byte-identical.
  const text = JSON.stringify(records, null, 1).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  writeFileSync(DEVICES_FILE, text + '\n');
  process.stdout.write(`wrote ${records.length} devices to ${DEVICES_FILE}\n`);
}

await main();
