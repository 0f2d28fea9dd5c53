/** Export, import, report and compare: the remote-helper journey and the advocate's report, over the API. */
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { detectAgeFile } from '../../audit/encrypt.ts';
import { AuditImportError } from '../../audit/import-error.ts';
import { readAuditBytes, serializeAudit } from '../../audit/load-audit.ts';
import { diffAudits } from '../../audit/diff.ts';
import { summarise, toExport } from '../../audit/record.ts';
import { redactAudit } from '../../audit/redact.ts';
import { renderReportHtml, REPORT_CSP } from '../../audit/report-html.ts';
import { localisedExport } from '../../audit/localise.ts';
import { isReportLang } from '../../audit/report-text.ts';
import type { CompiledProfile } from '../../../device-profiles/compile.ts';
import type { LangText } from '../../rules/render.ts';
import { AuditError } from '../../service/audits.ts';
import { importAudit } from '../../service/import-audit.ts';
import type { Store } from '../../store/store.ts';
import type { Env } from '../security.ts';
import { pickLang } from './audits.ts';
import { MAX_AUDIT_BYTES } from '../../audit/schema.ts';

const ExportBody = z.strictObject({
  redact: z.enum(['helper', 'none']).default('helper'),
  passphrase: z.string().min(8, 'use at least 8 characters').max(1024).optional(),
});

/** The report's own policy, and no framing at all, as X-Frame-Options: DENY on every answer says. */
const REPORT_HEADER_CSP = `${REPORT_CSP}; frame-ancestors 'none'`;

/** An import refused: 400 naming the problem, or 429 while other encrypted files are being opened. */
function importRefusal(c: Context<Env>, err: AuditImportError) {
  if (err.code === 'busy') return c.json({ error: err.message, code: err.code }, 429, { 'Retry-After': '5' });
  return c.json({ error: err.message, code: err.code }, 400);
}

export function exchangeRoutes(deps: { store: Store; log(m: string): void; homeNameSuffixes?: readonly string[]; view?: { profiles: ReadonlyMap<string, CompiledProfile> } }) {
  const { store } = deps;
  const profileName = (id: string): LangText | undefined => deps.view?.profiles.get(id)?.name as LangText | undefined;
  const app = new Hono<Env>();

  app.post('/audits/:id/export', async (c) => {
    const rec = store.get(c.req.param('id'));
    if (!rec) return c.json({ error: 'no such audit' }, 404);
    const parsed = ExportBody.safeParse(await c.req.json().catch(() => ({})));
    if (!parsed.success) return c.json({ error: `${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message}` }, 400);
    const doc = redactAudit(toExport(rec), parsed.data.redact, { homeNameSuffixes: deps.homeNameSuffixes ?? [] });
    let bytes: Uint8Array;
    try {
      bytes = await serializeAudit(doc, parsed.data.passphrase ? { passphrase: parsed.data.passphrase, armor: true } : {});
    } catch (err) {
      if (err instanceof AuditImportError && err.code === 'busy') return importRefusal(c, err);
      throw err;
    }
    // A neutral name: no product name and no date in a downloads folder someone else may look through.
    const name = `notes${parsed.data.redact === 'helper' ? '-shared' : ''}.${parsed.data.passphrase ? 'age' : 'json'}`;
    return c.body(bytes as unknown as ArrayBuffer, 200, {
      'Content-Type': parsed.data.passphrase ? 'application/octet-stream' : 'application/json',
      'Content-Disposition': `attachment; filename="${name}"`,
      'X-HomeSweep-Digest': doc.digest,
    });
  });

  app.post('/audits/import', async (c) => {
    const buf = new Uint8Array(await c.req.arrayBuffer());
    if (buf.byteLength > MAX_AUDIT_BYTES) return c.json({ error: 'the file is too large for an audit export' }, 413);
    const header = c.req.header('X-HomeSweep-Passphrase');
    const passphrase = header ? Buffer.from(header, 'base64').toString('utf8') : undefined;
    try {
      const encrypted = detectAgeFile(buf) !== null;
      if (encrypted) deps.log('import: opening an encrypted file');
      const { doc } = await readAuditBytes(buf, passphrase ? { passphrase } : {});
      if (encrypted) deps.log('import: the encrypted file is open');
      const out = await importAudit(store, doc);
      return c.json({ kind: out.kind, audit: summarise(out.record), ...(out.kind === 'merged' ? { added: out.added } : {}) }, 201);
    } catch (err) {
      if (err instanceof AuditImportError) return importRefusal(c, err);
      if (err instanceof AuditError) return c.json({ error: err.message, ...(err.status === 409 ? { code: 'already-open' } : {}) }, err.status);
      throw err;
    }
  });

  app.get('/audits/:id/report', (c) => {
    const rec = store.get(c.req.param('id'));
    if (!rec) return c.json({ error: 'no such audit' }, 404);
    const picked = pickLang(c);
    const lang = isReportLang(picked) ? picked : 'en';
    const html = renderReportHtml(localisedExport(rec, lang, profileName), { lang, quickExitHref: '/neutral.html' });
    return c.body(html, 200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Security-Policy': REPORT_HEADER_CSP });
  });

  app.get('/diff', (c) => {
    const a = store.get(c.req.query('a') ?? '');
    const b = store.get(c.req.query('b') ?? '');
    if (!a || !b) return c.json({ error: 'a, b: give the ids of two audits' }, 400);
    // In the reader's language: finding titles, device names and the change lines.
    const picked = pickLang(c);
    const lang = isReportLang(picked) ? picked : 'en';
    return c.json(diffAudits(localisedExport(a, lang, profileName), localisedExport(b, lang, profileName), lang));
  });
  return app;
}
