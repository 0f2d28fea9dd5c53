/**
 * Scores a discovery inventory against a lab scenario's expectations: which simulated devices were found (by
 * MAC, else by their lab IP) and which were given the category the scenario expects. Pure.
 */
import type { Category } from '../../gateway/contract.ts';
import type { LabPlan } from './lab-plan.ts';

/** The part of a device the score needs (a contract Device or a discover progress entry). */
export interface ScoredDevice {
  mac?: string;
  ips: string[];
  category: Category;
  profile?: string | { id: string };
}

/** One simulated device: what was expected and what discovery made of it. */
export interface DeviceScore {
  name: string;
  mac: string;
  ip: string;
  expected: Category | null;
  found: boolean;
  category: Category | null;
  profile: string | null;
  /** Found and given the expected category. */
  identified: boolean;
}

/** Matches every planned device to the inventory. */
export function scoreDiscovery(plan: LabPlan, devices: ScoredDevice[]): DeviceScore[] {
  return plan.devices.map((d) => {
    const got = devices.find((x) => x.mac === d.device.mac) ?? devices.find((x) => !x.mac && x.ips.includes(d.ip));
    const expected = d.device.expect?.category ?? null;
    const profile = got?.profile === undefined ? null : typeof got.profile === 'string' ? got.profile : got.profile.id;
    return {
      name: d.device.name,
      mac: d.device.mac,
      ip: d.ip,
      expected,
      found: got !== undefined,
      category: got?.category ?? null,
      profile,
      identified: got !== undefined && expected !== null && got.category === expected,
    };
  });
}

/** "found F/N, identified I/N" for a score list. */
export function summariseScore(scores: DeviceScore[]): { found: number; identified: number; total: number } {
  return { found: scores.filter((s) => s.found).length, identified: scores.filter((s) => s.identified).length, total: scores.length };
}
