/**
 * The service's configuration: defaults, then an optional file (`--config FILE`, JSON or YAML), then `HOMESWEEP_*`
 * environment variables, then command-line flags. One schema; a bad value is reported with where it came from.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { z } from 'zod';

export const DEFAULT_UI_DIR = fileURLToPath(new URL('../ui/dist', import.meta.url));
export const DEFAULT_PORT = 7353;

export const ConfigSchema = z.strictObject({
  listen: z.string().min(1).default('127.0.0.1'),
  port: z.coerce.number().int().min(0).max(65535).default(DEFAULT_PORT),
  data: z.string().min(1).default('./homesweep-data'),
  /** Start a live audit of this interface at once (else the page offers the choice). */
  interface: z.string().regex(/^[A-Za-z0-9_.:@][A-Za-z0-9_.:@-]{0,14}$/, 'not an interface name').optional(),
  /** Capture the home's traffic on its router too (ssh://user@host or fritzbox://host), see capture/sources/. */
  captureFrom: z.string().regex(/^(ssh|fritzbox):\/\//, 'must start with ssh:// or fritzbox://').optional(),
  sshKey: z.string().min(1).optional(),
  remoteInterface: z.string().regex(/^[A-Za-z0-9_.:@][A-Za-z0-9_.:@-]{0,31}$/, 'not an interface name').optional(),
  knownHosts: z.string().min(1).optional(),
  acceptHostKey: z.string().regex(/^SHA256:[A-Za-z0-9+/]{43}$/, 'not a SHA256 key fingerprint').optional(),
  /** A file holding the FRITZ!Box password (read once at start; the password is never written anywhere). */
  passwordFile: z.string().min(1).optional(),
  /** On the router: its DHCP lease file ('auto' finds dnsmasq, odhcpd, ISC dhcpd or Pi-hole's). */
  leases: z.string().min(1).optional(),
  /** On the router: read its connection-tracking table while no capture runs. */
  conntrack: z.boolean().default(false),
  uiDir: z.string().min(1).default(DEFAULT_UI_DIR),
  indicators: z.string().optional(),
  /** Where the page's "download the lists" fetches them from (default: Echap's repository; https, or http to loopback). */
  indicatorsSource: z.string().min(1).optional(),
  /** Run tcpdump during live audits (off: discovery only). */
  capture: z.boolean().default(true),
  discoverySeconds: z.coerce.number().int().min(1).max(120).default(8),
  discoveryEverySeconds: z.coerce.number().int().min(0).max(86_400).default(300),
  /** Names the page is opened by besides loopback and the listen address (a Host header check, issue 14). */
  hostNames: z
    .preprocess(
      (v) => (typeof v === 'string' ? v.split(',').map((x) => x.trim()).filter(Boolean) : v),
      z.array(z.string().regex(/^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,62})(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}))*\.?$/, 'not a host name')),
    )
    .default([]),
  /** Serve HTTPS with a self-signed certificate kept in the data folder (the default beyond loopback). */
  tls: z.boolean().default(false),
  /** Beyond loopback, serve plain HTTP anyway (the owner's explicit choice). */
  insecureHttp: z.boolean().default(false),
});
export type Config = z.infer<typeof ConfigSchema>;

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

const ENV: Record<string, keyof Config> = {
  HOMESWEEP_LISTEN: 'listen',
  HOMESWEEP_PORT: 'port',
  HOMESWEEP_DATA: 'data',
  HOMESWEEP_INTERFACE: 'interface',
  HOMESWEEP_UI_DIR: 'uiDir',
  HOMESWEEP_INDICATORS: 'indicators',
  HOMESWEEP_HOST_NAMES: 'hostNames',
  HOMESWEEP_INDICATORS_SOURCE: 'indicatorsSource',
};

/** Settings whose command-line flag is not `--` + their name. */
const FLAG_NAMES: Partial<Record<keyof Config, string>> = { hostNames: '--host-name', insecureHttp: '--insecure-http', uiDir: '--ui-dir' };

/** Merges the sources in order and validates once. */
export function loadConfig(src: { file?: string; env?: Record<string, string | undefined>; flags?: Partial<Record<keyof Config, unknown>> }): Config {
  let fromFile: Record<string, unknown> = {};
  if (src.file) {
    let text: string;
    try {
      text = readFileSync(src.file, 'utf8');
    } catch (err) {
      throw new ConfigError(`${src.file}: cannot read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
    }
    let raw: unknown;
    try {
      raw = parse(text);
    } catch (err) {
      throw new ConfigError(`${src.file}: not valid YAML or JSON (${(err as Error).message.split('\n')[0]})`);
    }
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new ConfigError(`${src.file}: must be a mapping of settings`);
    fromFile = raw as Record<string, unknown>;
    const file = ConfigSchema.partial().safeParse(fromFile);
    if (!file.success) throw new ConfigError(`${src.file}: ${describe(file.error)}`);
  }
  const fromEnv: Record<string, unknown> = {};
  for (const [name, key] of Object.entries(ENV)) {
    const v = src.env?.[name];
    if (v !== undefined && v !== '') fromEnv[key] = v;
  }
  const envCheck = ConfigSchema.partial().safeParse(fromEnv);
  if (!envCheck.success) throw new ConfigError(`environment: ${describe(envCheck.error, Object.fromEntries(Object.entries(ENV).map(([k, v]) => [v, k])))}`);
  const flags = Object.fromEntries(Object.entries(src.flags ?? {}).filter(([, v]) => v !== undefined));
  const merged = ConfigSchema.safeParse({ ...fromFile, ...fromEnv, ...flags });
  if (!merged.success) throw new ConfigError(describe(merged.error, FLAG_NAMES, '--'));
  return merged.data;
}

function describe(err: z.ZodError, names?: Record<string, string>, prefix = ''): string {
  return err.issues
    .map((i) => {
      const key = String(i.path[0] ?? '');
      return `${names?.[key] ?? prefix + key}: ${i.message}`;
    })
    .join('; ');
}
