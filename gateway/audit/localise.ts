/**
 * An audit export document in the reader's language, for the report: findings, checklist steps and device
 * names from the record's texts in every language (English where a text has no translation). The document keeps
 * the audit's digest: the report shows the fingerprint of the audit, which is the English document.
 */
import type { AuditExport, Device } from '../contract.ts';
import type { Rule } from '../../pcap-rules/schema.ts';
import type { LangText } from '../rules/render.ts';
import { recordTexts, toExport, type AuditRecord } from './record.ts';
import { localAccess } from './view.ts';

const pick = (t: LangText | undefined, lang: string, fallback: string): string => (t ? (t[lang] ?? t.en) : fallback);

/** A device with its profile's name in `lang` (when the name is known by language). */
function localDevice(d: Device, lang: string, profileName: (id: string) => LangText | undefined): Device {
  const names = d.profile ? profileName(d.profile.id) : undefined;
  const out = names && d.profile ? { ...d, profile: { ...d.profile, name: pick(names, lang, d.profile.name) } } : d;
  return d.access ? { ...out, access: localAccess(d.access, lang) } : out;
}

/** The export document of a stored audit with its texts in `lang`. */
export function localisedExport(rec: AuditRecord, lang: string, profileName: (id: string) => LangText | undefined): AuditExport {
  return localisedWith(toExport(rec), rec.texts, lang, profileName);
}

type Finding = AuditExport['findings'][number];

/** `untranslated` gives a finding the texts carry nothing for (one added after they were written) what can be said. */
function localisedWith(
  doc: AuditExport,
  texts: AuditRecord['texts'],
  lang: string,
  profileName: (id: string) => LangText | undefined,
  untranslated: (f: Finding) => Finding = (f) => f,
): AuditExport {
  if (lang === 'en') return doc;
  const rec = { texts };
  return {
    ...doc,
    devices: doc.devices.map((d) => localDevice(d, lang, profileName)),
    findings: doc.findings.map((f) => {
      const t = rec.texts.findings[f.id];
      if (!t) return untranslated(f);
      const ev = t.evidence && t.evidence.length === f.evidence.length ? t.evidence : undefined;
      return {
        ...f,
        title: pick(t.title, lang, f.title),
        summary: pick(t.summary, lang, f.summary),
        advice: pick(t.advice, lang, f.advice),
        evidence: ev ? f.evidence.map((e, i) => ({ ...e, detail: pick(ev[i], lang, e.detail) })) : f.evidence,
      };
    }),
    redactions: texts.redactions?.length === doc.redactions.length ? texts.redactions.map((r) => pick(r, lang, r.en)) : doc.redactions,
    checklist: doc.checklist.map((c) => {
      const t = rec.texts.checklist[c.id];
      return t ? { ...c, text: pick(t.text, lang, c.text), why: pick(t.why, lang, c.why), noticeRisk: pick(t.noticeRisk, lang, c.noticeRisk) } : c;
    }),
  };
}

/**
 * An export document read from a file in `lang`: from the texts it carries when it has them; an older export
 * (English only) gets what can be said without the values the summaries were filled with: device names, and
 * each finding's title and advice from its rule when they need no value. Summaries and evidence stay as written.
 */
export function localisedFromRules(
  doc: AuditExport,
  lang: string,
  rules: ReadonlyMap<string, Rule>,
  profileName: (id: string) => LangText | undefined,
): AuditExport {
  if (lang === 'en') return doc;
  const fixed = (t: LangText | undefined, fallback: string): string => {
    const s = t?.[lang];
    return s && !/\{\w+\}/.test(s) ? s : fallback;
  };
  const fromRule = (f: Finding): Finding => {
    const r = rules.get(f.rule);
    return r ? { ...f, title: fixed(r.title as LangText, f.title), advice: fixed(r.advice as LangText, f.advice) } : f;
  };
  if (doc.texts) return localisedWith(doc, recordTexts(doc), lang, profileName, fromRule);
  return {
    ...doc,
    devices: doc.devices.map((d) => localDevice(d, lang, profileName)),
    findings: doc.findings.map(fromRule),
  };
}
