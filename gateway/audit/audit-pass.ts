/**
 * One audit pass: every observation goes to the inventory and to the rule engine in the same loop; at the end the
 * devices are identified and the rules produce findings against them. Offline analysis and tests use it; live
 * capture feeds the same two consumers.
 */
import type { Device, Observation } from '../contract.ts';
import { createInventory, type DeviceEvidence, type Identification, type Inventory } from '../inventory/inventory.ts';
import { createRuleEngine, type FindingsExtra, type RuleEngine, type RuleFinding } from '../rules/engine.ts';
import type { IndicatorMatcher } from '../rules/indicators/matcher.ts';
import type { LoadedRule } from '../../pcap-rules/load.ts';
import { isRandomizedMac, lookupVendor } from '../../discovery/oui.ts';
import { createVisibilityTracker, type VisibilityTracker } from './visibility.ts';

export interface AuditPassOptions {
  identify?: (evidence: DeviceEvidence) => Identification;
  /** Detection rules (none: no findings). */
  rules?: readonly LoadedRule[];
  indicators?: IndicatorMatcher;
}

export interface AuditPass {
  observe(obs: Observation): void;
  readonly inventory: Inventory;
  readonly rules: RuleEngine;
  /** Whose traffic the observations showed (the audit's `visibility`). */
  readonly visibility: VisibilityTracker;
  /** Identified devices and the findings about them. */
  result(extra?: FindingsExtra): { devices: Device[]; findings: RuleFinding[] };
}

export function createAuditPass(opts: AuditPassOptions = {}): AuditPass {
  const inventory = createInventory({ vendorOf: lookupVendor, isRandomizedMac, identify: opts.identify });
  const rules = createRuleEngine({ rules: opts.rules ?? [], indicators: opts.indicators });
  const visibility = createVisibilityTracker();
  return {
    observe(obs) {
      inventory.observe(obs);
      rules.observe(obs);
      visibility.observe(obs);
    },
    inventory,
    rules,
    visibility,
    result(extra) {
      const devices = inventory.devices();
      return { devices, findings: rules.findings(devices, extra) };
    },
  };
}
