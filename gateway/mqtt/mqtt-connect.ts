/**
 * One MQTT connection attempt for the audit: clean session, no automatic reconnection, no will message, a neutral
 * client id (the broker's log must not name HomeSweep), and a cap on the bytes read from the broker so a hostile
 * broker cannot grow memory without end. Resolves once the broker answered (or did not); never retries.
 */
import { randomBytes } from 'node:crypto';
import type { IClientOptions, MqttClient } from 'mqtt';
import type { BrokerAddress } from './mqtt-url.ts';

/** Why a connection did not open, in plain words; `refused` is set when the broker itself said no. */
export interface ConnectFailure {
  ok: false;
  message: string;
  /** The address the socket reached, when it got that far. */
  remoteAddress?: string;
  refused?: 'credentials' | 'not-authorized' | 'protocol' | 'other';
  code?: number | string;
}

export interface ConnectSuccess {
  ok: true;
  client: MqttClient;
  /** The address the socket reached (it names the broker's device). */
  remoteAddress?: string;
  protocolVersion: 4 | 5;
  /** Bytes read from the broker so far. */
  bytes(): number;
}

export interface ConnectOptions {
  address: BrokerAddress;
  username?: string;
  password?: string;
  protocolVersion: 4 | 5;
  connectTimeoutMs: number;
  /** Largest packet the broker may send us (MQTT 5 honours it; the broker drops larger messages). */
  maximumPacketSize: number;
  /** Bytes read from the broker at most; past it the session is closed by the caller (`onLimit`). */
  maxBytes: number;
  onLimit(): void;
  rejectUnauthorized: boolean;
  /** Gives up waiting for the broker (the person stopped the audit). */
  signal?: AbortSignal;
}

/** A client id like the ones many MQTT libraries make up by default: random, naming nothing. */
export function neutralClientId(): string {
  return `mqttjs_${randomBytes(4).toString('hex')}`;
}

function describe(err: Error & { code?: number | string }, address: BrokerAddress, timeoutMs: number): ConnectFailure {
  const where = `${address.host}:${address.port}`;
  const code = err.code;
  // MQTT 3.1.1 CONNACK return codes 1..5, MQTT 5 reason codes 0x84..0x87 (OASIS MQTT 5.0 §3.2.2.2).
  if (code === 4 || code === 134) return { ok: false, refused: 'credentials', code, message: 'the broker refused the user name or password' };
  if (code === 5 || code === 135) return { ok: false, refused: 'not-authorized', code, message: 'the broker refused this client (not authorised)' };
  if (code === 1 || code === 132) return { ok: false, refused: 'protocol', code, message: 'the broker does not speak this MQTT version' };
  if (typeof code === 'number') return { ok: false, refused: 'other', code, message: `the broker refused the connection (${err.message.replace(/^Connection refused: /, '')})` };
  if (code === 'ECONNREFUSED') return { ok: false, code, message: `nothing accepts connections at ${where}` };
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return { ok: false, code, message: `the host name ${address.host} could not be resolved` };
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return { ok: false, code, message: `${where} cannot be reached from here` };
  if (code === 'TIMEOUT' || /connack timeout/i.test(err.message)) return { ok: false, code, message: `no answer from ${where} within ${Math.round(timeoutMs / 1000)} s` };
  if (typeof code === 'string' && /CERT|SSL|TLS|SELF_SIGNED/i.test(code)) return { ok: false, code, message: `TLS with ${where} failed: ${err.message}` };
  return { ok: false, code, message: `could not talk to ${where}: ${err.message}` };
}

/**
 * Opens one connection; the promise settles once, on CONNACK, error, close or timeout. The mqtt package (~20 MB
 * resident) is loaded at the first connection, not when the gateway starts.
 */
export async function connectOnce(opts: ConnectOptions): Promise<ConnectSuccess | ConnectFailure> {
  const { default: mqtt } = await import('mqtt');
  const { address } = opts;
  const options: IClientOptions = {
    protocol: address.tls ? 'mqtts' : 'mqtt',
    host: address.host,
    port: address.port,
    clientId: neutralClientId(),
    clean: true,
    reconnectPeriod: 0,
    connectTimeout: opts.connectTimeoutMs,
    keepalive: 30,
    protocolVersion: opts.protocolVersion,
    username: opts.username,
    password: opts.password,
    rejectUnauthorized: opts.rejectUnauthorized,
    properties: opts.protocolVersion === 5 ? { maximumPacketSize: opts.maximumPacketSize } : undefined,
  };
  return new Promise((resolve) => {
    let settled = false;
    let bytes = 0;
    const client = mqtt.connect(options);
    let remoteAddress: string | undefined;
    const settle = (r: ConnectSuccess | ConnectFailure) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      if (!r.ok) {
        r.remoteAddress ??= remoteAddress;
        client.end(true);
      }
      resolve(r);
    };
    // mqtt.js has its own connect timeout but reports it only as a close; this names it.
    const timer = setTimeout(() => settle(describe(Object.assign(new Error('timeout'), { code: 'TIMEOUT' }), address, opts.connectTimeoutMs)), opts.connectTimeoutMs + 500);
    const stream = client.stream as (NodeJS.ReadableStream & { remoteAddress?: string }) | undefined;
    stream?.once('connect', () => {
      remoteAddress = stream.remoteAddress;
    });
    stream?.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes > opts.maxBytes) opts.onLimit();
    });
    const onAbort = () => settle({ ok: false, message: 'stopped before the broker answered' });
    if (opts.signal?.aborted) queueMicrotask(onAbort);
    else opts.signal?.addEventListener('abort', onAbort, { once: true });
    client.once('connect', () => {
      const s = client.stream as { remoteAddress?: string } | undefined;
      settle({ ok: true, client, remoteAddress: s?.remoteAddress ?? remoteAddress, protocolVersion: opts.protocolVersion, bytes: () => bytes });
    });
    client.on('error', (err) => settle(describe(err as Error & { code?: number | string }, address, opts.connectTimeoutMs)));
    client.once('close', () => settle({ ok: false, message: `${address.host}:${address.port} closed the connection before answering` }));
  });
}
