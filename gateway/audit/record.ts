/**
 * The stored form of one audit: the export document's parts plus what the service needs around them (status,
 * progress, texts in every language, motion-test marks). `toExport` gives the contract's audit document.
 */
import type {
  AuditExport, AuditMeta, AuditProgress, AuditStatus, AuditTexts, ChecklistItem, Comment, Device, Finding, Severity,
  AuditSummary,
} from '../contract.ts';
import type { RuleFinding } from '../rules/engine.ts';
import type { LangText } from '../rules/render.ts';
import type { ChecklistTexts } from './checklist.ts';
import { buildAuditExport } from './export.ts';

export const RECORD_SCHEMA = 1;

export interface FindingTexts {
  title: LangText;
  summary: LangText;
  advice: LangText;
  noticeRisk: LangText;
  /** Each evidence line in every language, in the order of the finding's evidence (absent in older records). */
  evidence?: LangText[];
}

export interface MotionMark {
  at: string;
  devices: { device: string; name: string; beforeBitsPerSecond: number; afterBitsPerSecond: number; ratio: number; reacted: boolean }[];
}

/** What one MQTT broker audit of this home found (never the user name or password used). */
export interface MqttBrokerSummary {
  /** `mqtt://host:port` or `mqtts://host:port`, without credentials. */
  url: string;
  startedAt: string;
  endedAt: string;
  /** True when the audit connection was accepted. */
  connected: boolean;
  /** True when credentials were given for the audit (which ones is not kept). */
  withCredentials: boolean;
  /** True: the broker let a client in without a user name; false: refused; null: not learnt. */
  anonymous: boolean | null;
  tls: boolean;
  version?: string;
  bridges: { name: string; connected: boolean }[];
  counts: { messages: number; topics: number; devices: number; entities: number; findings: number };
  /** Problems in plain words (connection refused, wrong password …). */
  errors: string[];
}

export interface AuditRecord {
  schema: typeof RECORD_SCHEMA;
  meta: AuditMeta;
  status: AuditStatus;
  readOnly: boolean;
  interface?: string;
  error?: string;
  progress: AuditProgress;
  devices: Device[];
  findings: Finding[];
  checklist: ChecklistItem[];
  comments: Comment[];
  redactions: string[];
  /** `redactions`: the notes of an imported helper's copy in every language, in the order of `redactions`. */
  texts: { findings: Record<string, FindingTexts>; checklist: Record<string, ChecklistTexts>; redactions?: LangText[] };
  motion: MotionMark[];
  /** The digest of the document this audit was imported from (review mode). */
  importedDigest?: string;
  /** MQTT broker audits run for this audit, the latest per broker address. */
  mqttBrokers?: MqttBrokerSummary[];
}

/** A new, empty record. */
export function newRecord(meta: AuditMeta, extra: { status?: AuditStatus; readOnly?: boolean; interface?: string } = {}): AuditRecord {
  return {
    schema: RECORD_SCHEMA,
    meta,
    status: extra.status ?? 'running',
    readOnly: extra.readOnly ?? false,
    ...(extra.interface ? { interface: extra.interface } : {}),
    progress: { status: extra.status ?? 'running', devices: 0, findings: 0, minutesListened: 0, packets: 0, updatedAt: meta.startedAt },
    devices: [],
    findings: [],
    checklist: [],
    comments: [],
    redactions: [],
    texts: { findings: {}, checklist: {} },
    motion: [],
  };
}

/** Puts a pass's devices and findings (with their texts) into the record. */
export function setFindings(rec: AuditRecord, devices: Device[], findings: readonly RuleFinding[]): void {
  rec.devices = devices;
  rec.findings = findings.map((f) => f.finding);
  rec.texts.findings = Object.fromEntries(findings.map((f) => [f.finding.id, f.texts]));
}

/** The contract's audit export document of a record, with its texts in every language. */
export function toExport(rec: AuditRecord): AuditExport {
  const texts = exportTexts(rec);
  return buildAuditExport({
    audit: rec.meta,
    devices: rec.devices,
    findings: rec.findings,
    checklist: rec.checklist,
    comments: rec.comments,
    redactions: rec.redactions,
    ...(texts ? { texts } : {}),
  });
}

/**
 * The record's texts as the export carries them: in the order of its findings and checklist, only those of
 * findings and steps it has. Undefined when it has none (an imported older export), so its digest stays.
 */
export function exportTexts(rec: Pick<AuditRecord, 'findings' | 'checklist' | 'texts' | 'redactions'>): AuditTexts | undefined {
  const findings = rec.findings.flatMap((f) => {
    const t = rec.texts.findings[f.id];
    return t ? [{ id: f.id, title: t.title, summary: t.summary, advice: t.advice, noticeRisk: t.noticeRisk, ...(t.evidence ? { evidence: t.evidence } : {}) }] : [];
  });
  const checklist = rec.checklist.flatMap((i) => {
    const t = rec.texts.checklist[i.id];
    return t ? [{ id: i.id, text: t.text, why: t.why, noticeRisk: t.noticeRisk }] : [];
  });
  const redactions = rec.texts.redactions?.length === rec.redactions.length && rec.redactions.length ? { redactions: rec.texts.redactions } : {};
  return findings.length || checklist.length || 'redactions' in redactions ? { findings, checklist, ...redactions } : undefined;
}

/** An export's texts as a record keeps them, by id (empty for an export without texts). */
export function recordTexts(doc: Pick<AuditExport, 'texts'>): AuditRecord['texts'] {
  const out: AuditRecord['texts'] = { findings: {}, checklist: {} };
  for (const { id, ...t } of doc.texts?.findings ?? []) out.findings[id] = t;
  for (const { id, ...t } of doc.texts?.checklist ?? []) out.checklist[id] = t;
  if (doc.texts?.redactions) out.redactions = doc.texts.redactions;
  return out;
}

/** One line of the audit list. */
export function summarise(rec: AuditRecord): AuditSummary {
  const findings: Record<Severity, number> = { high: 0, medium: 0, low: 0, info: 0 };
  for (const f of rec.findings) findings[f.severity]++;
  return {
    id: rec.meta.id,
    title: rec.meta.title,
    mode: rec.meta.mode,
    status: rec.status,
    readOnly: rec.readOnly,
    startedAt: rec.meta.startedAt,
    ...(rec.meta.endedAt ? { endedAt: rec.meta.endedAt } : {}),
    devices: rec.devices.filter((d) => d.id !== 'unattributed').length,
    findings,
    ...(rec.interface ? { interface: rec.interface } : {}),
    ...(rec.error ? { error: rec.error } : {}),
  };
}
