/**
 * Who can reach each device from outside, for the audit: the quiet checks of discovery/access (N0) run after each
 * discovery round of a live audit, each device asked once per audit; captures get the passive part (port
 * mappings) only. Entries are attached to the devices as `access`.
 */
import type { AccessEntry, Device, Observation } from '../contract.ts';
import { createAccessIo, type AccessIo } from '../../discovery/access/access-io.ts';
import { portMappingEntries } from '../../discovery/access/port-mapping-entries.ts';
import { planQuietChecks } from '../../discovery/access/plan-quiet-checks.ts';
import { runQuietChecks } from '../../discovery/access/run-quiet-checks.ts';

/** Devices with their access entries set (a device without entries is returned as it is). */
export function withAccess(devices: Device[], access: ReadonlyMap<string, AccessEntry[]>): Device[] {
  return devices.map((d) => {
    const entries = access.get(d.id);
    return entries?.length ? { ...d, access: entries } : d;
  });
}

/** The passive entries of devices from a capture: router port mappings that reach them. */
export function passiveAccess(devices: readonly Device[], at: string): Map<string, AccessEntry[]> {
  const out = new Map<string, AccessEntry[]>();
  for (const d of devices) {
    const e = portMappingEntries(d, at);
    if (e.length) out.set(d.id, e);
  }
  return out;
}

/** Runs the quiet checks of a live audit; keeps what each device answered, asking each device only once (`io`: tests). */
export function createQuietAccess(log: (m: string) => void, io: AccessIo = createAccessIo()) {
  const asked = new Set<string>();
  const active = new Map<string, AccessEntry[]>();
  let passive = new Map<string, AccessEntry[]>();
  return {
    async run(devices: Device[], observations: Observation[]): Promise<void> {
      // A device counts as asked only once it has said what it is (a planned check): one seen first by its address
      // alone and identified by its DHCP name a round later still gets its one check.
      const planned = new Set(planQuietChecks(devices.filter((d) => !asked.has(d.id)), observations).map((p) => p.deviceId));
      const fresh = devices.filter((d) => planned.has(d.id));
      for (const d of fresh) asked.add(d.id);
      const onError = (id: string, check: string, message: string) => log(`access check ${check} on ${id}: ${message}`);
      const found = await runQuietChecks(fresh, observations, io, { onError });
      passive = await runQuietChecks(devices, observations, io, { active: false });
      for (const [id, entries] of found) {
        // Port mappings and Matter come from `passive` (recomputed each round); keep only what the device said.
        const own = entries.filter((e) => e.kind !== 'port-mapping' && e.source !== 'matter-mdns');
        if (own.length) active.set(id, own);
      }
    },
    /**
     * Everything known now. Port mappings are read from `devices` each time (a device that appears after a round
     * shows its mappings at once); Matter fabrics come from the last round; device answers are kept.
     */
    entries(devices: readonly Device[] = []): Map<string, AccessEntry[]> {
      const out = new Map<string, AccessEntry[]>();
      for (const [id, e] of passive) {
        const rest = e.filter((x) => x.kind !== 'port-mapping');
        if (rest.length) out.set(id, rest);
      }
      for (const [id, e] of passiveAccess(devices, new Date().toISOString())) out.set(id, [...(out.get(id) ?? []), ...e]);
      for (const [id, e] of active) out.set(id, [...(out.get(id) ?? []), ...e]);
      return out;
    },
  };
}
