/**
 * Matter ecosystems from passive mDNS only (ACCOUNTS.md §5; Matter Core spec §4.3.2). A commissioned node
 * advertises one `_matter._tcp` instance per fabric, named `<compressed fabric id>-<node id>` (16 + 16 hex), and
 * every node of one ecosystem shares the compressed fabric id. So: instances per device = how many smart-home
 * systems it is shared with; a fabric seen on one device only, while the other devices share another one, may be
 * a system the household does not know about. `_matterc._udp` means a pairing window is open right now.
 * No network traffic at all: this reads observations that were already collected.
 */
import type { AccessEntry, Device, MdnsData, Observation } from '../../gateway/contract.ts';
import type { LangText } from '../../gateway/rules/render.ts';
import { accessPhrase, entryWords } from './access-text.ts';

/** One fabric membership seen for a device. */
export interface MatterMembership {
  fabric: string;
  node: string;
  lastSeen: string;
}

/** Splits an instance name into compressed fabric id and node id (upper-case hex); null when it is not one. */
export function parseMatterInstance(instance: unknown): { fabric: string; node: string } | null {
  if (typeof instance !== 'string' || instance.length > 255) return null;
  const m = /^([0-9a-f]{16})-([0-9a-f]{16})(?:\.|$)/i.exec(instance);
  return m ? { fabric: m[1]!.toUpperCase(), node: m[2]!.toUpperCase() } : null;
}

function bareHost(h: string): string {
  return h.toLowerCase().replace(/\.$/, '').replace(/\.local$/, '');
}

/** The device an mDNS observation belongs to: by IP, then MAC, then host name. */
export function deviceOfObservation(devices: Device[], o: Observation<MdnsData>): Device | undefined {
  if (o.ip) {
    const d = devices.find((x) => x.ips.includes(o.ip!));
    if (d) return d;
  }
  if (o.mac) {
    const d = devices.find((x) => x.mac === o.mac);
    if (d) return d;
  }
  const host = typeof o.data?.host === 'string' ? bareHost(o.data.host) : undefined;
  return host ? devices.find((x) => x.hostnames.some((h) => bareHost(h) === host)) : undefined;
}

function isType(o: Observation<MdnsData>, type: string): boolean {
  const t = typeof o.data?.type === 'string' ? o.data.type.toLowerCase().replace(/\.local\.?$/, '').replace(/\.$/, '') : '';
  const inst = typeof o.data?.instance === 'string' ? o.data.instance.toLowerCase() : '';
  return t === type || inst.includes(`.${type}`);
}

/** Fabric memberships per device id, from `_matter._tcp` observations. */
export function matterFabricsByDevice(devices: Device[], observations: Observation<MdnsData>[]): Map<string, Map<string, MatterMembership>> {
  const out = new Map<string, Map<string, MatterMembership>>();
  for (const o of observations) {
    if (o?.source !== 'mdns' || !isType(o, '_matter._tcp')) continue;
    const id = parseMatterInstance(o.data.instance);
    const dev = id && deviceOfObservation(devices, o);
    if (!id || !dev) continue;
    const fabrics = out.get(dev.id) ?? new Map<string, MatterMembership>();
    const prev = fabrics.get(id.fabric);
    if (!prev || o.at > prev.lastSeen) fabrics.set(id.fabric, { fabric: id.fabric, node: id.node, lastSeen: o.at });
    out.set(dev.id, fabrics);
  }
  return out;
}

/**
 * Fabrics seen on exactly one device while some other fabric is shared by two or more devices: the household's
 * devices share an ecosystem, and this one device is also (or only) in another. Needs at least two Matter devices.
 */
export function findLoneFabrics(byDevice: Map<string, Map<string, unknown>>): Map<string, Set<string>> {
  const count = new Map<string, number>();
  for (const fabrics of byDevice.values()) for (const f of fabrics.keys()) count.set(f, (count.get(f) ?? 0) + 1);
  const out = new Map<string, Set<string>>();
  if (byDevice.size < 2) return out;
  for (const [dev, fabrics] of byDevice) {
    for (const f of fabrics.keys()) {
      if (count.get(f) !== 1) continue;
      const othersShare = [...count].some(([g, n]) => g !== f && n >= 2);
      if (!othersShare) continue;
      const set = out.get(dev) ?? new Set<string>();
      set.add(f);
      out.set(dev, set);
    }
  }
  return out;
}

function systems(n: number): LangText {
  return n === 1 ? accessPhrase('matter-systems-one') : accessPhrase('matter-systems', { count: String(n) });
}

/** Pure: `ecosystem` entries per device id (one per fabric, plus one for an open pairing window). */
export function matterEntries(devices: Device[], observations: Observation<MdnsData>[]): Map<string, AccessEntry[]> {
  const byDevice = matterFabricsByDevice(devices, observations);
  const lone = findLoneFabrics(byDevice);
  const out = new Map<string, AccessEntry[]>();
  for (const [dev, fabrics] of byDevice) {
    const list = [...fabrics.values()].sort((a, b) => a.fabric.localeCompare(b.fabric));
    const shared = (f: string) => [...byDevice].filter(([d, fs]) => d !== dev && fs.has(f)).map(([d]) => d);
    out.set(
      dev,
      list.map((m, i) => {
        const others = shared(m.fabric);
        const unknown = lone.get(dev)?.has(m.fabric) === true;
        const detail = [
          accessPhrase('matter-fabric', { fabric: m.fabric, node: m.node }),
          others.length ? accessPhrase('matter-also-on', { devices: others.slice(0, 12).join(', ') }) : accessPhrase('matter-alone'),
          ...(unknown ? [accessPhrase('matter-unknown')] : []),
        ];
        return {
          id: `matter-fabric:${dev}:${m.fabric}`,
          kind: 'ecosystem' as const,
          ...entryWords(accessPhrase(unknown ? 'matter-fabric-label-unknown' : 'matter-fabric-label', { systems: systems(list.length), n: String(i + 1), fabric: m.fabric.slice(0, 4) }), detail),
          source: 'matter-mdns',
          notice: 'N0' as const,
          // The lone-fabric guess above is exactly what `unexpected` means in the contract.
          ...(unknown ? { unexpected: true } : {}),
          at: m.lastSeen,
        };
      }),
    );
  }
  for (const o of observations) {
    if (o?.source !== 'mdns' || !isType(o, '_matterc._udp')) continue;
    const dev = deviceOfObservation(devices, o);
    if (!dev) continue;
    const list = out.get(dev.id) ?? [];
    const id = `matter-pairing:${dev.id}`;
    const prev = list.find((e) => e.id === id);
    if (prev) {
      if (o.at > prev.at) prev.at = o.at;
    } else {
      list.push({ id, kind: 'ecosystem', ...entryWords(accessPhrase('matter-pairing-label'), accessPhrase('matter-pairing', { at: o.at })), source: 'matter-mdns', notice: 'N0', at: o.at });
    }
    out.set(dev.id, list);
  }
  return out;
}
