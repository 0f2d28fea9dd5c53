/**
 * Ranks devices for the audit page: what a device can do (camera, mic, location, lock), what was seen in its
 * traffic (findings by severity) and whether it can be reached from outside (port mappings, outside access).
 * The weights and the reasons' words live in device-profiles/risk.yaml.
 */
import { fileURLToPath } from 'node:url';
import { readYamlFile } from '../util/yaml-cache.ts';
import { z } from 'zod';
import type { Device, Finding, RiskLevel } from '../contract.ts';
import { fillTemplate, textIn } from '../rules/render.ts';

const Lang = z.object({ en: z.string() }).catchall(z.string());
const RiskSchema = z.strictObject({
  severity: z.strictObject({ high: z.number(), medium: z.number(), low: z.number(), info: z.number() }),
  capability: z.strictObject({ camera: z.number(), mic: z.number(), location: z.number(), lock: z.number(), 'remote-control': z.number() }),
  portMapping: z.number(),
  outsideAccess: z.number(),
  levels: z.strictObject({ high: z.number(), medium: z.number(), low: z.number() }),
  reasons: z.strictObject({
    finding: Lang, findings: Lang, camera: Lang, mic: Lang, location: Lang, lock: Lang, 'remote-control': Lang, portMapping: Lang, outsideAccess: Lang,
  }),
});
export type RiskWeights = z.infer<typeof RiskSchema>;

export const RISK_FILE = fileURLToPath(new URL('../../device-profiles/risk.yaml', import.meta.url));

/** Reads and validates risk.yaml; a bad file throws with its name and the reason. */
export function loadRiskWeights(file = RISK_FILE): RiskWeights {
  const parsed = RiskSchema.safeParse(readYamlFile(file));
  if (!parsed.success) throw new Error(`${file}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return parsed.data;
}

/** Score, level and plain reasons for one device, given the findings about it. Pure. */
export function rateDevice(d: Device, findings: readonly Finding[], w: RiskWeights, lang = 'en'): { score: number; level: RiskLevel; reasons: string[] } {
  let score = 0;
  const reasons: string[] = [];
  const counted = findings.filter((f) => f.severity !== 'info');
  for (const f of findings) score += w.severity[f.severity];
  if (counted.length === 1) reasons.push(textIn(w.reasons.finding, lang));
  else if (counted.length) reasons.push(fillTemplate(textIn(w.reasons.findings, lang), { count: String(counted.length) }));
  if (d.portMappings?.length) {
    score += w.portMapping;
    reasons.push(textIn(w.reasons.portMapping, lang));
  }
  if (d.access?.some((a) => a.outside)) {
    score += w.outsideAccess;
    reasons.push(textIn(w.reasons.outsideAccess, lang));
  }
  for (const c of d.capabilities) {
    score += w.capability[c];
    reasons.push(textIn(w.reasons[c], lang));
  }
  const level: RiskLevel = score >= w.levels.high ? 'high' : score >= w.levels.medium ? 'medium' : score >= w.levels.low ? 'low' : 'none';
  return { score, level, reasons };
}
