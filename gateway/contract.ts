/**
 * The data contract of HomeSweep (DESIGN.md, "The contract"). These names are stable: the audit export and
 * the HTTP API use them, and the UI imports them as types only.
 *
 * Conventions: MAC addresses lowercase and colon-separated; times ISO-8601 UTC strings; byte counts integers.
 */

/** Where an observation came from. */
export type ObservationSource = 'arp' | 'dhcp' | 'mdns' | 'ssdp' | 'dns' | 'tls' | 'http' | 'flow' | 'upnp-igd' | 'mqtt' | 'ndp' | 'access';

/** One typed, timestamped fact seen by a sensor (a packet decoder, a discovery scanner, a broker audit). */
export interface Observation<D = object> {
  source: ObservationSource;
  at: string;
  mac?: string;
  ip?: string;
  data: D;
}

export const CATEGORIES = [
  'camera', 'doorbell', 'baby-monitor', 'smart-speaker', 'smart-display', 'tv-streamer', 'lock', 'alarm',
  'thermostat', 'hub', 'smart-plug', 'smart-light', 'sensor', 'garage-door', 'robot-vacuum', 'printer', 'nas',
  'router', 'phone', 'computer', 'tablet', 'wearable', 'vehicle', 'tracker', 'appliance', 'unknown',
] as const;
export type Category = (typeof CATEGORIES)[number];

export const CAPABILITIES = ['camera', 'mic', 'location', 'lock', 'remote-control'] as const;
export type Capability = (typeof CAPABILITIES)[number];

/** Which device profile a device was matched to, how sure we are, and what evidence matched. */
export interface ProfileMatch {
  id: string;
  name: string;
  confidence: number;
  matchedBy: string[];
}

/** One reason for a hint: a model number, a brand or word in a name, a cloud, a protocol fact (`detail` = its id), an upload. */
export interface HintReason {
  kind: 'model' | 'brand' | 'oui' | 'cloud' | 'keyword' | 'service' | 'protocol' | 'upload';
  /** The evidence: the name, domain or model text; the protocol fact's id; the upload rate. */
  detail: string;
  maker?: string;
}

/**
 * What identification can say when no profile names a device well (issue 12): the likely kind and, when known, its
 * maker, with the reasons. `likely`: strong enough that the device was given this category; `possible`: a "could be".
 */
export interface DeviceHint {
  category: Category;
  level: 'likely' | 'possible';
  confidence: number;
  maker?: string;
  reasons: HintReason[];
}

/** A remote peer of a device, summarised. `name` is the DNS name the device resolved it from, when known. */
export interface PeerSummary {
  ip: string;
  name?: string;
  bytesUp: number;
  bytesDown: number;
  packets: number;
  ports: number[];
  firstSeen: string;
  lastSeen: string;
}

export interface TrafficSummary {
  bytesUp: number;
  bytesDown: number;
  peers: PeerSummary[];
}

/** A device in the home, merged from observations by MAC (by IP when no MAC is known). */
export interface Device {
  id: string;
  mac?: string;
  randomizedMac: boolean;
  ips: string[];
  hostnames: string[];
  vendor?: string;
  names: string[];
  category: Category;
  capabilities: Capability[];
  profile?: ProfileMatch;
  /** The likely kind and maker, with reasons, when no profile names the device well. */
  hint?: DeviceHint;
  /** True when this device is the home's router / default gateway. */
  isGateway?: boolean;
  /** mDNS service types and SSDP device types it announced (identification evidence). */
  services?: string[];
  /** Router port mappings (UPnP IGD) that let the internet reach this device. */
  portMappings?: PortMapping[];
  /** Who or what outside the home can reach this device (accounts, apps, ecosystems, cloud links). */
  access?: AccessEntry[];
  firstSeen: string;
  lastSeen: string;
  traffic: TrafficSummary;
}

/**
 * One way someone or something outside the home can reach a device, found by a quiet check (N0: Matter fabrics,
 * a Kasa plug's bound account, Shelly/Tasmota cloud and MQTT settings, router port mappings) or by an account
 * check the owner started (N1–N3: Home Assistant users and sessions, Hue apps, router remote administration).
 */
export interface AccessEntry {
  /** Stable within the audit, e.g. `kasa-account:<device>`. */
  id: string;
  kind: 'port-mapping' | 'ecosystem' | 'cloud-account' | 'app' | 'user' | 'session' | 'remote-admin' | 'tunnel' | 'webhook' | 'broker' | 'vpn-peer' | 'location-tracker';
  /** Plain words, e.g. "Linked to the TP-Link account j***@example.com". */
  label: string;
  detail?: string;
  /** `label` and `detail` in every language (entries the quiet checks write; absent in older audits). */
  texts?: { label: LangTexts; detail?: LangTexts };
  /** What found it, e.g. `kasa-local`, `shelly-gen2`, `matter-mdns`, `home-assistant`. */
  source: string;
  /** ACCOUNTS.md notice level of the check that found it. */
  notice: 'N0' | 'N1' | 'N2' | 'N3';
  /** True when it points outside the home (remote login, outside broker, cloud on). */
  outside?: boolean;
  /** True when the check thinks the household may not know about it (e.g. a Matter fabric no other device shares). */
  unexpected?: boolean;
  at: string;
  lastUsed?: string;
}

