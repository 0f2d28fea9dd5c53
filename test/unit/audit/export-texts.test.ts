import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { canonicalJson } from '../../../gateway/audit/canonical.ts';
import { buildAuditExport } from '../../../gateway/audit/export.ts';
import { AuditImportError } from '../../../gateway/audit/import-error.ts';
import { localisedExport, localisedFromRules } from '../../../gateway/audit/localise.ts';
import { newRecord, recordTexts, toExport } from '../../../gateway/audit/record.ts';
import { redactAudit } from '../../../gateway/audit/redact.ts';
import { parseAuditDocument } from '../../../gateway/audit/schema.ts';
import type { AuditExport } from '../../../gateway/contract.ts';
import { smallAudit } from './small-audit.ts';

const SUMMARY = {
  en: 'The camera at 192.168.1.20 sent 2 MB to 203.0.113.9.',
  es: 'La cámara en 192.168.1.20 envió 2 MB a 203.0.113.9.',
  'pt-BR': 'A câmera em 192.168.1.20 enviou 2 MB para 203.0.113.9.',
};

/** A stored audit made here: the small audit's parts with its first finding and the step in three languages. */
function record() {
  const doc = smallAudit();
  const rec = newRecord(doc.audit, { status: 'done' });
  const f = { ...doc.findings[0]!, summary: SUMMARY.en };
  Object.assign(rec, { devices: doc.devices, findings: [f, ...doc.findings.slice(1)], checklist: doc.checklist });
  rec.texts.findings[f.id] = {
    title: { en: f.title, es: 'Título', 'pt-BR': 'Título' },
    summary: SUMMARY,
    advice: { en: f.advice, es: 'Revisa la app.', 'pt-BR': 'Confira o app.' },
    noticeRisk: { en: '', es: '', 'pt-BR': '' },
    evidence: [{ en: 'sent 2 MB', es: 'envió 2 MB', 'pt-BR': 'enviou 2 MB' }],
  };
  rec.texts.checklist.k1 = { text: { en: 'Check shared users', es: 'Mira los usuarios compartidos', 'pt-BR': 'Veja os usuários compartilhados' }, why: { en: 'They can watch.', es: 'Pueden mirar.', 'pt-BR': 'Podem assistir.' }, noticeRisk: { en: 'x', es: 'x', 'pt-BR': 'x' } };
  return rec;
}

function refusal(doc: unknown): AuditImportError {
  try {
    parseAuditDocument(JSON.stringify(doc));
  } catch (err) {
    if (err instanceof AuditImportError) return err;
    throw err;
  }
  throw new Error('accepted');
}

describe('the export carries its texts in every language (issue 15: an imported export in es / pt-BR)', () => {
  it('writes the texts of findings and steps, and reading the file gives them back under the same digest', () => {
    const rec = record();
    const doc = parseAuditDocument(JSON.stringify(toExport(rec)));
    expect(doc.texts?.findings.map((f) => f.id)).toEqual([rec.findings[0]!.id]);
    expect(recordTexts(doc)).toEqual({ findings: rec.texts.findings, checklist: rec.texts.checklist });
    const back = newRecord(doc.audit);
    Object.assign(back, { devices: doc.devices, findings: doc.findings, checklist: doc.checklist, texts: recordTexts(doc) });
    expect(toExport(back).digest).toBe(doc.digest);
    expect(localisedExport(back, 'pt-BR', () => undefined).findings[0]!.summary).toBe(SUMMARY['pt-BR']);
  });

  it('still reads an older export without texts, whose digest was made before texts existed', () => {
    const { digest: _d, texts: _t, ...body } = smallAudit();
    const old = { ...body, digest: createHash('sha256').update(canonicalJson(body)).digest('hex') } as AuditExport;
    const doc = parseAuditDocument(JSON.stringify(old));
    expect(doc.texts).toBeUndefined();
    expect(recordTexts(doc)).toEqual({ findings: {}, checklist: {} });
    expect(localisedFromRules(doc, 'es', new Map(), () => undefined).findings[0]!.summary).toBe(doc.findings[0]!.summary);
  });

  it.each([
    ['a text without English', (t: Record<string, any>) => delete t.findings[0].summary.en, 'texts.findings[0].summary.en'],
    ['a member that is no language', (t: Record<string, any>) => (t.findings[0].title['<b>'] = 'x'), 'texts.findings[0].title'],
    ['an unknown member', (t: Record<string, any>) => (t.extra = []), 'texts'],
  ])('refuses %s, naming the field', (_what, change, field) => {
    const doc = structuredClone(toExport(record())) as unknown as Record<string, any>;
    change(doc.texts);
    const err = refusal(buildAuditExport(doc as never));
    expect(err.code).toBe('invalid');
    expect(err.message).toContain(field);
  });

  it('redacts the texts of every language the same way as the English, and says what it did in every language', () => {
    const red = redactAudit(toExport(record()), 'helper');
    const t = red.texts!.findings[0]!;
    expect(t.id).toBe(red.findings[0]!.id);
    expect(t.summary.en).toBe(red.findings[0]!.summary);
    const addresses = (s: string) => s.match(/\d+\.\d+\.\d+\.\d+/g);
    expect(addresses(t.summary.es!)).toEqual(addresses(t.summary.en));
    expect(addresses(t.summary['pt-BR']!)).toEqual(addresses(t.summary.en));
    expect(t.summary.es).not.toContain('192.168.1.20');
    expect(red.texts!.redactions!.map((n) => n.en)).toEqual(red.redactions);
    expect(red.texts!.redactions![0]!.es).toMatch(/^Direcciones MAC/);
    // The helper's copy, read back and shown in Portuguese: its notes too.
    const doc = parseAuditDocument(JSON.stringify(red));
    expect(localisedFromRules(doc, 'pt-BR', new Map(), () => undefined).redactions[0]).toMatch(/^Endereços MAC/);
    expect(localisedFromRules(doc, 'pt-BR', new Map(), () => undefined).findings[0]!.evidence[0]!.detail).toBe('enviou 2 MB');
  });
});
