/** `homesweep report AUDIT --out FILE.html|FILE.pdf [--lang en|es]`: the printable report of an audit. */
import { renderReportHtml } from '../audit/report-html.ts';
import { parseCommandArgs } from './args.ts';
import { loadAuditArg, readPassphraseFile, writeFileAtomic } from './audit-files.ts';
import { UserError } from './errors.ts';
import type { CliCommand, CliIo } from './io.ts';

const USAGE = `Usage: homesweep report AUDIT --out FILE.html|FILE.pdf [--lang en|es] [--passphrase-file F]

Writes the report of an audit: devices ranked by importance with what was seen, the checklist with answers
and notes, comments, what HomeSweep cannot see, and safety notes. One HTML file that needs nothing else, or a
PDF printed by Chromium.

Options:
  --out FILE             FILE.html or FILE.pdf
  --lang LANG            en (default) or es
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
    if (lang !== 'en' && lang !== 'es') throw new UserError(`--lang must be en or es, not "${lang}"`);
    const passphrase = values['passphrase-file'] ? readPassphraseFile(values['passphrase-file']) : undefined;
    const { doc } = await loadAuditArg(positionals[0]!, passphrase, values.data);
    const html = renderReportHtml(doc, { lang });
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
