/**
 * The MQTT broker audit (read-only): connect once with a clean session, subscribe to `#` and `$SYS/#`, listen for a
 * bounded time, publish nothing, and report what the broker revealed: broker facts (anonymous access, TLS, version,
 * bridges), the inventory of devices and entities behind it, Observations (`source: 'mqtt'`) and the findings of
 * the same rule engine that reads captures. Credentials are used once and never retried.
 *
 * The gateway service calls `runMqttAudit` with the rules and identifier it already loaded; the CLI lets it load
 * the built-in ones.
 */
import type { Device, Observation } from '../contract.ts';
import { createAuditPass } from '../audit/audit-pass.ts';
import type { RuleFinding } from '../rules/engine.ts';
import type { DeviceEvidence, Identification } from '../inventory/inventory.ts';
import { loadIdentifier } from '../identify-loader.ts';
import { loadRules, type LoadedRule } from '../../pcap-rules/load.ts';
import { createMqttTopicTree, type MqttTopicTreeOptions } from '../../discovery/mqtt-broker.ts';
import { createDescriptionClassifier, createVendorModelClassifier } from '../../discovery/mqtt-classify.ts';
import { mqttDeviceToDevice, mqttObservations } from '../../discovery/mqtt-observations.ts';
import type { MqttBrokerFacts, MqttInventory, MqttObservationData } from '../../discovery/mqtt-types.ts';
import { connectOnce, type ConnectFailure, type ConnectSuccess } from './mqtt-connect.ts';
import { parseBrokerUrl } from './mqtt-url.ts';

export { MqttUrlError } from './mqtt-url.ts';

/** Listening time bounds, in seconds. */
export const MQTT_AUDIT_SECONDS = { default: 20, max: 600 } as const;

export interface MqttAuditOptions {
  /** `mqtt://host[:port]`, `mqtts://host[:port]` or `host[:port]`. Throws MqttUrlError when unusable. */
  url: string;
  username?: string;
  password?: string;
  /** How long to listen (default 20, at most 600). */
  seconds?: number;
  /** Stops listening early (the result is still complete for what was heard). */
  signal?: AbortSignal;
  /** Detection rules (default: the built-in ones). */
  rules?: readonly LoadedRule[];
  /** Device identification (default: the built-in device profiles). */
  identify?: (evidence: DeviceEvidence) => Identification;
  /** Parser bounds (payload bytes, topics, depth …). */
  bounds?: MqttTopicTreeOptions;
  /** Bytes read from the broker at most (default 64 MiB); the audit stops there and says so. */
  maxBytes?: number;
  /** Largest MQTT packet the broker may send (MQTT 5 brokers drop larger messages; default 1 MiB). */
  maximumPacketSize?: number;
  connectTimeoutMs?: number;
  /**
   * With credentials: also try one connection without any, to learn whether the broker accepts anonymous
   * clients (default true). It connects and disconnects at once; the broker's log shows one more client.
   */
  checkAnonymous?: boolean;
  /** Verify the broker's TLS certificate (default true; home brokers often use their own certificate). */
  rejectUnauthorized?: boolean;
  now?: () => Date;
}

/** How the listening ended. */
export type MqttAuditEnd = 'time' | 'signal' | 'byte-limit' | 'closed' | 'not-connected';

export interface MqttAuditResult {
  url: string;
  startedAt: string;
  endedAt: string;
  /** True when the audit connection was accepted and subscribed. */
  connected: boolean;
  ended: MqttAuditEnd;
  facts: MqttBrokerFacts;
  /** Topic filters the broker refused (granted QoS 128), e.g. `$SYS/#` under an ACL. */
  refusedSubscriptions: string[];
  inventory: MqttInventory;
  /** The broker's device (by address) and the devices announced behind it, as contract Devices. */
  devices: Device[];
  observations: Observation<MqttObservationData>[];
  findings: RuleFinding[];
  /** PUBLISH packets this client sent: always 0 (a read-only audit); checked by the tests. */
  published: number;
  bytesRead: number;
  /** Problems in plain words (connection refused, wrong password, byte limit …). */
  errors: string[];
}

function clampSeconds(s: number | undefined): number {
  if (s === undefined || !Number.isFinite(s)) return MQTT_AUDIT_SECONDS.default;
  return Math.min(Math.max(s, 0), MQTT_AUDIT_SECONDS.max);
}

/** Waits `ms`, or less when the signal aborts or `stop` is called. */
function listen(ms: number, signal: AbortSignal | undefined, onStop: (stop: (why: MqttAuditEnd) => void) => void): Promise<MqttAuditEnd> {
  return new Promise((resolve) => {
    let done = false;
    const stop = (why: MqttAuditEnd) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      resolve(why);
    };
    const onAbort = () => stop('signal');
    const timer = setTimeout(() => stop('time'), ms);
    if (signal?.aborted) stop('signal');
    else signal?.addEventListener('abort', onAbort, { once: true });
    onStop(stop);
  });
}

/** Ends a client politely (DISCONNECT), forcefully if the broker does not let go. */
function close(client: ConnectSuccess['client']): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(() => client.end(true, {}, () => resolve()), 2000);
    client.end(false, {}, () => {
      clearTimeout(t);
      resolve();
    });
  });
}

