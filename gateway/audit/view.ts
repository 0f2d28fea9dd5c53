/**
 * The audit as the page shows it (AuditView): devices ranked by risk with their profile's texts, findings and
 * checklist in the reader's language (English when a text has no translation), and what is new since the
 * previous audit.
 */
import { fileURLToPath } from 'node:url';
import { readYamlFile } from '../util/yaml-cache.ts';
import { z } from 'zod';
import type { AccessEntry, AuditView, Device, DeviceView, Finding } from '../contract.ts';
import type { CompiledProfile } from '../../device-profiles/compile.ts';
import type { AuditRecord } from './record.ts';
import { ownName } from '../rules/render.ts';
import type { Rule } from '../../pcap-rules/schema.ts';
import { rateDevice, type RiskWeights } from './risk.ts';
import { phrase } from '../rules/phrases.ts';
import { describeHint } from './hint-text.ts';
import type { ClueKnowledge } from '../../device-profiles/knowledge.ts';

type Lang = { en: string } & Record<string, string>;
const pick = (t: Lang | undefined, lang: string, fallback = ''): string => (t ? (t[lang] ?? t.en) : fallback);

export const CANNOT_SEE_FILE = fileURLToPath(new URL('../../device-profiles/cannot-see.yaml', import.meta.url));

