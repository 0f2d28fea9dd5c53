/**
 * What changed between two audits of the same home ("since the last visit"): devices matched by id (from the
 * MAC), findings by rule and device.
 */
import type { AuditExport, Device, Finding } from '../contract.ts';
import { capabilityWord, categoryWord, diffPhrase, joinWords } from '../rules/phrases.ts';

/** One device present in both audits whose identity, capabilities or reach changed. */
export interface DeviceChange {
  device: Device;
  before: Device;
  /** Plain-language lines, e.g. "category: camera → doorbell". */
  changes: string[];
}

export interface AuditDiff {
  newDevices: Device[];
  goneDevices: Device[];
  /** Findings of B whose (rule, device) pair A did not have. */
  newFindings: Finding[];
  /** Findings of A whose (rule, device) pair B no longer has. */
  resolvedFindings: Finding[];
  changed: DeviceChange[];
}

const findingKey = (f: Finding) => `${f.rule}\0${f.device ?? ''}`;

/**
 * Compares audit `a` (earlier) with audit `b` (later), the change lines in `lang` (give documents with their
 * texts in that language, see localise.ts). Pure; the order of each list follows its audit.
 */
export function diffAudits(a: AuditExport, b: AuditExport, lang = 'en'): AuditDiff {
  const before = new Map(a.devices.map((d) => [d.id, d]));
  const after = new Map(b.devices.map((d) => [d.id, d]));
  const aKeys = new Set(a.findings.map(findingKey));
  const bKeys = new Set(b.findings.map(findingKey));
  const changed: DeviceChange[] = [];
  for (const d of b.devices) {
    const old = before.get(d.id);
    if (!old) continue;
    const changes = deviceChanges(old, d, lang);
    if (changes.length) changed.push({ device: d, before: old, changes });
  }
  return {
    newDevices: b.devices.filter((d) => !before.has(d.id)),
    goneDevices: a.devices.filter((d) => !after.has(d.id)),
    newFindings: uniqueBy(b.findings.filter((f) => !aKeys.has(findingKey(f))), findingKey),
    resolvedFindings: uniqueBy(a.findings.filter((f) => !bKeys.has(findingKey(f))), findingKey),
    changed,
  };
}

function deviceChanges(a: Device, b: Device, lang: string): string[] {
  const out: string[] = [];
  const say = (id: string, vars: Parameters<typeof diffPhrase>[2]) => out.push(diffPhrase(id, lang, vars));
  if (a.category !== b.category) say('category', { before: categoryWord(a.category), after: categoryWord(b.category) });
  if ((a.profile?.id ?? '') !== (b.profile?.id ?? '')) {
    const none = diffPhrase('not-recognised', lang);
    say('identified', { before: a.profile?.name ?? none, after: b.profile?.name ?? none });
  }
  const gained = b.capabilities.filter((c) => !a.capabilities.includes(c));
  if (gained.length) say('can-now', { capabilities: joinWords(gained.map(capabilityWord)) });
  const newIps = b.ips.filter((ip) => !a.ips.includes(ip));
  if (newIps.length) say('new-address', { addresses: newIps.join(', ') });
  const newNames = [...b.names, ...b.hostnames].filter((n) => !a.names.includes(n) && !a.hostnames.includes(n));
  if (newNames.length) say('new-name', { names: newNames.join(', ') });
  const mapped = (d: Device) => new Set((d.portMappings ?? []).map((m) => `${m.protocol} ${m.externalPort}`));
  const aMaps = mapped(a);
  const newMaps = [...mapped(b)].filter((m) => !aMaps.has(m));
  if (newMaps.length) say('now-reachable', { ports: newMaps.join(', ') });
  const aAccess = new Set((a.access ?? []).map((x) => x.id));
  const newAccess = (b.access ?? []).filter((x) => !aAccess.has(x.id));
  for (const x of newAccess) say('new-access', { label: x.label });
  return out;
}

function uniqueBy<T>(items: T[], key: (t: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((t) => (seen.has(key(t)) ? false : (seen.add(key(t)), true)));
}
