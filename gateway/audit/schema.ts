/**
 * The zod schema of the audit export document (DESIGN.md, "Audit export") and `parseAuditDocument`, which turns
 * untrusted text into a checked `AuditExport` or throws an `AuditImportError` naming the field.
 *
 * Every string and array is bounded so a hostile file cannot make the store or the UI hold huge values; the
 * whole document is size-checked before JSON.parse runs.
 */
import { isIP } from 'node:net';
import { z } from 'zod';
import { CAPABILITIES, CATEGORIES, type AuditExport } from '../contract.ts';
import { digestOf } from './canonical.ts';
import { AuditImportError } from './import-error.ts';
import { hasControlCharacter } from '../util/device-text.ts';

/** Largest export accepted, in bytes (before and after decryption). */
export const MAX_AUDIT_BYTES = 64 * 1024 * 1024;

const ID = 200;
const NAME = 512;
const TEXT = 20_000;

// No string of an export holds a control character (NUL, escape sequences): a name or note never needs one.
const plain = (max: number, min = 0) => z.string().min(min).max(max).refine((s) => !hasControlCharacter(s), 'has a control character, which no name or note may have');
const id = plain(ID, 1);
/** What the store can hold as an audit id (it names the audit's file): letters, digits, `-` and `_`, up to 81. */
export const AUDIT_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,80}$/;
const name = plain(NAME);
const text = plain(TEXT);
const time = z.iso.datetime({ message: 'is not an ISO-8601 UTC time' });
const count = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const mac = z.string().regex(/^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/, 'is not a MAC address in the form aa:bb:cc:dd:ee:ff');
// A zone (`fe80::1%eth0`) is allowed; the inventory files peers beyond its limit under '*'.
const ip = z
  .string()
  .max(64)
  .refine((s) => isIP(s.split('%')[0]) !== 0, 'is not an IP address');
const peerIp = z.union([z.literal('*'), ip], { message: 'is not an IP address' });
const list = <T extends z.ZodType>(item: T, max: number) => z.array(item).max(max);

const profileSchema = z.strictObject({
  id,
  name,
  confidence: z.number().min(0).max(1),
  matchedBy: list(name, 200),
});

const hintSchema = z.strictObject({
  category: z.enum(CATEGORIES),
  level: z.enum(['likely', 'possible']),
  confidence: z.number().min(0).max(1),
  maker: name.optional(),
  reasons: list(z.strictObject({ kind: z.enum(['model', 'brand', 'oui', 'cloud', 'keyword', 'service', 'protocol', 'upload']), detail: name, maker: name.optional() }), 20),
});

const peerSchema = z.strictObject({
  ip: peerIp,
  name: name.optional(),
  bytesUp: count,
  bytesDown: count,
  packets: count,
  ports: list(z.number().int().min(0).max(65535), 10_000),
  firstSeen: time,
  lastSeen: time,
});

const portMappingSchema = z.strictObject({
  protocol: z.enum(['TCP', 'UDP']),
  externalPort: z.number().int().min(0).max(65535),
  internalClient: plain(NAME),
  internalPort: z.number().int().min(0).max(65535),
  description: name.optional(),
  enabled: z.boolean(),
  remoteHost: name.optional(),
  leaseDuration: count.optional(),
});

// A language tag ("en", "es", "pt-BR"); a text in a few languages, English always there.
const LANG_TAG = /^[a-z]{2,3}(?:-[A-Z][A-Za-z]{1,3})?$/;
const langTexts = z
  .object({ en: text })
  .catchall(text)
  .refine((t) => Object.keys(t).length <= 16 && Object.keys(t).every((k) => LANG_TAG.test(k)), 'has a member that is not a language tag such as "es" or "pt-BR"');