export type Severity = 'high' | 'medium' | 'low' | 'info';

export interface Evidence {
  at: string;
  kind: string;
  detail: string;
}

export interface Finding {
  id: string;
  rule: string;
  device?: string;
  severity: Severity;
  title: string;
  summary: string;
  evidence: Evidence[];
  firstSeen: string;
  lastSeen: string;
  count: number;
  advice: string;
}

export type ChecklistStatus = 'todo' | 'done' | 'skipped' | 'not-applicable';

export interface ChecklistItem {
  id: string;
  device?: string;
  text: string;
  why: string;
  noticeRisk: string;
  status: ChecklistStatus;
  answer?: string;
  note?: string;
  updatedAt: string;
}

export interface Comment {
  id: string;
  target: { kind: 'device' | 'finding' | 'checklist' | 'audit'; id?: string };
  author: string;
  text: string;
  at: string;
}

export type AuditMode = 'live' | 'capture' | 'import' | 'demo';

/** Counts about a capture that was analysed: how much was read and how much of it could not be decoded. */
export interface CaptureStats {
  file?: string;
  bytes: number;
  packets: number;
  malformed: number;
  truncated: boolean;
  firstPacket?: string;
  lastPacket?: string;
  linkTypes: number[];
  flows: number;
}

/**
 * Where HomeSweep was placed, as the capture showed it. `in-path`: it saw the internet traffic of other devices
 * (it runs on the router, or the capture came from the router or a mirror port). `beside`: it saw only what
 * devices announce (broadcasts, multicasts) and its own traffic, so traffic rules could not be judged. `unknown`:
 * too little seen to tell.
 */
export type Placement = 'in-path' | 'beside' | 'unknown';

/**
 * Why the placement was decided: `saw-traffic` (in-path), `announcements-only` (beside), `no-capture` (no packets
 * were captured), `no-devices` (no device other than the router and this computer seen), `too-early` (less than a
 * minute heard and nothing of the others' traffic yet), `one-device` (a file showing one device's traffic, which may
 * be the computer that took it).
 */
export type VisibilityReason = 'saw-traffic' | 'announcements-only' | 'no-capture' | 'no-devices' | 'too-early' | 'one-device';

/** What the audit could see of the home's traffic. */
export interface Visibility {
  placement: Placement;
  /** Devices (not the router, not the capturing computer) whose internet traffic or DNS questions were seen. */
  devicesWithTraffic: number;
  /** Devices seen in any way (announcements included), not counting the router and the capturing computer. */
  devicesTotal: number;
  /** Ids of the devices counted in `devicesWithTraffic`. */
  sawDevices: string[];
  reason: VisibilityReason;
}

export interface AuditMeta {
  id: string;
  title: string;
  startedAt: string;
  endedAt?: string;
  mode: AuditMode;
  sources: string[];
  capture?: CaptureStats;
  /** What the capture could see (audits with a capture or a live listen; absent in older exports). */
  visibility?: Visibility;
}

/** The audit export document (DESIGN.md). `digest` is the SHA-256 of the canonical body without `digest`. */
export interface AuditExport {
  format: 'homesweep.audit';
  version: 1;
  audit: AuditMeta;
  devices: Device[];
  findings: Finding[];
  checklist: ChecklistItem[];
  comments: Comment[];
  redactions: string[];
  /**
   * The texts of findings and checklist steps in every language the audit was made with, so whoever imports the
   * export reads them in their own language. Optional: older exports have none and import in English.
   */
  texts?: AuditTexts;
  digest: string;
}

/** A text in several languages by language tag; `en` is always there and equals the English field it translates. */
export type LangTexts = { en: string } & Record<string, string>;

/** The texts of an audit in every language, by finding and checklist item id (the export's `texts`). */
export interface AuditTexts {
  findings: Array<{ id: string; title: LangTexts; summary: LangTexts; advice: LangTexts; noticeRisk: LangTexts; evidence?: LangTexts[] }>;
  checklist: Array<{ id: string; text: LangTexts; why: LangTexts; noticeRisk: LangTexts }>;
  /** The `redactions` notes of a helper's copy, in the same order. */
  redactions?: LangTexts[];
}

// ── Observation payloads, one shape per source. Sensors (packet decoders, live scanners) produce them;
// identification and the rules read them. Live discovery and capture analysis produce the same shapes.

/** DHCPv4/DHCPv6 client message: the strongest passive identity signals. */
export interface DhcpData {
  messageType?: number;
  hostname?: string;
  vendorClass?: string;
  paramList?: number[];
  requestedIp?: string;
  clientId?: string;
  v6?: boolean;
}

