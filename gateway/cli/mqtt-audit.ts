/**
 * `homesweep mqtt-audit URL [--username U --password-file F] [--seconds N] [--json]`: a read-only audit of the
 * home's MQTT broker. It listens to every topic for a while, publishes nothing, and says what the broker reveals.
 */
import { readFileSync } from 'node:fs';
import { MQTT_AUDIT_SECONDS, MqttUrlError, runMqttAudit, type MqttAuditResult } from '../mqtt/mqtt-audit.ts';
import { parseBrokerUrl } from '../mqtt/mqtt-url.ts';
import { parseCommandArgs } from './args.ts';
import { UserError } from './errors.ts';
import type { CliCommand, CliIo } from './io.ts';

const USAGE = `Usage: homesweep mqtt-audit URL [--username U --password-file F] [--seconds N] [--json]

Connects to the home's MQTT broker (URL like mqtt://192.168.1.20 or mqtts://broker.local:8883), listens to every
topic for N seconds and lists what it reveals: devices behind zigbee2mqtt and Home Assistant, Tasmota and Shelly
devices, phones that share their location, cameras, locks and alarms, and bridges to other brokers. It only
listens: it publishes nothing and changes nothing. The broker's log will show one client connecting (with a
random name), and one more brief connection without a password when you give one (to learn whether the broker
accepts anyone; --no-anonymous-check skips it).

Options:
  --username U          user name to log in with
  --password-file F     file whose first line is the password (never give a password on the command line)
  --seconds N           how long to listen (default ${MQTT_AUDIT_SECONDS.default}, at most ${MQTT_AUDIT_SECONDS.max})
  --json                print the whole result as JSON
  --no-anonymous-check  with a password: do not also try a connection without one
  --tls-no-verify       accept the broker's own TLS certificate without checking it (mqtts:// only)
  --help                show this help
`;

function readPassword(file: string): string {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'is a folder, not a file' : (err as Error).message;
    throw new UserError(`${file}: cannot read the password file (${why})`);
  }
  const password = text.split(/\r?\n/)[0]!;
  if (!password) throw new UserError(`${file}: the password file is empty`);
  return password;
}

function parseSeconds(value: string | undefined): number {
  if (value === undefined) return MQTT_AUDIT_SECONDS.default;
  const n = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value.trim()) || !(n > 0) || n > MQTT_AUDIT_SECONDS.max) {
    throw new UserError(`--seconds ${value}: give a number of seconds from 1 to ${MQTT_AUDIT_SECONDS.max}`);
  }
  return n;
}

export const command: CliCommand = {
  summary: 'read-only audit of the home\'s MQTT broker',
  usage: USAGE,
  async run(io: CliIo): Promise<number> {
    const { values, positionals } = parseCommandArgs(io.argv, {
      username: { type: 'string' },
      'password-file': { type: 'string' },
      seconds: { type: 'string' },
      json: { type: 'boolean' },
      'no-anonymous-check': { type: 'boolean' },
      'tls-no-verify': { type: 'boolean' },
    });
    if (positionals.length !== 1) throw new UserError('needs exactly one broker address, like mqtt://192.168.1.20 (see homesweep mqtt-audit --help)');
    const url = positionals[0]!;
    try {
      parseBrokerUrl(url);
    } catch (err) {
      if (err instanceof MqttUrlError) throw new UserError(err.message);
      throw err;
    }
    const seconds = parseSeconds(values.seconds);
    const password = values['password-file'] !== undefined ? readPassword(values['password-file']) : undefined;
    io.stderr.write(`listening to ${url} for ${seconds} s (read-only; Ctrl-C stops early)\n`);
    const result = await runMqttAudit({
      url, username: values.username, password, seconds, signal: io.stopSignal,
      checkAnonymous: !values['no-anonymous-check'], rejectUnauthorized: !values['tls-no-verify'],
    });
    if (values.json) io.stdout.write(JSON.stringify(result, null, 2) + '\n');
    else io.stdout.write(formatMqttAudit(result));
    return result.connected ? 0 : 1;
  },
};