const accessSchema = z.strictObject({
  id,
  kind: z.enum(['port-mapping', 'ecosystem', 'cloud-account', 'app', 'user', 'session', 'remote-admin', 'tunnel', 'webhook', 'broker', 'vpn-peer', 'location-tracker']),
  label: text,
  detail: text.optional(),
  source: name,
  notice: z.enum(['N0', 'N1', 'N2', 'N3']),
  outside: z.boolean().optional(),
  unexpected: z.boolean().optional(),
  texts: z.strictObject({ label: langTexts, detail: langTexts.optional() }).optional(),
  at: time,
  lastUsed: time.optional(),
});

const deviceSchema = z.strictObject({
  id,
  mac: mac.optional(),
  randomizedMac: z.boolean(),
  ips: list(ip, 1_000),
  hostnames: list(name, 500),
  vendor: name.optional(),
  names: list(name, 500),
  category: z.enum(CATEGORIES),
  capabilities: list(z.enum(CAPABILITIES), CAPABILITIES.length),
  profile: profileSchema.optional(),
  hint: hintSchema.optional(),
  isGateway: z.boolean().optional(),
  services: list(name, 1_000).optional(),
  portMappings: list(portMappingSchema, 1_000).optional(),
  access: list(accessSchema, 1_000).optional(),
  firstSeen: time,
  lastSeen: time,
  traffic: z.strictObject({ bytesUp: count, bytesDown: count, peers: list(peerSchema, 5_000) }),
});

const findingSchema = z.strictObject({
  id,
  rule: plain(100, 1),
  device: id.optional(),
  severity: z.enum(['high', 'medium', 'low', 'info']),
  title: name,
  summary: text,
  evidence: list(z.strictObject({ at: time, kind: plain(100), detail: text }), 1_000),
  firstSeen: time,
  lastSeen: time,
  count,
  advice: text,
});

const checklistSchema = z.strictObject({
  id,
  device: id.optional(),
  text,
  why: text,
  noticeRisk: text,
  status: z.enum(['todo', 'done', 'skipped', 'not-applicable']),
  answer: text.optional(),
  note: text.optional(),
  updatedAt: time,
});

const commentSchema = z.strictObject({
  id,
  target: z.strictObject({ kind: z.enum(['device', 'finding', 'checklist', 'audit']), id: id.optional() }),
  author: name,
  text,
  at: time,
});

const captureSchema = z.strictObject({
  file: name.optional(),
  bytes: count,
  packets: count,
  malformed: count,
  truncated: z.boolean(),
  firstPacket: time.optional(),
  lastPacket: time.optional(),
  linkTypes: list(z.number().int().min(0).max(0xffffffff), 100),
  flows: count,
});

const visibilitySchema = z.strictObject({
  placement: z.enum(['in-path', 'beside', 'unknown']),
  devicesWithTraffic: count,
  devicesTotal: count,
  sawDevices: list(id, 20_000),
  reason: z.enum(['saw-traffic', 'announcements-only', 'no-capture', 'no-devices', 'too-early', 'one-device']),
});

const textsSchema = z.strictObject({
  findings: list(z.strictObject({ id, title: langTexts, summary: langTexts, advice: langTexts, noticeRisk: langTexts, evidence: list(langTexts, 1_000).optional() }), 100_000),
  checklist: list(z.strictObject({ id, text: langTexts, why: langTexts, noticeRisk: langTexts }), 20_000),
  redactions: list(langTexts, 100).optional(),
});

/** The whole audit export document, version 1. */
export const auditExportSchema = z.strictObject({
  format: z.literal('homesweep.audit'),
  version: z.literal(1),
  audit: z.strictObject({
    id: z.string().regex(AUDIT_ID, 'is not a plain id (up to 81 letters, digits, - and _)'),
    title: name,
    startedAt: time,
    endedAt: time.optional(),
    mode: z.enum(['live', 'capture', 'import', 'demo']),
    sources: list(name, 100),
    capture: captureSchema.optional(),
    visibility: visibilitySchema.optional(),
  }),
  devices: list(deviceSchema, 20_000),
  findings: list(findingSchema, 100_000),
  checklist: list(checklistSchema, 20_000),
  comments: list(commentSchema, 20_000),
  redactions: list(text, 100),
  texts: textsSchema.optional(),
  digest: z.string().regex(/^[0-9a-f]{64}$/, 'is not a SHA-256 digest (64 lowercase hex digits)'),
});

