/**
 * The audit as the page shows it (AuditView): devices ranked by risk with their profile's texts, findings and
 * checklist in the reader's language (English when a text has no translation), and what is new since the
 * previous audit.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { z } from 'zod';
import type { AuditView, Device, DeviceView, Finding } from '../contract.ts';
import type { CompiledProfile } from '../../device-profiles/compile.ts';
import type { AuditRecord } from './record.ts';
import { rateDevice, type RiskWeights } from './risk.ts';

type Lang = { en: string } & Record<string, string>;
const pick = (t: Lang | undefined, lang: string, fallback = ''): string => (t ? (t[lang] ?? t.en) : fallback);

export const CANNOT_SEE_FILE = fileURLToPath(new URL('../../device-profiles/cannot-see.yaml', import.meta.url));

/** Reads the general "what HomeSweep cannot see" notes. */
export function loadCannotSee(file = CANNOT_SEE_FILE): Lang[] {
  const parsed = z.array(z.object({ en: z.string() }).catchall(z.string())).min(1).safeParse(parse(readFileSync(file, 'utf8')));
  if (!parsed.success) throw new Error(`${file}: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  return parsed.data as Lang[];
}

export interface ViewContext {
  lang: string;
  profiles: ReadonlyMap<string, CompiledProfile>;
  risk: RiskWeights;
  cannotSee: readonly Lang[];
  /** The audit before this one, for "new since last audit". */
  previous?: Pick<AuditRecord, 'devices' | 'findings'>;
}

/** How a device is called on the page: its own name, else what it is, else its address. */
export function displayName(d: Device, profile: CompiledProfile | undefined, lang: string): string {
  // Apple's sleep-proxy and companion-link instances are named "<mac>@<address>": an address, not a name.
  const named = d.names.find((n) => !/^[0-9a-f]{2}(?::[0-9a-f]{2}){5}@/i.test(n));
  return named ?? d.hostnames[0] ?? (profile ? pick(profile.name as Lang, lang) : undefined) ?? d.vendor ?? d.mac ?? d.ips[0] ?? d.id;
}

export function buildAuditView(rec: AuditRecord, ctx: ViewContext): AuditView {
  const { lang } = ctx;
  const findings = rec.findings.map((f): Finding & { noticeRisk: string } => {
    const t = rec.texts.findings[f.id];
    return t
      ? { ...f, title: pick(t.title, lang), summary: pick(t.summary, lang), advice: pick(t.advice, lang), noticeRisk: pick(t.noticeRisk, lang) }
      : { ...f, noticeRisk: '' };
  });
  const checklist = rec.checklist.map((i) => {
    const t = rec.texts.checklist[i.id];
    return t ? { ...i, text: pick(t.text, lang), why: pick(t.why, lang), noticeRisk: pick(t.noticeRisk, lang) } : i;
  });
  const byDevice = new Map<string, Finding[]>();
  for (const f of rec.findings) if (f.device) (byDevice.get(f.device) ?? byDevice.set(f.device, []).get(f.device)!).push(f);
  const devices: DeviceView[] = rec.devices
    .filter((d) => d.id !== 'unattributed')
    .map((d) => {
      const p = d.profile ? ctx.profiles.get(d.profile.id) : undefined;
      return {
        ...d,
        displayName: displayName(d, p, lang),
        risk: rateDevice(d, byDevice.get(d.id) ?? [], ctx.risk, lang),
        remoteAccess: (p?.remoteAccess ?? []).map((r) => ({
          feature: pick(r.feature as Lang, lang),
          description: pick(r.description as Lang, lang),
          whereToCheck: pick(r.whereToCheck as Lang, lang),
        })),
        cannotSee: (p?.cannotSee ?? []).map((c) => pick(c as Lang, lang)),
        findingIds: (byDevice.get(d.id) ?? []).map((f) => f.id),
        checklistIds: rec.checklist.filter((i) => i.device === d.id).map((i) => i.id),
      };
    })
    .sort((a, b) => b.risk.score - a.risk.score || a.displayName.localeCompare(b.displayName));
  const sevOrder = { high: 0, medium: 1, low: 2, info: 3 };
  findings.sort((a, b) => sevOrder[a.severity] - sevOrder[b.severity] || a.firstSeen.localeCompare(b.firstSeen));
  const view: AuditView = {
    audit: { ...rec.meta, status: rec.status, readOnly: rec.readOnly, ...(rec.interface ? { interface: rec.interface } : {}) },
    progress: rec.progress,
    devices,
    findings,
    checklist,
    comments: rec.comments,
    cannotSee: ctx.cannotSee.map((c) => pick(c, lang)),
  };
  if (ctx.previous) {
    const knownDevices = new Set(ctx.previous.devices.map((d) => d.id));
    const knownFindings = new Set(ctx.previous.findings.map((f) => `${f.rule}|${f.device ?? ''}`));
    view.newSinceLast = {
      devices: devices.filter((d) => !knownDevices.has(d.id)).map((d) => d.id),
      findings: rec.findings.filter((f) => !knownFindings.has(`${f.rule}|${f.device ?? ''}`)).map((f) => f.id),
    };
  }
  return view;
}
