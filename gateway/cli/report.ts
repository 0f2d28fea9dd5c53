/** `homesweep report AUDIT --out FILE.html|FILE.pdf [--lang en|es|pt-BR]`: the printable report of an audit. */
import { localisedExport, localisedFromRules } from '../audit/localise.ts';
import { renderReportHtml } from '../audit/report-html.ts';
import { isReportLang } from '../audit/report-text.ts';
import type { LangText } from '../rules/render.ts';
import { builtInProfileNames } from '../../device-profiles/load.ts';
import { loadRules } from '../../pcap-rules/load.ts';
import { parseCommandArgs } from './args.ts';
import { loadAuditArg, readPassphraseFile, writeFileAtomic } from './audit-files.ts';
import { UserError } from './errors.ts';
import type { CliCommand, CliIo } from './io.ts';

const USAGE = `Usage: homesweep report AUDIT --out FILE.html|FILE.pdf [--lang en|es|pt-BR] [--passphrase-file F]

Writes the report of an audit: devices ranked by importance with what was seen, the checklist with answers
and notes, comments, what HomeSweep cannot see, and safety notes. One HTML file that needs nothing else, or a
PDF printed by Chromium.

Options:
  --out FILE             FILE.html or FILE.pdf
  --lang LANG            en (default), es or pt-BR
  --passphrase-file F    passphrase of an encrypted AUDIT
  --data DIR             the data folder of homesweep start (default ./homesweep-data), for AUDIT ids
  --help                 show this help
`;

export const command: CliCommand = {
  summary: 'write the printable report of an audit (HTML or PDF)',
  usage: USAGE,
  async run(io: CliIo): Promise<number> {
    const { values, positionals } = parseCommandArgs(io.argv, { out: { type: 'string' }, lang: { type: 'string' }, 'passphrase-file': { type: 'string' }, data: { type: 'string' } });
    if (positionals.length !== 1) throw new UserError('needs exactly one AUDIT (see homesweep report --help)');
    const out = values.out;
    if (!out) throw new UserError('needs --out FILE.html or --out FILE.pdf');
    const kind = /\.pdf$/i.test(out) ? 'pdf' : /\.html?$/i.test(out) ? 'html' : null;
    if (!kind) throw new UserError(`${out}: the report file must end in .html or .pdf`);
    const lang = values.lang ?? 'en';
    if (!isReportLang(lang)) throw new UserError(`--lang must be en, es or pt-BR, not "${lang}"`);
    const passphrase = values['passphrase-file'] ? readPassphraseFile(values['passphrase-file']) : undefined;
    const { doc, record } = await loadAuditArg(positionals[0]!, passphrase, values.data);
    const names = (id: string): LangText | undefined => builtInProfileNames().get(id) as LangText | undefined;
    const localised = record
      ? localisedExport(record, lang, names)
      : localisedFromRules(doc, lang, new Map(loadRules().rules.map((r) => [r.rule.id, r.rule])), names);
    const html = renderReportHtml(localised, { lang });
    if (kind === 'html') writeFileAtomic(out, html);
    else {
      // Loaded only for PDFs: playwright-core is large and HTML needs none of it.
      const { renderReportPdf } = await import('../audit/report-pdf.ts');
      await renderReportPdf(html, out);
    }
    io.stdout.write(`${out}: report of ${doc.devices.length} device(s) and ${doc.findings.length} finding(s)\n`);
    return 0;
  },
};