/** Runs one read-only audit of a broker. Rejects only on an unusable URL (MqttUrlError). */
export async function runMqttAudit(opts: MqttAuditOptions): Promise<MqttAuditResult> {
  const address = parseBrokerUrl(opts.url);
  const now = opts.now ?? (() => new Date());
  const seconds = clampSeconds(opts.seconds);
  const username = opts.username ?? address.username;
  const hasCredentials = username !== undefined || opts.password !== undefined;
  const identify = opts.identify ?? loadIdentifier().identify;
  const rules = opts.rules ?? loadRules().rules;
  const tree = createMqttTopicTree({ classify: createVendorModelClassifier(identify), describe: createDescriptionClassifier(identify), ...opts.bounds, now: () => now().toISOString() });
  const startedAt = now().toISOString();
  const errors: string[] = [];
  const refusedSubscriptions: string[] = [];
  const maxBytes = opts.maxBytes ?? 64 * 1024 * 1024;
  const base = {
    address,
    connectTimeoutMs: opts.connectTimeoutMs ?? 10_000,
    maximumPacketSize: opts.maximumPacketSize ?? 1024 * 1024,
    maxBytes,
    rejectUnauthorized: opts.rejectUnauthorized ?? true,
  };
  const facts: MqttBrokerFacts = { broker: `${address.host}:${address.port}`, port: address.port, tls: address.tls, anonymous: null };
  let published = 0;
  let bytesRead = 0;
  let ended: MqttAuditEnd = 'not-connected';
  let stopListening: ((why: MqttAuditEnd) => void) | undefined;
  let limitHit = false;
  const onLimit = () => {
    limitHit = true;
    stopListening?.('byte-limit');
  };

  // MQTT 5 first (it lets us cap packet size); a broker that only speaks 3.1.1 says so, and gets one 3.1.1 try.
  const attempt = (protocolVersion: 4 | 5, user?: string, password?: string) =>
    connectOnce({ ...base, protocolVersion, username: user, password, onLimit, signal: opts.signal });
  let conn: ConnectSuccess | ConnectFailure = await attempt(5, username, opts.password);
  if (!conn.ok && conn.refused === 'protocol' && !opts.signal?.aborted) conn = await attempt(4, username, opts.password);

  if (!conn.ok) {
    // Brokers answer a wrong password with "bad user name or password" or with "not authorised" (mosquitto does
    // the latter); with credentials given, both mean the same to the person running the audit.
    const credentialsRefused = hasCredentials && (conn.refused === 'credentials' || conn.refused === 'not-authorized');
    errors.push(credentialsRefused ? 'the broker refused the user name or password' : conn.message);
    facts.ip = conn.remoteAddress?.replace(/^::ffff:/, '');
    if (!hasCredentials && (conn.refused === 'credentials' || conn.refused === 'not-authorized')) facts.anonymous = false;
  } else {
    const { client } = conn;
    facts.ip = conn.remoteAddress?.replace(/^::ffff:/, '');
    if (!hasCredentials) facts.anonymous = true;
    client.on('packetsend', (p: { cmd: string }) => {
      if (p.cmd === 'publish') published++;
    });
    client.on('message', (topic, payload, packet) => tree.message({ topic, payload, retained: packet.retain === true }));
    const closed = new Promise<void>((resolve) => client.once('close', () => resolve()));
    const subscribed = new Promise<void>((resolve) => {
      client.subscribe({ '#': { qos: 0 }, '$SYS/#': { qos: 0 } }, (err, granted) => {
        if (err) errors.push(`the broker did not accept the subscription: ${err.message}`);
        for (const g of granted ?? []) if (g.qos === 128 || (g.qos as number) >= 0x80) refusedSubscriptions.push(g.topic);
        resolve();
      });
    });
    ended = await listen(seconds * 1000, opts.signal, (stop) => {
      stopListening = stop;
      if (limitHit) stop('byte-limit');
      void closed.then(() => stop('closed'));
    });
    // A broker that never acknowledges the subscription must not hold the audit.
    await Promise.race([subscribed, closed, new Promise((r) => setTimeout(r, 2000))]);
    bytesRead = conn.bytes();
    if (ended === 'byte-limit') errors.push(`the broker sent more than ${Math.round(maxBytes / 1024 / 1024)} MiB; the audit stopped reading there`);
    if (ended === 'closed') errors.push('the broker closed the connection before the listening time was over');
    await close(client);
  }

  // Asked only with credentials (without them the audit connection itself answered it), and never after a refusal.
  if (hasCredentials && conn.ok && opts.checkAnonymous !== false && !opts.signal?.aborted) {
    const anon = await attempt(conn.protocolVersion);
    if (anon.ok) {
      facts.anonymous = true;
      await close(anon.client);
    } else if (anon.refused === 'credentials' || anon.refused === 'not-authorized') facts.anonymous = false;
  }

  const endedAt = now().toISOString();
  const inventory = tree.inventory();
  if (inventory.broker.version) facts.version = inventory.broker.version;
  // A broker that answered (even with a refusal) is a fact: it is there, and how it was reached.
  const answered = conn.ok || conn.refused !== undefined;
  const observations = answered ? mqttObservations(inventory, facts, endedAt) : [];
  const pass = createAuditPass({ identify, rules });
  for (const o of observations) pass.observe(o);
  const { findings } = pass.result();
  const devices = inventory.devices.map((d) => mqttDeviceToDevice(d, facts.broker));
  return {
    url: address.url, startedAt, endedAt, connected: conn.ok, ended, facts, refusedSubscriptions, inventory, devices, observations, findings,
    published, bytesRead, errors,
  };
}
