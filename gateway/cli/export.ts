/** `homesweep export AUDIT --out FILE [--redact helper|none] [--passphrase-file F] [--armor]`. */
import { serializeAudit } from '../audit/load-audit.ts';
import { REDACTION_LEVELS, redactAudit, type RedactionLevel } from '../audit/redact.ts';
import { homeNameSuffixes, loadRules } from '../../pcap-rules/load.ts';
import { parseCommandArgs } from './args.ts';
import { loadAuditArg, readPassphraseFile, writeFileAtomic } from './audit-files.ts';
import { UserError } from './errors.ts';
import { formatBytes } from './format.ts';
import type { CliCommand, CliIo } from './io.ts';

const USAGE = `Usage: homesweep export AUDIT --out FILE [--redact helper|none] [--passphrase-file F] [--armor]

Writes an audit export to FILE, to send to a helper or to keep. AUDIT is an audit file (JSON or encrypted), or the id (or its first characters) of an audit kept by
homesweep start in its data folder.

Options:
  --out FILE             where to write the export
  --redact LEVEL         helper (default): addresses, personal names and exact times replaced, for sharing;
                         none: the full copy, for yourself
  --passphrase-file F    encrypt with the passphrase in F (age format; also opens an encrypted AUDIT)
  --armor                write the encrypted file as text (only with --passphrase-file)
  --data DIR             the data folder of homesweep start (default ./homesweep-data), for AUDIT ids
  --help                 show this help
`;

export const command: CliCommand = {
  summary: 'write an audit export for a helper or for yourself (redacted, encrypted)',
  usage: USAGE,
  async run(io: CliIo): Promise<number> {
    const { values, positionals } = parseCommandArgs(io.argv, {
      out: { type: 'string' },
      redact: { type: 'string' },
      'passphrase-file': { type: 'string' }, data: { type: 'string' },
      armor: { type: 'boolean' },
    });
    if (positionals.length !== 1) throw new UserError('needs exactly one AUDIT (see homesweep export --help)');
    if (!values.out) throw new UserError('needs --out FILE');
    const level = (values.redact ?? 'helper') as RedactionLevel;
    if (!REDACTION_LEVELS.includes(level)) throw new UserError(`--redact must be helper or none, not "${values.redact}"`);
    if (values.armor && !values['passphrase-file']) throw new UserError('--armor needs --passphrase-file');
    const passphrase = values['passphrase-file'] ? readPassphraseFile(values['passphrase-file']) : undefined;
    const { doc } = await loadAuditArg(positionals[0]!, passphrase, values.data);
    const out = redactAudit(doc, level, { homeNameSuffixes: homeNameSuffixes(loadRules().rules) });
    const bytes = await serializeAudit(out, { passphrase, armor: values.armor });
    writeFileAtomic(values.out, bytes);
    io.stdout.write(
      `${values.out}: ${out.devices.length} device(s), ${out.findings.length} finding(s), ${formatBytes(bytes.byteLength)}, ` +
        `${level === 'helper' ? 'redacted for a helper' : 'not redacted'}${passphrase ? ', encrypted' : ', not encrypted'}\n`,
    );
    return 0;
  },
};
