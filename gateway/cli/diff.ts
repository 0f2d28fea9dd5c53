/** `homesweep diff A B [--json]`: what changed between two audits of the same home. */
import type { Device, Finding } from '../contract.ts';
import { diffAudits, type AuditDiff } from '../audit/diff.ts';
import { parseCommandArgs } from './args.ts';
import { loadAuditArg, readPassphraseFile } from './audit-files.ts';
import { UserError } from './errors.ts';
import type { CliCommand, CliIo } from './io.ts';

const USAGE = `Usage: homesweep diff A B [--json] [--passphrase-file F]

Compares two audits of the same home (A the earlier one, B the later): new devices, devices gone, new findings
and findings no longer seen.

Options:
  --json                 print the comparison as JSON
  --passphrase-file F    passphrase for encrypted audits
  --data DIR             the data folder of homesweep start (default ./homesweep-data), for AUDIT ids
  --help                 show this help
`;

export const command: CliCommand = {
  summary: 'what changed between two audits (new devices, devices gone, new and resolved findings)',
  usage: USAGE,
  async run(io: CliIo): Promise<number> {
    const { values, positionals } = parseCommandArgs(io.argv, { json: { type: 'boolean' }, 'passphrase-file': { type: 'string' }, data: { type: 'string' } });
    if (positionals.length !== 2) throw new UserError('needs two audits, A and B (see homesweep diff --help)');
    const passphrase = values['passphrase-file'] ? readPassphraseFile(values['passphrase-file']) : undefined;
    const a = await loadAuditArg(positionals[0]!, passphrase, values.data);
    const b = await loadAuditArg(positionals[1]!, passphrase, values.data);
    const diff = diffAudits(a.doc, b.doc);
    io.stdout.write(values.json ? JSON.stringify(diff, null, 2) + '\n' : describeDiff(diff));
    return 0;
  },
};

const deviceName = (d: Device) => `${d.profile?.name ?? (d.category === 'unknown' ? 'unrecognised device' : d.category)} (${d.names[0] ?? d.hostnames[0] ?? d.mac ?? d.ips[0] ?? d.id})`;

/** The comparison in plain words, one line per change. */
export function describeDiff(diff: AuditDiff): string {
  const out: string[] = [];
  const section = (title: string, items: string[]) => {
    out.push(items.length ? `${title}:` : `${title}: none`);
    for (const i of items) out.push(`  • ${i}`);
  };
  const finding = (f: Finding) => `[${f.severity}] ${f.summary}`;
  section('New devices', diff.newDevices.map(deviceName));
  section('Devices no longer seen', diff.goneDevices.map(deviceName));
  section('New findings', diff.newFindings.map(finding));
  section('Findings no longer seen', diff.resolvedFindings.map(finding));
  section('Devices that changed', diff.changed.map((c) => `${deviceName(c.device)}: ${c.changes.join('; ')}`));
  return out.join('\n') + '\n';
}
