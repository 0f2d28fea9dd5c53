/**
 * The MQTT broker audit as part of an audit (issue 7): the owner gives a broker address (and, if she wants, a user
 * name and password she knows), the read-only broker audit runs with the service's own rules and identifier, and
 * what it found joins the audit. A listening audit takes the broker's observations like any other sensor's (its
 * rules and inventory read them); a finished audit gets the devices and findings merged in, with its checklist
 * rebuilt and every answer kept. The record keeps a summary of the run; the password is used once and is never
 * stored, logged or returned.
 */
import type { Device, Finding } from '../contract.ts';
import { createAuditPass } from '../audit/audit-pass.ts';
import type { AuditRecord, FindingTexts, MqttBrokerSummary } from '../audit/record.ts';
import { runMqttAudit, MQTT_AUDIT_SECONDS, type MqttAuditOptions, type MqttAuditResult } from '../mqtt/mqtt-audit.ts';
import { MqttUrlError, parseBrokerUrl } from '../mqtt/mqtt-url.ts';
import { createRuleEngine, type RuleFinding } from '../rules/engine.ts';
import type { Store } from '../store/store.ts';
import { AuditError, type AuditManager } from './audits.ts';
import { mergeDevices } from './mqtt-merge.ts';

/** What the owner asked for. */
export interface BrokerAuditInput {
  url: string;
  username?: string;
  password?: string;
  /** Listening time (default 20 s). */
  seconds?: number;
  /** Stops listening early (e.g. the page that asked went away). */
  signal?: AbortSignal;
}

/** What the page is told. */
export interface BrokerAuditOutcome {
  summary: MqttBrokerSummary;
  /** Devices the broker revealed (behind it, or announcing their own address). */
  devices: number;
  /** Findings of the broker audit. */
  findings: number;
  errors: string[];
}

export interface BrokerAuditDeps {
  audits: AuditManager;
  store: Store;
  log?(m: string): void;
  /** The broker audit itself (tests may pass a stand-in; default runMqttAudit). */
  run?: (o: MqttAuditOptions) => Promise<MqttAuditResult>;
}

/** Runs a read-only broker audit for audit `auditId` and puts what it found into it. */
export async function auditBroker(deps: BrokerAuditDeps, auditId: string, input: BrokerAuditInput): Promise<BrokerAuditOutcome> {
  const { audits, store } = deps;
  const rec = store.get(auditId);
  if (!rec) throw new AuditError(404, `no audit "${auditId}"`);
  if (rec.readOnly) throw new AuditError(409, 'this audit was imported for review and cannot be changed');
  if (rec.status === 'stopping') throw new AuditError(409, 'the audit is stopping; try again once it has stopped');
  try {
    parseBrokerUrl(input.url);
  } catch (err) {
    if (err instanceof MqttUrlError) throw new AuditError(400, `url: ${err.message}`);
    throw err;
  }
  const k = audits.knowledge;
  const result = await (deps.run ?? runMqttAudit)({
    url: input.url,
    username: input.username,
    password: input.password,
    seconds: input.seconds ?? MQTT_AUDIT_SECONDS.default,
    signal: input.signal,
    rules: k.rules,
    identify: k.identify,
  });
  const errors = result.errors.map((e) => withoutSecret(e, input.password));
  const fedLive = await audits.feedLive(auditId, result.observations, result.devices);
  if (!fedLive) await mergeIntoFinished(audits, store.get(auditId) ?? rec, result);

  const summary = summarise(result, input.username !== undefined || input.password !== undefined, errors);
  const latest = store.get(auditId);
  if (latest) {
    latest.mqttBrokers = [...(latest.mqttBrokers ?? []).filter((b) => b.url !== summary.url), summary];
    await store.put(latest);
  }
  deps.log?.(`mqtt: audited ${summary.url} for audit ${auditId.slice(0, 8)}: ${result.devices.length} devices, ${result.findings.length} findings${errors.length ? `, ${errors.length} problems` : ''}`);
  return { summary, devices: result.devices.length, findings: result.findings.length, errors };
}

/** A broker's error text never repeats the password, even if a library put it there. */
function withoutSecret(text: string, secret: string | undefined): string {
  return secret && secret.length >= 1 ? text.split(secret).join('***') : text;
}

function summarise(r: MqttAuditResult, withCredentials: boolean, errors: string[]): MqttBrokerSummary {
  return {
    url: r.url,
    startedAt: r.startedAt,
    endedAt: r.endedAt,
    connected: r.connected,
    withCredentials,
    anonymous: r.facts.anonymous,
    tls: r.facts.tls,
    ...(r.facts.version ? { version: r.facts.version } : {}),
    bridges: r.inventory.bridges.map((b) => ({ name: b.name, connected: b.connected })),
    counts: {
      messages: r.inventory.stats.messages,
      topics: r.inventory.stats.topicsSeen,
      devices: r.devices.length,
      entities: r.inventory.entities.length,
      findings: r.findings.length,
    },
    errors,
  };
}

/** A stored finding with its texts, in the shape the checklist builder reads. */
function stored(rec: AuditRecord, f: Finding): RuleFinding {
  const en = (s: string) => ({ en: s });
  const texts: FindingTexts = rec.texts.findings[f.id] ?? { title: en(f.title), summary: en(f.summary), advice: en(f.advice), noticeRisk: en('') };
  return { finding: f, texts, status: 'stable', references: [] };
}

/**
 * A finished audit: the broker's devices merged in (same id or MAC: one device), the broker itself added when no
 * device of the audit has its address, and the rules run over the broker's observations against the audit's own
 * devices, so findings name the devices the page already shows. Findings already there (same id) are kept.
 */
async function mergeIntoFinished(audits: AuditManager, rec: AuditRecord, r: MqttAuditResult): Promise<void> {
  const k = audits.knowledge;
  let devices = mergeDevices(rec.devices, r.devices);
  // The broker's own device, as the inventory makes it from the broker's observations (named by its address).
  const pass = createAuditPass({ identify: k.identify });
  for (const o of r.observations) pass.observe(o);
  const extra: Device[] = pass.result().devices.filter((d) => d.mac !== undefined || !devices.some((x) => d.ips.some((ip) => x.ips.includes(ip))));
  devices = mergeDevices(devices, extra);
  const engine = createRuleEngine({ rules: k.rules, indicators: k.indicators });
  for (const o of r.observations) engine.observe(o);
  const findings = rec.findings.map((f) => stored(rec, f));
  const byId = new Map(findings.map((f) => [f.finding.id, f.finding]));
  for (const f of engine.findings(devices)) {
    const old = byId.get(f.finding.id);
    if (!old) findings.push(f);
    else if (f.finding.lastSeen > old.lastSeen) old.lastSeen = f.finding.lastSeen;
  }
  await audits.replaceResults(rec.meta.id, devices, findings);
}
