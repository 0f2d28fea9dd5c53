/**
 * What the capture could see: whether HomeSweep was in the path of the home's traffic (on the router, or on a
 * mirror port) or beside it (a laptop or Raspberry Pi on a switched or Wi-Fi network sees only broadcasts,
 * multicasts and its own traffic). Decided from what the capture shows, never assumed, so an empty result is
 * never mistaken for a clean one.
 *
 * `createVisibilityTracker` counts, per device, the signs that its own traffic was seen: flows to the internet
 * and DNS questions. `decideVisibility` is the pure decision over those counts.
 */
import type { Device, DnsData, Observation, Visibility } from '../contract.ts';
import type { FlowData } from '../capture/engine.ts';

/** Below this much listening, "nothing of the others' traffic seen" is not yet a verdict. */
export const MIN_LISTEN_SECONDS = 60;
/** A device that is one end of at least this share of the unicast packets is the computer that captured them. */
export const CAPTURE_HOST_SHARE = 0.95;

/** What was seen of one device's own traffic. */
export interface DeviceTraffic {
  /** Flows between it and the internet. */
  internetFlows: number;
  /** DNS questions it sent (to any resolver). */
  dnsQuestions: number;
}

/** The input of {@link decideVisibility}. */
export interface VisibilityInput {
  /** Every device of the audit (the router and the capturing computer included; they are left out here). */
  devices: readonly Pick<Device, 'id' | 'isGateway'>[];
  /** Per device id, the traffic seen; devices missing here had none. */
  traffic: ReadonlyMap<string, DeviceTraffic>;
  /** Device ids of the computer that captured (known for a live capture; inferred for a file). */
  captureHost: readonly string[];
  /** Seconds the capture covers. */
  seconds: number;
  /** False when no packets were captured at all (discovery only, or the capture failed). */
  captured: boolean;
  /** True when the capturing computer is known (a live capture), false when it was inferred or is unknown. */
  hostKnown: boolean;
}

/**
 * The placement and whose traffic was seen. `in-path` when the traffic of devices other than the router and the
 * capturing computer was seen; `beside` when only their announcements were; `unknown` when too little was seen
 * to tell (no capture, too short, no other device, or only one device's traffic in a file whose taker is unknown).
 */
export function decideVisibility(input: VisibilityInput): Visibility {
  const host = new Set(input.captureHost);
  const others = input.devices.filter((d) => d.id !== 'unattributed' && !d.isGateway && !host.has(d.id));
  const saw = others.filter((d) => {
    const t = input.traffic.get(d.id);
    return t !== undefined && (t.internetFlows > 0 || t.dnsQuestions > 0);
  });
  const base = { devicesWithTraffic: saw.length, devicesTotal: others.length, sawDevices: saw.map((d) => d.id).sort() };
  if (!input.captured) return { placement: 'unknown', reason: 'no-capture', ...base };
  if (others.length === 0) return { placement: 'unknown', reason: 'no-devices', ...base };
  // With the capturing computer known, one other device's traffic is proof; from a file whose taker could not be
  // told apart, one device with traffic may be the taker itself.
  if (saw.length >= 2 || (saw.length === 1 && input.hostKnown)) return { placement: 'in-path', reason: 'saw-traffic', ...base };
  if (saw.length === 1) return { placement: 'unknown', reason: 'one-device', ...base };
  if (input.seconds < MIN_LISTEN_SECONDS) return { placement: 'unknown', reason: 'too-early', ...base };
  return { placement: 'beside', reason: 'announcements-only', ...base };
}

/** Who the capturing computer is, when known (the interface's MAC and addresses on a live capture). */
export interface CaptureHostRef {
  macs: readonly string[];
  ips: readonly string[];
}

/** Unicast packets counted per MAC by the packet engine: the capturing computer is one end of nearly all of them. */
export interface UnicastCounts {
  total: number;
  byMac: ReadonlyMap<string, number>;
}

/** The context of one visibility verdict. */
export interface VisibilityContext {
  seconds: number;
  captured: boolean;
  /** The capturing computer, when known. */
  host?: CaptureHostRef;
  /** The engine's unicast counts, to recognise the capturing computer in a file. */
  unicast?: UnicastCounts;
}

