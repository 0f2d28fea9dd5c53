/**
 * The held-out identification test set (issue 12, part 5): public, labelled device captures from sources that no
 * knowledge source of `device-profiles/` is built from. Three files in test/fixtures/identify-eval/:
 * - `sources.json`: each source with its address, the commit read, its licence and how it labels devices;
 * - `manifest.json`: per device, the source's own label, its MAC and the captures it appears in (input of extract.ts);
 * - `devices.json`: per device, the label and the evidence the project's own reader, engine and inventory drew from
 *   those captures (`DeviceEvidence`), written by extract.ts. Third-party captures are not committed.
 * Validation here is shared by the extractor, the scorer and the label test.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { CATEGORIES, type Category } from '../../../gateway/contract.ts';
import type { DeviceEvidence } from '../../../gateway/inventory/inventory.ts';

export const EVAL_DIR = new URL('../../fixtures/identify-eval/', import.meta.url).pathname;
export const SOURCES_FILE = `${EVAL_DIR}sources.json`;
export const MANIFEST_FILE = `${EVAL_DIR}manifest.json`;
export const DEVICES_FILE = `${EVAL_DIR}devices.json`;

const category = z.enum(CATEGORIES);
const id = z.string().regex(/^[a-z0-9][a-z0-9.-]*$/, 'lower-case letters, digits, dots and dashes');
const mac = z.string().regex(/^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/, 'a lower-case, colon-separated MAC');

export const sourceSchema = z.strictObject({
  id,
  name: z.string().min(1),
  /** Where the captures were read: a public repository. */
  url: z.url(),
  commit: z.string().regex(/^[0-9a-f]{40}$/),
  licence: z.string().min(1),
  /** Where the source's own device labels come from (a directory name, a device list file, a file name). */
  labelsFrom: z.string().min(1),
  notes: z.string().optional(),
  /**
   * Set when the source's misses were read to find what identification lacked (when and why): it is then a development
   * source, its figure no longer measures devices the knowledge has not seen, and the headline figures leave it out.
   */
  development: z.string().min(1).optional(),
});

export const labelSchema = z.strictObject({
  category,
  brand: z.string().min(1).optional(),
  /** Other categories that are also right for a device whose kind is genuinely between two (a smart scale). */
  alsoRight: z.array(category).optional(),
});

export const manifestEntrySchema = z.strictObject({
  id,
  source: id,
  /** The device's name in the source, verbatim: the label is this name read by a person, never our identifier's output. */
  sourceLabel: z.string().min(1),
  label: labelSchema,
  /** One or more MACs of the device in the captures (a device seen on two interfaces). */
  macs: z.array(mac).min(1),
  /** Capture paths inside the source repository at its commit; a trailing `*` matches a file-name prefix. */
  captures: z.array(z.string().min(1)).min(1),
  note: z.string().optional(),
});

const portEvidence = z.strictObject({ proto: z.enum(['tcp', 'udp']), port: z.number().int().min(0).max(65535), direction: z.enum(['in', 'out']) });
const dhcp = z.looseObject({ hostname: z.string().optional(), vendorClass: z.string().optional(), paramList: z.array(z.number().int()).optional() });
const mdns = z.looseObject({ instance: z.string().optional(), type: z.string().optional(), host: z.string().optional(), txt: z.record(z.string(), z.string()).optional() });
const ssdp = z.looseObject({ kind: z.enum(['notify', 'search', 'response']), server: z.string().optional(), description: z.looseObject({}).optional() });

export const evidenceSchema = z.strictObject({
  mac: mac.optional(),
  vendor: z.string().optional(),
  hostnames: z.array(z.string()),
  dhcp: z.array(dhcp),
  mdns: z.array(mdns),
  ssdp: z.array(ssdp),
  domains: z.array(z.string()),
  ports: z.array(portEvidence),
  /** Upload to the internet as the inventory measured it, summed over the captures (bytes each way, seconds spanned). */
  upload: z.strictObject({ bytesUp: z.number().min(0), bytesDown: z.number().min(0), seconds: z.number().min(0) }).optional(),
});

export const SIGNAL_KINDS = ['dhcp-name', 'mdns-name', 'ssdp-name', 'cloud-domain', 'served-port'] as const;
export type SignalKind = (typeof SIGNAL_KINDS)[number];

export const deviceRecordSchema = z.strictObject({
  id,
  source: id,
  sourceLabel: z.string().min(1),
  label: labelSchema,
  /** Which identifying signals the evidence shows (issue 12's "shows any identifying signal" subset: any of them). */
  signals: z.array(z.enum(SIGNAL_KINDS)),
  /** Captures the evidence was drawn from. */
  captures: z.number().int().min(1),
  evidence: evidenceSchema,
});

