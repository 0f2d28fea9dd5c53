/**
 * Access entries through the same rule engine as everything else: each entry on a device becomes one `access`
 * Observation, and the rules whose matcher reads `access` (pcap-rules/access/) turn them into findings. The
 * findings are computed from the devices' current entries in a fresh engine each time, so entries recomputed
 * every discovery round, or added by an account check after the audit ended, are never counted twice.
 */
import type { AccessEntry, Device, Observation } from '../contract.ts';
import { createRuleEngine, type RuleFinding } from '../rules/engine.ts';
import type { LoadedRule } from '../../pcap-rules/load.ts';

/** The payload of an `access` observation: the entry plus the id of the device it was found on. */
export type AccessObservationData = AccessEntry & { device: string };

/** One observation per access entry of every device (devices without an address are skipped: no rule can name them). */
export function accessObservations(devices: readonly Device[]): Observation<AccessObservationData>[] {
  const out: Observation<AccessObservationData>[] = [];
  for (const d of devices) {
    if (!d.access?.length || (!d.mac && !d.ips.length)) continue;
    for (const e of d.access) {
      out.push({
        source: 'access',
        at: e.at,
        ...(d.mac ? { mac: d.mac } : {}),
        ...(d.ips[0] ? { ip: d.ips[0] } : {}),
        data: { ...e, device: d.id },
      });
    }
  }
  return out;
}

/** The loaded rules that read access observations. */
export function accessRules(rules: readonly LoadedRule[]): LoadedRule[] {
  return rules.filter((r) => r.matcher.sources.includes('access'));
}

/** Findings of the access rules over the devices' entries (a fresh engine: nothing from earlier calls is kept). */
export function accessFindings(rules: readonly LoadedRule[], devices: readonly Device[]): RuleFinding[] {
  const own = accessRules(rules);
  if (!own.length) return [];
  const engine = createRuleEngine({ rules: own });
  for (const obs of accessObservations(devices)) engine.observe(obs);
  return engine.findings(devices);
}

/** `base` followed by the findings of `extra` whose id `base` does not have. */
export function mergeFindings(base: readonly RuleFinding[], extra: readonly RuleFinding[]): RuleFinding[] {
  const seen = new Set(base.map((f) => f.finding.id));
  return [...base, ...extra.filter((f) => !seen.has(f.finding.id))];
}

/**
 * The findings an audit shows for devices that carry their access entries: the pass's findings, then those of the
 * access rules over the entries. Live audits, analysed captures and `homesweep discover` all decide this way.
 */
export function auditFindings(rules: readonly LoadedRule[], devices: readonly Device[], passFindings: readonly RuleFinding[]): RuleFinding[] {
  return mergeFindings(passFindings, accessFindings(rules, devices));
}

/** Devices with `entries` added to device `deviceId`'s access (an entry with the same id is replaced). */
export function addAccess(devices: readonly Device[], deviceId: string, entries: readonly AccessEntry[]): Device[] {
  return devices.map((d) => {
    if (d.id !== deviceId || !entries.length) return d;
    const ids = new Set(entries.map((e) => e.id));
    return { ...d, access: [...(d.access ?? []).filter((e) => !ids.has(e.id)), ...entries] };
  });
}