export interface VisibilityTracker {
  observe(obs: Observation): void;
  /** The verdict for these devices (the inventory's, after the pass). */
  result(devices: readonly Device[], ctx: VisibilityContext): Visibility;
}

/** Counts, per MAC or (without one) per IP, the flows to the internet and the DNS questions each device sent. */
export function createVisibilityTracker(): VisibilityTracker {
  const byKey = new Map<string, DeviceTraffic>();
  const MAX_KEYS = 10_000;
  // The last device's counts: its observations come in runs (a burst of questions, flows ending together).
  let lastKey: string | undefined;
  let lastEntry: DeviceTraffic | undefined;
  const entry = (obs: Observation): DeviceTraffic | undefined => {
    const key = obs.mac ?? obs.ip;
    if (!key) return undefined;
    if (key === lastKey) return lastEntry;
    let t = byKey.get(key);
    if (!t && byKey.size < MAX_KEYS) byKey.set(key, (t = { internetFlows: 0, dnsQuestions: 0 }));
    if (t) {
      lastKey = key;
      lastEntry = t;
    }
    return t;
  };
  return {
    observe(obs) {
      if (obs.source === 'flow') {
        const f = obs.data as unknown as FlowData;
        if (!f.remoteIsLocal) {
          const t = entry(obs);
          if (t) t.internetFlows++;
        }
      } else if (obs.source === 'dns') {
        const d = obs.data as unknown as DnsData;
        // A question (answers carry an rcode and are filed under the asker too; count each question once).
        if (d.rcode === undefined) {
          const t = entry(obs);
          if (t) t.dnsQuestions++;
        }
      }
    },
    result(devices, ctx) {
      const idOf = new Map<string, string>();
      for (const d of devices) {
        if (d.mac) idOf.set(d.mac, d.id);
        for (const ip of d.ips) if (!idOf.has(ip)) idOf.set(ip, d.id);
      }
      const traffic = new Map<string, DeviceTraffic>();
      for (const [key, t] of byKey) {
        const id = idOf.get(key);
        if (!id) continue;
        const cur = traffic.get(id);
        traffic.set(id, cur ? { internetFlows: cur.internetFlows + t.internetFlows, dnsQuestions: cur.dnsQuestions + t.dnsQuestions } : { ...t });
      }
      const host = new Set<string>();
      for (const k of [...(ctx.host?.macs ?? []), ...(ctx.host?.ips ?? [])]) {
        const id = idOf.get(k);
        if (id) host.add(id);
      }
      const hostKnown = ctx.host !== undefined;
      if (!hostKnown) {
        const inferred = captureHostFromUnicast(devices, ctx.unicast);
        if (inferred) host.add(inferred);
      }
      return decideVisibility({ devices, traffic, captureHost: [...host], seconds: ctx.seconds, captured: ctx.captured, hostKnown });
    },
  };
}

/**
 * The device that is one end of nearly every unicast packet, when it is not the router: a computer beside the
 * router sees no unicast but its own. (On the router, the router itself is that end, and it is left out anyway.)
 */
export function captureHostFromUnicast(devices: readonly Device[], unicast: UnicastCounts | undefined): string | undefined {
  if (!unicast || unicast.total === 0) return undefined;
  let best: string | undefined;
  let bestCount = 0;
  for (const [mac, n] of unicast.byMac) if (n > bestCount) [best, bestCount] = [mac, n];
  if (!best || bestCount < CAPTURE_HOST_SHARE * unicast.total) return undefined;
  const d = devices.find((x) => x.mac === best);
  return d && !d.isGateway ? d.id : undefined;
}

/** The capturing computer as `os.networkInterfaces()` describes the interface it listens on. */
export function captureHostOf(table: NodeJS.Dict<{ address: string; mac: string; internal: boolean }[]>, iface: string): CaptureHostRef {
  const addrs = (table[iface] ?? []).filter((a) => !a.internal);
  const macs = [...new Set(addrs.map((a) => a.mac.toLowerCase()).filter((m) => m !== '00:00:00:00:00:00'))];
  return { macs, ips: addrs.map((a) => a.address) };
}
