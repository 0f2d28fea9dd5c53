/**
 * The inventory: merges Observations from every sensor (packet engine, live discovery, router, broker) into
 * Devices, by MAC, or by IP while no MAC is known (a later observation binding that IP to a MAC merges the two).
 * Keeps the evidence identification needs, with every collection bounded.
 */
import type {
  Device, DhcpData, MdnsData, Observation, PeerSummary, PortMapping, SsdpData, UpnpIgdData,
} from '../contract.ts';
import type { FlowData } from '../capture/engine.ts';
import type { DeviceEvidence, Identification } from '../../discovery/identify.ts';
import { compareText } from '../util/compare-text.ts';

export type { DeviceEvidence, Identification };

export interface InventoryOptions {
  vendorOf?: (mac: string) => string | undefined;
  isRandomizedMac?: (mac: string) => boolean;
  identify?: (evidence: DeviceEvidence) => Identification;
  /** Remote peers kept per device; the rest are added up under the peer "*". */
  maxPeers?: number;
  /** Peers listed per device in `devices()`, largest first. */
  peersShown?: number;
  maxDomains?: number;
  /** Devices kept at most; observations of further devices are counted under "unattributed". */
  maxDevices?: number;
}

interface State {
  id: string;
  mac?: string;
  ips: Set<string>;
  hostnames: Set<string>;
  names: Set<string>;
  services: Set<string>;
  dhcp: Map<string, DhcpData>;
  mdns: Map<string, MdnsData>;
  ssdp: Map<string, SsdpData>;
  domains: Set<string>;
  /** Keyed by {@link portKey}: a number, so a flow builds no key text. */
  ports: Map<number, { proto: 'tcp' | 'udp'; port: number; direction: 'in' | 'out' }>;
  peers: Map<string, PeerSummary>;
  portMappings: Map<string, PortMapping>;
  bytesUp: number;
  bytesDown: number;
  /** Traffic with the internet (not other home devices): bytes each way and when it was first and last seen. */
  wan: { up: number; down: number; first?: string; last?: string };
  firstSeen: string;
  lastSeen: string;
  isGateway: boolean;
}

const MAX_SMALL = 64;

function addBounded<T>(set: Set<T>, value: T, max = MAX_SMALL): void {
  // Most values are there already: one lookup for them.
  if (!set.has(value) && set.size < max) set.add(value);
}

function putBounded<K, V>(map: Map<K, V>, key: K, value: V, max = MAX_SMALL): void {
  if (map.size < max || map.has(key)) map.set(key, value);
}

/** Adds a name unless the same name in another letter case is there already (DHCP `Philips-hue`, mDNS `philips-hue`). */
function addName(set: Set<string>, value: string): void {
  if (set.has(value)) return;
  const lower = value.toLowerCase();
  for (const v of set) if (v.toLowerCase() === lower) return;
  addBounded(set, value);
}

function stripLocal(name: string): string {
  return name.replace(/\.local\.?$/i, '');
}

/** Instance label of an mDNS service name: `Living Room._googlecast._tcp.local` → `Living Room`. */
function instanceLabel(instance: string): string {
  const i = instance.search(/\._[^.]+\._(tcp|udp)\b/i);
  return i > 0 ? instance.slice(0, i) : instance;
}

/** A name → derived text memo, bounded: devices repeat the same few mDNS names thousands of times. */
function memo(fn: (text: string) => string, max = 4096): (text: string) => string {
  const cache = new Map<string, string>();
  return (text) => {
    let v = cache.get(text);
    if (v === undefined) {
      if (cache.size >= max) cache.clear();
      cache.set(text, (v = fn(text)));
    }
    return v;
  };
}

/** The key of a port in `State.ports`: protocol, port and direction in one number. */
function portKey(proto: 'tcp' | 'udp', port: number, direction: 'in' | 'out'): number {
  return (port * 2 + (direction === 'out' ? 1 : 0)) * 2 + (proto === 'udp' ? 1 : 0);
}

/** An HTTP Host header without its port. */
function hostWithoutPort(host: string): string {
  return host.includes(':') ? host.replace(/:\d+$/, '') : host;
}