const bullet = (s: string) => `  • ${s}`;

/** The audit as plain, grouped text. */
export function formatMqttAudit(r: MqttAuditResult): string {
  const inv = r.inventory;
  const f = r.facts;
  const out: string[] = [];
  const version = f.version ? ` (${f.version})` : '';
  if (!r.connected) {
    out.push(`${r.url}${version}: could not listen: ${r.errors[0] ?? 'no connection'}.`);
  } else {
    out.push(`${r.url}${version}: listened from ${r.startedAt} to ${r.endedAt}; ${inv.stats.messages} messages on ${inv.stats.topicsSeen} topics.`);
  }
  const access: string[] = [];
  if (f.anonymous === true) access.push('It accepts clients without a user name or password.');
  if (f.anonymous === false) access.push('It refuses clients without a user name or password.');
  if (f.anonymous !== null || r.connected) access.push(f.tls ? 'It was reached with TLS (encrypted).' : 'It was reached without TLS: messages cross the network readable.');
  if (r.refusedSubscriptions.length) access.push(`It did not let this client read: ${r.refusedSubscriptions.join(', ')}.`);
  if (access.length) out.push('', 'Access', ...access.map(bullet));
  if (inv.bridges.length) {
    out.push('', 'Bridges to other brokers', ...inv.bridges.map((b) => bullet(`"${b.name}" (${b.connected ? 'connected' : 'configured, not connected now'})`)));
  }
  if (inv.devices.length) {
    out.push('', `Devices announced through the broker (${inv.devices.length})`);
    for (const d of [...inv.devices].sort((a, b) => a.category.localeCompare(b.category) || a.name.localeCompare(b.name))) {
      const what = [d.vendor, d.model].filter(Boolean).join(' ');
      const where = [d.ip, d.mac].filter(Boolean).join(', ');
      out.push(bullet(`${d.category.padEnd(11)} ${d.name}${what ? ` — ${what}` : ''} (${d.via}${where ? `, ${where}` : ''})${d.online === false ? ', offline' : ''}`));
    }
  }
  if (inv.entities.length) {
    out.push('', 'Location, camera, lock and alarm topics');
    for (const e of inv.entities) {
      const notes = [e.retained ? 'kept by the broker for every new client' : '', e.control ? 'accepts commands' : '', e.reportedAt ? `last reported ${e.reportedAt}` : ''].filter(Boolean);
      out.push(bullet(`${e.kind.padEnd(8)} "${e.publisher ?? e.name}" on ${e.topic}${notes.length ? ` (${notes.join('; ')})` : ''}`));
    }
  }
  if (r.findings.length) {
    out.push('', `What this means (${r.findings.length})`);
    for (const { finding } of r.findings) out.push(bullet(`[${finding.severity}] ${finding.title}`), `      ${finding.summary}`, `      What to do: ${finding.advice}`);
  }
  const s = inv.stats;
  const limits = [
    s.oversized ? `${s.oversized} messages too large to read` : '',
    s.tooDeep ? `${s.tooDeep} messages on topics too deep or too long` : '',
    s.topicsDropped ? `${s.topicsDropped} messages on topics beyond the ${s.topicsSeen} remembered` : '',
    s.jsonErrors ? `${s.jsonErrors} messages that were not valid JSON` : '',
    s.binary ? `${s.binary} binary messages where text was expected` : '',
    s.itemsDropped ? `${s.itemsDropped} devices or topics beyond the limits` : '',
  ].filter(Boolean);
  if (limits.length) out.push('', 'Set aside (the audit stays within fixed limits)', ...limits.map(bullet));
  const notes = r.connected ? r.errors : r.errors.slice(1);
  if (notes.length) out.push('', 'Notes', ...notes.map(bullet));
  return out.join('\n') + '\n';
}
