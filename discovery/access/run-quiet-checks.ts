/**
 * The quiet access checks of an audit (issue 8, notice level N0): router port mappings and Matter fabrics from
 * what was already observed, and one read-only local request set to each Kasa, Shelly and Tasmota device that
 * identified itself. Nothing is retried, nothing is written, no credentials are used, no port is scanned.
 */
import type { AccessEntry, Device, MdnsData, Observation } from '../../gateway/contract.ts';
import { DEFAULT_LIMITS, type AccessIo, type CheckLimits, type CheckResult } from './access-io.ts';
import { checkKasa } from './kasa-local.ts';
import { matterEntries } from './matter-fabrics.ts';
import { planQuietChecks, type QuietCheckPlan } from './plan-quiet-checks.ts';
import { portMappingEntries } from './port-mapping-entries.ts';
import { checkShellyGen1 } from './shelly-gen1.ts';
import { checkShellyGen2 } from './shelly-gen2.ts';
import { checkTasmota } from './tasmota-info.ts';

/** Options of {@link runQuietChecks}. */
export interface QuietCheckOptions {
  /** Per-request limits (default 3 s, 256 KB). */
  limits?: CheckLimits;
  /** Devices asked at the same time (default 4). */
  concurrency?: number;
  /** False skips every check that sends a packet (port mappings and Matter still run). Default true. */
  active?: boolean;
  /** Told about each check that found less than it could (timeouts, refusals, garbage). */
  onError?: (deviceId: string, check: string, message: string) => void;
}

/** Runs one planned check. Never throws (each check catches its own network errors). */
export async function runPlannedCheck(io: AccessIo, plan: QuietCheckPlan, limits: CheckLimits): Promise<CheckResult> {
  const target = { deviceId: plan.deviceId, ip: plan.ip };
  switch (plan.check) {
    case 'kasa':
      return checkKasa(io, { ...target, module: plan.module }, limits);
    case 'shelly-gen1':
      return checkShellyGen1(io, { ...target, port: plan.port }, limits);
    case 'shelly-gen2':
      return checkShellyGen2(io, { ...target, port: plan.port }, limits);
    case 'shelly': {
      // Generation unknown (profile only): Gen2 first; a 404 on its first method means Gen1.
      const g2 = await checkShellyGen2(io, { ...target, port: plan.port }, limits);
      if (g2.entries.length > 0 || !g2.errors.some((e) => e.includes('HTTP 404'))) return g2;
      return checkShellyGen1(io, { ...target, port: plan.port }, limits);
    }
    case 'tasmota':
      return checkTasmota(io, { ...target, port: plan.port }, limits);
  }
}

/**
 * Access entries per device id (only devices with at least one entry). `observations` are the audit's
 * observations so far (mDNS and DHCP are read; others ignored).
 */
export async function runQuietChecks(devices: Device[], observations: Observation[], io: AccessIo, opts: QuietCheckOptions = {}): Promise<Map<string, AccessEntry[]>> {
  const out = new Map<string, AccessEntry[]>();
  const add = (id: string, entries: AccessEntry[]) => {
    if (entries.length === 0) return;
    out.set(id, [...(out.get(id) ?? []), ...entries]);
  };
  const at = io.now();
  for (const d of devices) add(d.id, portMappingEntries(d, at));
  const mdns = observations.filter((o): o is Observation<MdnsData> => o?.source === 'mdns');
  for (const [id, entries] of matterEntries(devices, mdns)) add(id, entries);
  if (opts.active === false) return out;

  const limits = opts.limits ?? DEFAULT_LIMITS;
  const queue = planQuietChecks(devices, observations);
  const workers = Array.from({ length: Math.max(1, Math.min(opts.concurrency ?? 4, 16)) }, async () => {
    for (let plan = queue.shift(); plan; plan = queue.shift()) {
      const res = await runPlannedCheck(io, plan, limits);
      add(plan.deviceId, res.entries);
      for (const e of res.errors) opts.onError?.(plan.deviceId, plan.check, e);
    }
  });
  await Promise.all(workers);
  return out;
}