export type Source = z.infer<typeof sourceSchema>;
export type ManifestEntry = z.infer<typeof manifestEntrySchema>;
export type DeviceRecord = Omit<z.infer<typeof deviceRecordSchema>, 'evidence'> & { evidence: DeviceEvidence };

/**
 * Names that say nothing about a device: time servers, reverse look-ups, connectivity checks and bare hosting or
 * CDN names. A domain outside this list counts as a cloud-domain signal. This is a property of the test set, not
 * identification knowledge: the identifier never reads it.
 */
const GENERIC_DOMAIN = [
  /(^|\.)(pool\.)?ntp\.org$/, /(^|\.)time\.(nist\.gov|windows\.com|apple\.com|google\.com)$/, /\.arpa$/, /\.local$/,
  /(^|\.)(amazonaws\.com|cloudfront\.net|akamaiedge\.net|akamai\.net|edgekey\.net|fastly\.net|cloudapp\.net|googleusercontent\.com|1e100\.net)$/,
  /^(connectivitycheck\.gstatic\.com|clients\d?\.google\.com|www\.google\.com|google\.com|dns\.google|captive\.apple\.com|www\.msftconnecttest\.com)$/,
  /^wpad(\.|$)/, /^[^.]+$/, /^[\d.]+$/, /:/,
];

/** Vendor-class strings of generic DHCP clients: they name the software, not the device. */
const GENERIC_VENDOR_CLASS = /^(udhcp|dhcpcd|MSFT|busybox)\b/i;
/** Host names that name a network interface or a default, not the device. */
const GENERIC_HOSTNAME = /^((wlan|eth|en|lan|br|usb)\d*|localhost|unknown|none|default|espressif|lwip\d*)$/i;

/**
 * A service the device served: a TCP port it answered on below the usual ephemeral range (or the UPnP device ports
 * 49152–49155), or a UDP port below 1024 other than the discovery and address protocols every device speaks.
 * Higher inbound ports are mostly the far end of connections whose start the capture missed.
 */
export function isServedService(p: { proto: 'tcp' | 'udp'; port: number; direction: 'in' | 'out' }): boolean {
  if (p.direction !== 'in' || p.port <= 0) return false;
  if (p.proto === 'tcp') return p.port < 32768 || (p.port >= 49152 && p.port <= 49155);
  return p.port < 1024 && ![53, 67, 68, 123, 137, 138].includes(p.port);
}

export function isGenericDomain(name: string): boolean {
  const n = name.toLowerCase().replace(/\.+$/, '');
  return GENERIC_DOMAIN.some((re) => re.test(n));
}

/** The identifying signals a device's evidence shows (a DHCP/mDNS/SSDP name, a cloud domain, a served protocol). */
export function signalsOf(ev: DeviceEvidence): SignalKind[] {
  const out = new Set<SignalKind>();
  const name = (h: string | undefined) => !!h?.trim() && !GENERIC_HOSTNAME.test(h.trim());
  if (ev.dhcp.some((d) => name(d.hostname) || (!!d.vendorClass?.trim() && !GENERIC_VENDOR_CLASS.test(d.vendorClass.trim())))) out.add('dhcp-name');
  if (ev.mdns.some((m) => !!(m.instance || m.host || m.type))) out.add('mdns-name');
  if (ev.ssdp.some((s) => !!(s.server || s.description))) out.add('ssdp-name');
  if (ev.domains.some((d) => !isGenericDomain(d))) out.add('cloud-domain');
  if (ev.ports.some(isServedService)) out.add('served-port');
  return SIGNAL_KINDS.filter((k) => out.has(k));
}

export class EvalDataError extends Error {}

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new EvalDataError(`${file}: ${(err as Error).message}`);
  }
}

function parseList<T>(file: string, schema: z.ZodType<T>): T[] {
  const data = readJson(file);
  if (!Array.isArray(data)) throw new EvalDataError(`${file}: expected a JSON array`);
  return data.map((item, i) => {
    const r = schema.safeParse(item);
    if (!r.success) {
      const issue = r.error.issues[0]!;
      const name = (item as { id?: unknown })?.id;
      throw new EvalDataError(`${file}: entry ${i}${typeof name === 'string' ? ` (${name})` : ''}: ${issue.path.join('.') || '(entry)'}: ${issue.message}`);
    }
    return r.data;
  });
}

export function loadSources(file = SOURCES_FILE): Source[] {
  return parseList(file, sourceSchema);
}

export function loadManifest(file = MANIFEST_FILE): ManifestEntry[] {
  return parseList(file, manifestEntrySchema);
}

export function loadDevices(file = DEVICES_FILE): DeviceRecord[] {
  return parseList(file, deviceRecordSchema) as DeviceRecord[];
}

/** Categories a record counts as right. */
export function rightCategories(label: { category: Category; alsoRight?: Category[] }): Set<Category> {
  return new Set([label.category, ...(label.alsoRight ?? [])]);
}