/** One mDNS / DNS-SD service instance, e.g. `Living Room._googlecast._tcp.local`. */
export interface MdnsData {
  /** Full instance name, e.g. `Living Room._googlecast._tcp.local`. */
  instance?: string;
  /** Service type, e.g. `_googlecast._tcp`. */
  type?: string;
  /** Target host name from SRV or A records, e.g. `Chromecast-1234.local`. */
  host?: string;
  port?: number;
  txt?: Record<string, string>;
}

/** UPnP device description fields (from the LOCATION XML). */
export interface UpnpDescription {
  friendlyName?: string;
  manufacturer?: string;
  modelName?: string;
  modelNumber?: string;
  modelDescription?: string;
  deviceType?: string;
  serialNumber?: string;
  udn?: string;
  services?: string[];
}

/** SSDP NOTIFY / M-SEARCH response headers, and the description when it was fetched. */
export interface SsdpData {
  kind: 'notify' | 'search' | 'response';
  st?: string;
  nt?: string;
  usn?: string;
  server?: string;
  location?: string;
  userAgent?: string;
  description?: UpnpDescription;
}

/** A DNS question asked by a device (answered or not), with the answers when seen. */
export interface DnsData {
  query: string;
  qtype: string;
  resolver: string;
  rcode?: string;
  answers?: string[];
}

export interface TlsData {
  sni: string;
  alpn?: string[];
  remoteIp: string;
  remotePort: number;
}

export interface HttpData {
  host?: string;
  userAgent?: string;
  method: string;
  remoteIp: string;
  remotePort: number;
}

/** One router port mapping (UPnP IGD GetGenericPortMappingEntry). */
export interface PortMapping {
  protocol: 'TCP' | 'UDP';
  externalPort: number;
  internalClient: string;
  internalPort: number;
  description?: string;
  enabled: boolean;
  remoteHost?: string;
  leaseDuration?: number;
}

export interface UpnpIgdData {
  router: string;
  mappings: PortMapping[];
}

// ── HTTP API views (gateway/http). The UI imports these as types only.

/** GET /api/session */
export interface SessionInfo {
  passcodeSet: boolean;
  authenticated: boolean;
  /** Send back in the `X-HomeSweep-CSRF` header on every POST/PATCH/PUT/DELETE. */
  csrf?: string;
  /** After failed passcodes: wait this long before the next try. */
  retryAfterMs?: number;
}

export type AuditStatus = 'running' | 'stopping' | 'done' | 'failed';

/** One line of GET /api/audits. */
export interface AuditSummary {
  id: string;
  title: string;
  mode: AuditMode;
  status: AuditStatus;
  readOnly: boolean;
  startedAt: string;
  endedAt?: string;
  devices: number;
  findings: Record<Severity, number>;
  /** Live audits: the interface listened on. */
  interface?: string;
  error?: string;
}

/** Pushed on GET /api/audits/:id/events (server-sent events, event name `progress`) and in AuditView. */
export interface AuditProgress {
  status: AuditStatus;
  devices: number;
  findings: number;
  minutesListened: number;
  packets: number;
  /** Packets the live capture could not keep up with and missed (tcpdump's drop counters); absent when unknown. */
  missedPackets?: number;
  updatedAt: string;
  /** What the audit can see so far (live audits and analysed captures). */
  visibility?: Visibility;
}

export type RiskLevel = 'high' | 'medium' | 'low' | 'none';

/** A device as the UI shows it: the contract's Device plus ranking and the profile's texts in the asked language. */
export interface DeviceView extends Device {
  displayName: string;
  /** `hint` in plain words in the asked language: "could be a camera: it serves a video stream (RTSP) on port 554". */
  hintText?: string;
  risk: { score: number; level: RiskLevel; reasons: string[] };
  remoteAccess: { feature: string; description: string; whereToCheck: string }[];
  cannotSee: string[];
  findingIds: string[];
  checklistIds: string[];
}

/** GET /api/audits/:id?lang=xx — texts of findings, checklist and profiles in that language (English fallback). */
export interface AuditView {
  audit: AuditMeta & { status: AuditStatus; readOnly: boolean; interface?: string };
  progress: AuditProgress;
  /** Ranked, highest risk first. */
  devices: DeviceView[];
  findings: (Finding & { noticeRisk: string })[];
  checklist: ChecklistItem[];
  comments: Comment[];
  /** What HomeSweep cannot see (general notes, then per device in DeviceView.cannotSee). */
  cannotSee: string[];
  /** Devices and findings new since the previous audit of this network (ids). */
  newSinceLast?: { devices: string[]; findings: string[] };
  /** Checks the page can offer for this audit: MQTT brokers seen (mDNS _mqtt._tcp, ports 1883/8883). */
  offers?: { mqttBrokers: { device: string; url: string; why: string }[] };
}

/** GET /api/health */
export interface HealthInfo {
  ok: boolean;
  version: string;
  profiles: { loaded: number; problems: string[] };
  rules: { loaded: number; problems: string[] };
  /** `updateFrom`: the host the page's "download the lists" contacts, when the gateway can fetch them itself. */
  indicators: { loaded: number; source?: string; problems: string[]; updateFrom?: string };
  capture: { tcpdump: boolean; interfaces: string[] };
}
