/** `homesweep import FILE [--passphrase-file F] [--out FILE]`: checks an audit export and summarises it. */
import { parseCommandArgs } from './args.ts';
import { AuditError } from '../service/audits.ts';
import { importAudit } from '../service/import-audit.ts';
import { createStore } from '../store/store.ts';
import { loadAuditArg, readPassphraseFile, writeFileAtomic } from './audit-files.ts';
import { UserError } from './errors.ts';
import type { CliCommand, CliIo } from './io.ts';

const USAGE = `Usage: homesweep import FILE [--passphrase-file F] [--out FILE]

Checks an audit export (JSON, or encrypted with a passphrase): format, version, every field, and the digest.
Prints what it holds, or with --out writes the checked, decrypted document as JSON. With --data it is also
kept in that data folder of homesweep start: a helper's reviewed copy of one of your own audits adds the
helper's comments to it; any other audit opens read-only for review. Nothing is kept if any check fails.

Options:
  --passphrase-file F    the passphrase of an encrypted export, in file F
  --out FILE             write the checked document (JSON) to FILE
  --data DIR             keep it in this data folder (e.g. ./homesweep-data) for the web page
  --help                 show this help
`;

export const command: CliCommand = {
  summary: 'check an audit export (and decrypt it) before opening it',
  usage: USAGE,
  async run(io: CliIo): Promise<number> {
    const { values, positionals } = parseCommandArgs(io.argv, { 'passphrase-file': { type: 'string' }, out: { type: 'string' }, data: { type: 'string' } });
    if (positionals.length !== 1) throw new UserError('needs exactly one FILE (see homesweep import --help)');
    const passphrase = values['passphrase-file'] ? readPassphraseFile(values['passphrase-file']) : undefined;
    const { doc, encrypted } = await loadAuditArg(positionals[0]!, passphrase);
    if (values.out) writeFileAtomic(values.out, JSON.stringify(doc, null, 2) + '\n');
    const bySeverity = (s: string) => doc.findings.filter((f) => f.severity === s).length;
    const lines = [
      `${positionals[0]}: a valid HomeSweep audit${encrypted ? ' (was encrypted)' : ''}, digest ${doc.digest.slice(0, 16)}…`,
      `"${doc.audit.title}" (${doc.audit.mode}), ${doc.audit.startedAt}${doc.audit.endedAt ? ` to ${doc.audit.endedAt}` : ''}`,
      `${doc.devices.length} device(s); findings: ${bySeverity('high')} high, ${bySeverity('medium')} medium, ${bySeverity('low')} low, ${bySeverity('info')} information`,
      `${doc.checklist.length} checklist item(s), ${doc.comments.length} comment(s)`,
      doc.redactions.length ? `redacted: ${doc.redactions.length} kind(s) of detail removed` : 'not redacted',
    ];
    if (values.out) lines.push(`written to ${values.out}`);
    if (values.data) {
      const store = createStore({ dir: values.data });
      await store.start();
      try {
        const out = await importAudit(store, doc);
        lines.push(out.kind === 'merged' ? `${out.added} new comment(s) added to your audit "${out.record.meta.title}"` : `kept in ${values.data} for review (read-only)`);
      } catch (err) {
        if (err instanceof AuditError) throw new UserError(`${positionals[0]}: ${err.message}`);
        throw err;
      }
    }
    io.stdout.write(lines.join('\n') + '\n');
    return 0;
  },
};
