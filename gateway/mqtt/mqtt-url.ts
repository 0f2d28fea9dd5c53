/**
 * The broker address of an MQTT audit: `mqtt://host[:port]`, `mqtts://host[:port]`, or a bare `host[:port]`
 * (taken as mqtt://). A password in the address is refused: command lines end up in shell history and process
 * lists, so it comes from a file instead.
 */

/** A broker address that cannot be used, with the reason in plain words. */
export class MqttUrlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MqttUrlError';
  }
}

/** A checked broker address. */
export interface BrokerAddress {
  /** `mqtt://host:port` or `mqtts://host:port`, without credentials. */
  url: string;
  host: string;
  port: number;
  tls: boolean;
  /** A user name given in the address (`mqtt://user@host`). */
  username?: string;
}

const DEFAULT_PORT = { 'mqtt:': 1883, 'mqtts:': 8883 } as const;

/** Parses and checks a broker address; throws MqttUrlError naming the problem. */
export function parseBrokerUrl(input: string): BrokerAddress {
  const raw = input.trim();
  if (!raw) throw new MqttUrlError('the broker address is empty');
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `mqtt://${raw}`;
  let u: URL;
  try {
    u = new URL(withScheme);
  } catch {
    throw new MqttUrlError(`"${input}" is not a broker address (expected mqtt://host:port or mqtts://host:port)`);
  }
  const scheme = u.protocol.toLowerCase();
  if (scheme !== 'mqtt:' && scheme !== 'mqtts:') throw new MqttUrlError(`"${input}": only mqtt:// and mqtts:// are supported`);
  if (!u.hostname) throw new MqttUrlError(`"${input}" names no host`);
  if (u.password) throw new MqttUrlError(`"${input}" holds a password: put it in a file and use --password-file`);
  if ((u.pathname && u.pathname !== '/') || u.search || u.hash) throw new MqttUrlError(`"${input}": a broker address has no path or query`);
  const port = u.port ? Number(u.port) : DEFAULT_PORT[scheme];
  const host = u.hostname.replace(/^\[(.*)\]$/, '$1');
  const hostInUrl = host.includes(':') ? `[${host}]` : host;
  return {
    url: `${scheme}//${hostInUrl}:${port}`,
    host,
    port,
    tls: scheme === 'mqtts:',
    username: u.username ? decodeURIComponent(u.username) : undefined,
  };
}
