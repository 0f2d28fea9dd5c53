/**
 * The home-lab scenario: which simulated devices live in the lab home, how each one looks on the wire
 * (DHCP, mDNS, SSDP, DNS, traffic) and what the router's UPnP IGD reports. Validated with zod at load.
 */
import { z } from 'zod';
import { CATEGORIES } from '../../gateway/contract.ts';

const MAC = /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/;
const DOMAIN = /^(?=.{1,253}$)([a-z0-9_]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
// The "internet" of the lab is the benchmarking range (RFC 2544): never a real public address.
const BENCH_IPV4 = /^198\.(18|19)\.\d{1,3}\.\d{1,3}$/;
/**
 * Well-known public resolvers a scenario may name as a device's hard-coded DNS server, with `publicDnsServer: true`.
 * The lab never reaches them: hl-cloud owns the address on its loopback and answers in its place, and the lab has no
 * route out, so the packets stay inside the lab namespaces.
 */
export const SIMULATED_PUBLIC_RESOLVERS = ['8.8.8.8', '8.8.4.4', '1.1.1.1', '9.9.9.9', '114.114.114.114'] as const;

const port = z.number().int().min(1).max(65535);
const domain = z.string().regex(DOMAIN, 'must be a lowercase DNS name such as api.example.com');

/** One mDNS (DNS-SD) service a device publishes. `type` is the DNS-SD form, e.g. `_googlecast._tcp`. */
export const mdnsServiceSchema = z.strictObject({
  type: z.string().regex(/^_[a-z0-9-]{1,15}\._(tcp|udp)$/, 'must look like _name._tcp or _name._udp'),
  name: z.string().min(1).max(63),
  port,
  txt: z.record(z.string(), z.string()).default({}),
});

/** The UPnP root device a device announces over SSDP and describes in its description XML. */
export const ssdpSchema = z.strictObject({
  deviceType: z.string().regex(/^urn:[^:]+:device:[^:]+:\d+(-\d+)?$/, 'must be urn:<domain>:device:<type>:<version>'),
  friendlyName: z.string().min(1),
  manufacturer: z.string().min(1),
  modelName: z.string().min(1),
  modelNumber: z.string().optional(),
  server: z.string().min(1),
  port: port.default(49152),
  /** Extra search targets answered besides upnp:rootdevice, the UDN and the device type (e.g. roku:ecp). */
  extraSt: z.array(z.string().min(1)).default([]),
});

/** DHCP client identity: what a DHCPREQUEST from this device carries (RFC 2132 options 12, 55, 60). */
export const dhcpSchema = z.strictObject({
  hostname: z.string().min(1).max(63),
  vendorClass: z.string().min(1).optional(),
  paramList: z.array(z.number().int().min(1).max(254)).min(1),
});

/** One traffic pattern towards a cloud domain. */
export const trafficSchema = z
  .strictObject({
    kind: z.enum(['upload', 'keepalive', 'tls']),
    to: domain,
    port,
    proto: z.enum(['tcp', 'udp']).default('tcp'),
    /** upload: sustained rate. */
    rateKbps: z.number().positive().max(20_000).optional(),
    /** upload: how long each upload lasts (default: the whole run). */
    seconds: z.number().positive().optional(),
    /** keepalive/tls: interval; upload: restart interval (event clips). */
    periodSec: z.number().positive().optional(),
    /** keepalive: payload size per beat. */
    bytes: z.number().int().min(1).max(1400).default(120),
    /** Starts this pattern so many seconds after the device starts (e.g. a live-view session mid-capture). */
    startSec: z.number().min(0).optional(),
  })
  .superRefine((t, ctx) => {
    if (t.kind === 'upload' && t.rateKbps === undefined) ctx.addIssue({ code: 'custom', path: ['rateKbps'], message: 'an upload needs rateKbps' });
    if (t.kind !== 'upload' && t.periodSec === undefined) ctx.addIssue({ code: 'custom', path: ['periodSec'], message: `a ${t.kind} needs periodSec` });
    if (t.kind !== 'keepalive' && t.proto !== 'tcp') ctx.addIssue({ code: 'custom', path: ['proto'], message: `a ${t.kind} runs over tcp` });
  });

/**
 * What HomeSweep should make of a device: its contract category and, when a profile exists for the family, the
 * profile id (vendor.family). Ground truth for the identification tests and the discovery-latency benchmark.
 */
export const expectSchema = z.strictObject({
  category: z.enum(CATEGORIES),
  profile: z.string().regex(/^[a-z0-9-]+\.[a-z0-9-]+$/, 'must be a profile id such as vendor.family').optional(),
});

/** One simulated device. */
export const deviceSchema = z.strictObject({
  name: z.string().regex(/^[a-z][a-z0-9-]{0,30}$/, 'must be lowercase letters, digits and dashes'),
  family: z.string().min(1),
  mac: z.string().regex(MAC, 'must be lowercase aa:bb:cc:dd:ee:ff'),
  dhcp: dhcpSchema,
  mdns: z.array(mdnsServiceSchema).default([]),
  ssdp: ssdpSchema.optional(),
  dns: z.array(domain).default([]),
  /** A resolver the device uses instead of the lab's (hard-coded DNS, as some P2P cameras do). */
  dnsServer: z.string().optional(),
  /** Set when `dnsServer` is one of SIMULATED_PUBLIC_RESOLVERS (answered by hl-cloud in its place). */
  publicDnsServer: z.boolean().optional(),
  traffic: z.array(trafficSchema).default([]),
  /** Camera motion: on SIGUSR1 uploads run `factor` times faster for `seconds`. */
  motion: z.strictObject({ factor: z.number().min(1).max(20).default(4), seconds: z.number().positive().default(10) }).optional(),
  /** TCP ports the device serves (answering small messages), e.g. a camera's RTSP port that a router maps. */
  listen: z.array(port).default([]),
  expect: expectSchema.optional(),
}).superRefine((d, ctx) => {
  if (d.dnsServer === undefined || BENCH_IPV4.test(d.dnsServer)) return;
  if (d.publicDnsServer && (SIMULATED_PUBLIC_RESOLVERS as readonly string[]).includes(d.dnsServer)) return;
  ctx.addIssue({
    code: 'custom',
    path: ['dnsServer'],
    message: `must be in 198.18.0.0/15, the lab internet (or, with publicDnsServer: true, one of ${SIMULATED_PUBLIC_RESOLVERS.join(', ')})`,
  });
});

/** A router port mapping as UPnP IGD reports it (GetGenericPortMappingEntry). */
export const portMappingSchema = z.strictObject({
  protocol: z.enum(['TCP', 'UDP']),
  externalPort: port,
  /** The name of a device in this scenario; resolved to its lab address. */
  internalClient: z.string().min(1),
  internalPort: port,
  description: z.string().default(''),
  leaseSeconds: z.number().int().min(0).default(0),
  enabled: z.boolean().default(true),
});

/** The home router: its LAN MAC and its UPnP Internet Gateway Device. */
export const routerSchema = z.strictObject({
  mac: z.string().regex(MAC, 'must be lowercase aa:bb:cc:dd:ee:ff'),
  /** The router is the home's gateway: HomeSweep should call it a router whatever profile it matches. */
  expect: expectSchema.default({ category: 'router' }),
  igd: z.strictObject({
    friendlyName: z.string().min(1),
    manufacturer: z.string().min(1),
    modelName: z.string().min(1),
    modelNumber: z.string().optional(),
    server: z.string().min(1),
    mappings: z.array(portMappingSchema).default([]),
  }),
});

/** Someone on the internet connecting to a device now and then (through a port mapping, in a real home). */
export const visitorSchema = z.strictObject({
  from: domain,
  /** The name of a device in this scenario. */
  to: z.string().min(1),
  port,
  periodSec: z.number().positive(),
  /** First visit so many seconds after the devices start. */
  startSec: z.number().min(0).default(0),
  /** Bytes the visitor sends per visit (the device answers each message). */
  bytes: z.number().int().min(1).max(1400).default(200),
});

/** A whole lab home. */
export const scenarioSchema = z
  .strictObject({
    name: z.string().min(1),
    /** Each device program runs at most this long, then exits. */
    seconds: z.number().int().min(5).max(3600).default(600),
    /** How often devices repeat their DHCPREQUEST (short leases, like many home routers). */
    dhcpRenewSec: z.number().int().min(5).default(60),
    router: routerSchema,
    /** Domains the lab resolver answers besides those devices contact (e.g. indicator domains). */
    cloud: z.strictObject({ extraDomains: z.array(domain).default([]) }).default({ extraDomains: [] }),
    /**
     * Connections opened from the lab internet to a device (someone outside using a router port mapping), run by
     * sim-visitor.ts in hl-cloud. `from` is a scenario domain whose cloud address the visitor connects from.
     */
    visitors: z.array(visitorSchema).default([]),
    devices: z.array(deviceSchema).min(1).max(200),
  })
  .superRefine((s, ctx) => {
    const names = new Set<string>();
    const macs = new Set<string>([s.router.mac]);
    s.devices.forEach((d, i) => {
      if (names.has(d.name)) ctx.addIssue({ code: 'custom', path: ['devices', i, 'name'], message: `duplicate device name "${d.name}"` });
      if (macs.has(d.mac)) ctx.addIssue({ code: 'custom', path: ['devices', i, 'mac'], message: `duplicate MAC ${d.mac}` });
      names.add(d.name);
      macs.add(d.mac);
    });
    s.visitors.forEach((v, i) => {
      if (!names.has(v.to)) ctx.addIssue({ code: 'custom', path: ['visitors', i, 'to'], message: `no device named "${v.to}"` });
      const target = s.devices.find((d) => d.name === v.to);
      if (target && !target.listen.includes(v.port)) ctx.addIssue({ code: 'custom', path: ['visitors', i, 'port'], message: `device "${v.to}" does not listen on TCP ${v.port}` });
      if (!s.cloud.extraDomains.includes(v.from) && !s.devices.some((d) => d.dns.includes(v.from) || d.traffic.some((t) => t.to === v.from))) {
        ctx.addIssue({ code: 'custom', path: ['visitors', i, 'from'], message: `"${v.from}" is not a scenario domain (add it to cloud.extraDomains)` });
      }
    });
    s.router.igd.mappings.forEach((m, i) => {
      if (!names.has(m.internalClient)) {
        ctx.addIssue({ code: 'custom', path: ['router', 'igd', 'mappings', i, 'internalClient'], message: `no device named "${m.internalClient}"` });
      }
    });
  });

export type Scenario = z.output<typeof scenarioSchema>;
export type ScenarioDevice = z.output<typeof deviceSchema>;
export type ScenarioTraffic = z.output<typeof trafficSchema>;
export type ScenarioMdnsService = z.output<typeof mdnsServiceSchema>;
export type ScenarioSsdp = z.output<typeof ssdpSchema>;
export type ScenarioRouter = z.output<typeof routerSchema>;
export type ScenarioExpect = z.output<typeof expectSchema>;
export type ScenarioVisitor = z.output<typeof visitorSchema>;