/** Reads the general "what HomeSweep cannot see" notes. */
export function loadCannotSee(file = CANNOT_SEE_FILE): Lang[] {
  const parsed = z.array(z.object({ en: z.string() }).catchall(z.string())).min(1).safeParse(readYamlFile(file));
  if (!parsed.success) throw new Error(`${file}: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  return parsed.data as Lang[];
}

export interface ViewContext {
  lang: string;
  profiles: ReadonlyMap<string, CompiledProfile>;
  /**
   * The detection rules, for an audit that came without texts in other languages (an imported export): its
   * findings' titles, advice and notice notes, and its checklist steps, are taken from the rules and profiles.
   */
  rules?: readonly { rule: Rule }[];
  risk: RiskWeights;
  cannotSee: readonly Lang[];
  /** Words for device hints ("could be a camera: …"); without them no hint text is shown. */
  clues?: ClueKnowledge;
  /** The audit before this one, for "new since last audit". */
  previous?: Pick<AuditRecord, 'devices' | 'findings'>;
}

/** How a device is called on the page: its own name, else what it is, else its address. */
export function displayName(d: Device, profile: CompiledProfile | undefined, lang: string): string {
  return ownName(d) ?? (profile ? pick(profile.name as Lang, lang) : undefined) ?? d.vendor ?? d.mac ?? d.ips[0] ?? d.id;
}

/** A text in `lang` when it needs no value (no `{placeholder}`), else `fallback`. */
function fixed(t: Lang | undefined, lang: string, fallback: string): string {
  const s = t?.[lang] ?? t?.en;
  return s && !/\{\w+\}/.test(s) ? s : fallback;
}

export function buildAuditView(rec: AuditRecord, ctx: ViewContext): AuditView {
  const { lang } = ctx;
  const rules = new Map((ctx.rules ?? []).map((r) => [r.rule.id, r.rule]));
  const ruleOf = (findingId: string) => {
    const f = rec.findings.find((x) => x.id === findingId);
    return f ? rules.get(f.rule) : undefined;
  };
  const findings = rec.findings.map((f): Finding & { noticeRisk: string } => {
    const t = rec.texts.findings[f.id];
    const r = t ? undefined : rules.get(f.rule);
    if (r) {
      return { ...f, title: fixed(r.title as Lang, lang, f.title), advice: fixed(r.advice as Lang, lang, f.advice), noticeRisk: fixed(r.noticeRisk as Lang, lang, '') };
    }
    return t
      ? {
          ...f,
          title: pick(t.title, lang),
          summary: pick(t.summary, lang),
          advice: pick(t.advice, lang),
          noticeRisk: pick(t.noticeRisk, lang),
          evidence: localEvidence(f.evidence, t.evidence, lang),
        }
      : { ...f, noticeRisk: '' };
  });
  const checklist = rec.checklist.map((i) => {
    const t = rec.texts.checklist[i.id];
    if (t) return { ...i, text: pick(t.text, lang), why: pick(t.why, lang), noticeRisk: pick(t.noticeRisk, lang) };
    const at = i.id.indexOf('@');
    const [kind, rest] = [i.id.slice(0, at), i.id.slice(at + 1)];
    if (kind === 'finding') {
      const r = ruleOf(rest);
      return r ? { ...i, text: fixed(r.title as Lang, lang, i.text), noticeRisk: fixed(r.noticeRisk as Lang, lang, i.noticeRisk) } : i;
    }
    const device = rec.devices.find((d) => d.id === i.device);
    const step = device?.profile ? ctx.profiles.get(device.profile.id)?.checklist.find((c) => c.id === kind) : undefined;
    return step ? { ...i, text: fixed(step.text as Lang, lang, i.text), why: fixed(step.why as Lang, lang, i.why), noticeRisk: fixed(step.noticeRisk as Lang, lang, i.noticeRisk) } : i;
  });
  const byDevice = new Map<string, Finding[]>();
  for (const f of rec.findings) if (f.device) (byDevice.get(f.device) ?? byDevice.set(f.device, []).get(f.device)!).push(f);
  const devices: DeviceView[] = rec.devices
    .filter((d) => d.id !== 'unattributed')
    .map((d) => {
      const p = d.profile ? ctx.profiles.get(d.profile.id) : undefined;
      return {
        ...d,
        ...(d.profile && p ? { profile: { ...d.profile, name: pick(p.name as Lang, lang) } } : {}),
        ...(d.access ? { access: localAccess(d.access, lang) } : {}),
        displayName: displayName(d, p, lang),
        ...(d.hint && ctx.clues ? { hintText: describeHint(d.hint, ctx.clues, lang) } : {}),
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
    offers: { mqttBrokers: rec.readOnly ? [] : mqttBrokerOffers(rec.devices, (d) => displayName(d, d.profile ? ctx.profiles.get(d.profile.id) : undefined, lang), lang) },
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

/** Access entries with their label and detail in `lang` when they carry texts (older ones keep their English). */
export function localAccess(entries: readonly AccessEntry[], lang: string): AccessEntry[] {
  return entries.map((a) =>
    a.texts ? { ...a, label: pick(a.texts.label, lang, a.label), ...(a.detail !== undefined ? { detail: a.texts.detail ? pick(a.texts.detail, lang, a.detail) : a.detail } : {}) } : a,
  );
}

/** Evidence lines in `lang` when the record has their texts (records made before it keep their English). */
function localEvidence(evidence: Finding['evidence'], texts: readonly Lang[] | undefined, lang: string): Finding['evidence'] {
  if (!texts || texts.length !== evidence.length) return evidence;
  return evidence.map((e, i) => ({ ...e, detail: pick(texts[i], lang) }));
}

const MQTT_SERVICES = new Set(['_mqtt._tcp', '_mqtt._tcp.local']);
const MQTTS_SERVICES = new Set(['_secure-mqtt._tcp', '_secure-mqtt._tcp.local']);

/**
 * Brokers the page can offer to audit: devices that announce MQTT by mDNS (`_mqtt._tcp`, or `_secure-mqtt._tcp`
 * for TLS), and devices that other devices of the home were seen connecting to on TCP 1883 or 8883. A Device keeps
 * no list of the ports it serves, so the traffic sign is read from the clients' side: `traffic.peers[].ports` are
 * the ports a device connected to, and a peer address that belongs to another device of this audit is that
 * device serving on the LAN. An mDNS announcement's own port is not kept either, so those offers use 1883 (8883 for
 * `_secure-mqtt._tcp`).
 */
export function mqttBrokerOffers(
  devices: readonly Device[],
  nameOf: (d: Device) => string = (d) => displayName(d, undefined, 'en'),
  lang = 'en',
): { device: string; url: string; why: string }[] {
  const home = devices.filter((d) => d.id !== 'unattributed');
  const owner = new Map<string, Device>();
  for (const d of home) for (const ip of d.ips) owner.set(ip, d);
  const clients = new Map<string, { plain: Set<string>; tls: Set<string> }>();
  for (const c of home) {
    for (const p of c.traffic.peers) {
      const o = owner.get(p.ip);
      if (!o || o.id === c.id) continue;
      const seen = clients.get(o.id) ?? clients.set(o.id, { plain: new Set(), tls: new Set() }).get(o.id)!;
      if (p.ports.includes(1883)) seen.plain.add(c.id);
      if (p.ports.includes(8883)) seen.tls.add(c.id);
    }
  }
  const offers: { device: string; url: string; why: string }[] = [];
  for (const d of home) {
    const services = d.services ?? [];
    const mdnsPlain = services.some((s) => MQTT_SERVICES.has(s.toLowerCase()));
    const mdnsTls = services.some((s) => MQTTS_SERVICES.has(s.toLowerCase()));
    const seen = clients.get(d.id);
    const plain = mdnsPlain || (seen?.plain.size ?? 0) > 0;
    const tls = mdnsTls || (seen?.tls.size ?? 0) > 0;
    const ip = d.ips.find((a) => !a.includes(':')) ?? d.ips[0];
    if ((!plain && !tls) || !ip) continue;
    const host = ip.includes(':') ? `[${ip}]` : ip;
    const name = nameOf(d);
    const why: string[] = [];
    const say = (id: string, vars: Record<string, string>) => pick(phrase(id, vars), lang);
    if (mdnsPlain || mdnsTls) why.push(say('mqtt-offer-announces', { name }));
    const n = new Set([...(seen?.plain ?? []), ...(seen?.tls ?? [])]).size;
    const port = String(seen?.plain.size ? 1883 : 8883);
    const target = why.length ? say('it', {}) : name;
    if (n) why.push(n === 1 ? say('mqtt-offer-one', { target, port }) : say('mqtt-offer-many', { count: String(n), target, port }));
    offers.push({ device: d.id, url: plain ? `mqtt://${host}:1883` : `mqtts://${host}:8883`, why: why.join(' ') });
  }
  return offers;
}