export interface Inventory {
  observe(obs: Observation): void;
  /** Marks the home's router (from the packet engine's next-hop count, or the neighbour table's default route). */
  setGateway(ref: { mac?: string; ip?: string }): void;
  devices(): Device[];
  evidence(id: string): DeviceEvidence | undefined;
  readonly size: number;
  /** Observations set aside because the device bound was reached. */
  readonly overflowed: number;
}

export function createInventory(opts: InventoryOptions = {}): Inventory {
  const byId = new Map<string, State>();
  const byIp = new Map<string, State>();
  const maxPeers = opts.maxPeers ?? 2000;
  const peersShown = opts.peersShown ?? 50;
  const maxDomains = opts.maxDomains ?? 1000;
  const maxDevices = opts.maxDevices ?? 10_000;
  let dropped = 0;
  const stripLocalMemo = memo(stripLocal);
  const instanceLabelMemo = memo(instanceLabel);

  function create(id: string, at: string, mac?: string): State {
    const s: State = {
      id, mac, ips: new Set(), hostnames: new Set(), names: new Set(), services: new Set(), dhcp: new Map(),
      mdns: new Map(), ssdp: new Map(), domains: new Set(), ports: new Map(), peers: new Map(), portMappings: new Map(), bytesUp: 0,
      bytesDown: 0, wan: { up: 0, down: 0 }, firstSeen: at, lastSeen: at, isGateway: false,
    };
    byId.set(id, s);
    return s;
  }

  /** Folds an IP-keyed device into the MAC-keyed one that turned out to own its address. */
  function merge(into: State, from: State): void {
    for (const ip of from.ips) {
      into.ips.add(ip);
      byIp.set(ip, into);
    }
    for (const k of ['hostnames', 'names', 'services', 'domains'] as const) for (const v of from[k]) addBounded(into[k], v, k === 'domains' ? maxDomains : MAX_SMALL);
    for (const k of ['dhcp', 'mdns', 'ssdp', 'ports', 'portMappings'] as const) for (const [key, v] of from[k] as Map<string, never>) putBounded(into[k] as Map<string, never>, key, v);
    for (const peer of from.peers.values()) addPeer(into, peer);
    into.bytesUp += from.bytesUp;
    into.bytesDown += from.bytesDown;
    addWan(into, from.wan.up, from.wan.down, from.wan.first, from.wan.last);
    if (from.firstSeen < into.firstSeen) into.firstSeen = from.firstSeen;
    if (from.lastSeen > into.lastSeen) into.lastSeen = from.lastSeen;
    into.isGateway ||= from.isGateway;
    byId.delete(from.id);
  }

  /** Device id per MAC text, so the hot path builds no string per observation. */
  const macIds = new Map<string, string>();
  const idOfMac = (mac: string) => {
    let id = macIds.get(mac);
    if (id === undefined) {
      id = `mac-${mac.replace(/:/g, '')}`;
      if (macIds.size >= 100_000) macIds.clear();
      macIds.set(mac, id);
    }
    return id;
  };

  /** Where observations go once `maxDevices` is reached (a MAC flood), so memory stays bounded. */
  function overflow(at: string): State {
    dropped++;
    return byId.get('unattributed') ?? create('unattributed', at);
  }

  /** The device of each MAC text (MAC-keyed devices are never merged away): one lookup per observation. */
  const byMac = new Map<string, State>();

  function resolve(obs: Observation): State {
    const { mac, ip, at } = obs;
    if (mac) {
      const cached = byMac.get(mac);
      if (cached !== undefined && (!ip || cached.ips.has(ip))) return cached;
      const known = cached ?? byId.get(idOfMac(mac));
      if (!known && byId.size >= maxDevices) return overflow(at);
      const s = known ?? create(idOfMac(mac), at, mac);
      if (byMac.size < maxDevices) byMac.set(mac, s);
      if (ip && !s.ips.has(ip)) {
        const other = byIp.get(ip);
        if (other && other !== s && !other.mac) merge(s, other);
        // An address moves to the MAC that uses it now (DHCP reassignment).
        else if (other && other !== s) other.ips.delete(ip);
        if (s.ips.size < MAX_SMALL) s.ips.add(ip);
        byIp.set(ip, s);
      }
      return s;
    }
    if (ip) {
      const known = byIp.get(ip);
      if (known) return known;
      if (byId.size >= maxDevices) return overflow(at);
      const s = create(`ip-${ip}`, at);
      s.ips.add(ip);
      byIp.set(ip, s);
      return s;
    }
    return byId.get('unattributed') ?? create('unattributed', at);
  }

  function addWan(s: State, up: number, down: number, first?: string, last?: string): void {
    s.wan.up += up;
    s.wan.down += down;
    if (first && (!s.wan.first || first < s.wan.first)) s.wan.first = first;
    if (last && (!s.wan.last || last > s.wan.last)) s.wan.last = last;
  }

  function addPeer(s: State, peer: PeerSummary): void {
    const key = s.peers.has(peer.ip) || s.peers.size < maxPeers ? peer.ip : '*';
    const cur = s.peers.get(key);
    if (!cur) {
      s.peers.set(key, { ...peer, ip: key, ports: peer.ports.slice(0, 16) });
      return;
    }
    cur.bytesUp += peer.bytesUp;
    cur.bytesDown += peer.bytesDown;
    cur.packets += peer.packets;
    if (!cur.name && peer.name) cur.name = peer.name;
    for (const port of peer.ports) if (cur.ports.length < 16 && !cur.ports.includes(port)) cur.ports.push(port);
    if (peer.firstSeen < cur.firstSeen) cur.firstSeen = peer.firstSeen;
    if (peer.lastSeen > cur.lastSeen) cur.lastSeen = peer.lastSeen;
  }

  /** `addPeer` for one flow, without a peer object made for it when the peer is known already. */
  function addFlowPeer(s: State, f: FlowData): void {
    const cur = s.peers.get(f.remoteIp) ?? (s.peers.size >= maxPeers ? s.peers.get('*') : undefined);
    if (!cur) {
      addPeer(s, {
        ip: f.remoteIp, name: f.name, bytesUp: f.bytesUp, bytesDown: f.bytesDown, packets: f.packets,
        ports: f.outbound ? [f.remotePort] : [], firstSeen: f.firstSeen, lastSeen: f.lastSeen,
      });
      return;
    }
    cur.bytesUp += f.bytesUp;
    cur.bytesDown += f.bytesDown;
    cur.packets += f.packets;
    if (!cur.name && f.name) cur.name = f.name;
    if (f.outbound && cur.ports.length < 16 && !cur.ports.includes(f.remotePort)) cur.ports.push(f.remotePort);
    if (f.firstSeen < cur.firstSeen) cur.firstSeen = f.firstSeen;
    if (f.lastSeen > cur.lastSeen) cur.lastSeen = f.lastSeen;
  }

  /** A router's port mappings belong to the devices they point at (and mark the router as the gateway). */
  function observeMappings(obs: Observation): void {
    const { router, mappings } = obs.data as UpnpIgdData;
    if (router) {
      const r = resolve({ ...obs, mac: undefined, ip: router });
      r.isGateway = true;
    }
    for (const m of mappings ?? []) {
      if (!m.internalClient) continue;
      const s = resolve({ source: 'upnp-igd', at: obs.at, ip: m.internalClient, data: {} });
      putBounded(s.portMappings, `${m.protocol}/${m.externalPort}`, m);
      if (obs.at > s.lastSeen) s.lastSeen = obs.at;
    }
  }

  function observe(obs: Observation): void {
    if (obs.source === 'upnp-igd') return observeMappings(obs);
    const s = resolve(obs);
    if (obs.at < s.firstSeen) s.firstSeen = obs.at;
    if (obs.at > s.lastSeen) s.lastSeen = obs.at;
    const data = obs.data as Record<string, unknown>;
    switch (obs.source) {
      case 'dhcp': {
        const d = data as unknown as DhcpData;
        if (d.hostname) addName(s.hostnames, d.hostname);
        putBounded(s.dhcp, JSON.stringify([d.hostname, d.vendorClass, d.paramList, d.v6]), d, 16);
        break;
      }
      case 'mdns': {
        const d = data as unknown as MdnsData;
        if (d.type) addBounded(s.services, d.type);
        if (d.host) addName(s.hostnames, stripLocalMemo(d.host));
        if (d.instance) addBounded(s.names, instanceLabelMemo(d.instance));
        putBounded(s.mdns, d.instance ?? d.type ?? '', d);
        break;
      }
      case 'ssdp': {
        const d = data as unknown as SsdpData;
        const type = d.description?.deviceType ?? (d.kind !== 'search' ? d.nt ?? d.st : undefined);
        if (type && type.startsWith('urn:')) addBounded(s.services, type);
        if (d.description?.friendlyName) addBounded(s.names, d.description.friendlyName);
        if (d.kind !== 'search') {
          const key = d.usn ?? d.location ?? d.nt ?? d.st ?? '';
          const prev = s.ssdp.get(key);
          putBounded(s.ssdp, key, prev?.description && !d.description ? { ...d, description: prev.description } : d);
        }
        break;
      }
      case 'dns': {
        const q = data.query as string | undefined;
        if (q && !data.rcode) addBounded(s.domains, q, maxDomains);
        break;
      }
      case 'tls':
        if (typeof data.sni === 'string') addBounded(s.domains, data.sni, maxDomains);
        break;
      case 'http':
        if (typeof data.host === 'string') addBounded(s.domains, hostWithoutPort(data.host), maxDomains);
        break;
      case 'flow': {
        const f = data as unknown as FlowData;
        s.bytesUp += f.bytesUp;
        s.bytesDown += f.bytesDown;
        if (!f.remoteIsLocal && f.bytesUp > 0) addWan(s, f.bytesUp, f.bytesDown, f.firstSeen, f.lastSeen);
        if (f.firstSeen < s.firstSeen) s.firstSeen = f.firstSeen;
        if (f.proto === 'tcp' || f.proto === 'udp') {
          const direction = f.outbound ? 'out' : 'in';
          const port = f.outbound ? f.remotePort : f.localPort;
          const key = portKey(f.proto, port, direction);
          if (!s.ports.has(key) && s.ports.size < MAX_SMALL) s.ports.set(key, { proto: f.proto, port, direction });
        }
        addFlowPeer(s, f);
        break;
      }
      default:
        break;
    }
  }

  function evidenceOf(s: State): DeviceEvidence {
    return {
      mac: s.mac,
      vendor: s.mac ? opts.vendorOf?.(s.mac) : undefined,
      hostnames: [...s.hostnames],
      dhcp: [...s.dhcp.values()],
      mdns: [...s.mdns.values()],
      ssdp: [...s.ssdp.values()],
      domains: [...s.domains],
      ports: [...s.ports.values()],
      ...(s.wan.first && s.wan.last ? { upload: { bytesUp: s.wan.up, bytesDown: s.wan.down, seconds: Math.max(0, (Date.parse(s.wan.last) - Date.parse(s.wan.first)) / 1000) } } : {}),
    };
  }

  function toDevice(s: State): Device {
    const ev = evidenceOf(s);
    const ident: Identification = opts.identify?.(ev) ?? { category: 'unknown', capabilities: [] };
    const peers = [...s.peers.values()].sort((a, b) => b.bytesUp + b.bytesDown - (a.bytesUp + a.bytesDown)).slice(0, peersShown);
    const gatewayFallback = s.isGateway && (ident.category === 'unknown' || !ident.profile);
    return {
      id: s.id,
      mac: s.mac,
      randomizedMac: s.mac ? (opts.isRandomizedMac?.(s.mac) ?? false) : false,
      ips: [...s.ips].sort(),
      hostnames: ev.hostnames,
      vendor: ev.vendor,
      names: [...s.names],
      category: gatewayFallback ? 'router' : ident.category,
      capabilities: ident.capabilities,
      profile: ident.profile,
      ...(ident.hint && !gatewayFallback ? { hint: ident.hint } : {}),
      isGateway: s.isGateway || undefined,
      services: [...s.services],
      portMappings: s.portMappings.size ? [...s.portMappings.values()] : undefined,
      firstSeen: s.firstSeen,
      lastSeen: s.lastSeen,
      traffic: { bytesUp: s.bytesUp, bytesDown: s.bytesDown, peers },
    };
  }

  return {
    observe,
    setGateway({ mac, ip }) {
      const s = mac ? byId.get(idOfMac(mac)) : ip ? byIp.get(ip) : undefined;
      if (s) s.isGateway = true;
    },
    devices() {
      return [...byId.values()].map(toDevice).sort((a, b) => Number(!!b.isGateway) - Number(!!a.isGateway) || compareText(a.id, b.id));
    },
    evidence(id) {
      const s = byId.get(id);
      return s ? evidenceOf(s) : undefined;
    },
    get size() {
      return byId.size;
    },
    get overflowed() {
      return dropped;
    },
  };
}