// Compile-time guard: the schema and the contract describe the same document in both directions, so a change
// to contract.ts that the schema does not follow fails `tsc`.
type Parsed = z.infer<typeof auditExportSchema>;
const _toContract = (p: Parsed): AuditExport => p;
const _fromContract = (a: AuditExport): Parsed => a;
void _toContract;
void _fromContract;

/** `devices[3].traffic.peers[0].ip` from a zod issue path. */
function fieldName(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : `${out ? '.' : ''}${String(p)}`;
  return out || 'document';
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const field = fieldName(issue.path);
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? `The field ${field} is missing.` : `The field ${field} should be ${issue.expected === 'int' ? 'a whole number' : `of type ${issue.expected}`}.`;
    case 'too_big':
      return issue.origin === 'array' ? `The field ${field} has more than ${issue.maximum} entries.` : issue.origin === 'string' ? `The field ${field} is longer than ${issue.maximum} characters.` : `The field ${field} is larger than ${issue.maximum}.`;
    case 'too_small':
      return issue.origin === 'string' ? `The field ${field} is empty.` : `The field ${field} is smaller than ${issue.minimum}.`;
    case 'unrecognized_keys':
      return `The field ${field} has an unexpected member "${issue.keys[0]}".`;
    case 'invalid_value':
      return issue.input === undefined ? `The field ${field} is missing.` : `The field ${field} has a value that is not allowed.`;
    default:
      return `The field ${field} ${issue.message.replace(/^Invalid input:?\s*/i, '') || 'is not valid'}.`.replace(/\.\.$/, '.');
  }
}

/**
 * Parses and checks an audit export (plain JSON). Throws `AuditImportError`: `too-large` before any parsing,
 * `malformed` (not JSON), `unknown-format`, `unknown-version`, `invalid` (names the first bad field) and
 * `digest-mismatch` (the body was changed after export).
 */
export function parseAuditDocument(input: string | Uint8Array): AuditExport {
  const bytes = typeof input === 'string' ? Buffer.byteLength(input, 'utf8') : input.byteLength;
  if (bytes > MAX_AUDIT_BYTES) {
    throw new AuditImportError('too-large', `The document is ${Math.ceil(bytes / 1024 / 1024)} MB, more than the ${MAX_AUDIT_BYTES / 1024 / 1024} MB an audit export may have.`);
  }
  const text = typeof input === 'string' ? input : Buffer.from(input.buffer, input.byteOffset, input.byteLength).toString('utf8');
  let raw: unknown;
  try {
    raw = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (err) {
    throw new AuditImportError('malformed', `The document is not valid JSON (${(err as Error).message.split('\n')[0]}).`);
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw) || (raw as { format?: unknown }).format !== 'homesweep.audit') {
    throw new AuditImportError('unknown-format', 'The document is not a HomeSweep audit export (its field format is not "homesweep.audit").');
  }
  const version = (raw as { version?: unknown }).version;
  if (version !== 1) {
    throw new AuditImportError('unknown-version', `The document has version ${JSON.stringify(version) ?? 'missing'}, and this HomeSweep reads only version 1.`);
  }
  const result = auditExportSchema.safeParse(raw, { reportInput: true });
  if (!result.success) throw new AuditImportError('invalid', describeIssue(result.error.issues[0]));
  const doc = result.data as AuditExport;
  if (digestOf(doc as unknown as Record<string, unknown>) !== doc.digest) {
    throw new AuditImportError('digest-mismatch', 'The field digest does not match the content, so the document was changed after it was exported.');
  }
  return doc;
}
