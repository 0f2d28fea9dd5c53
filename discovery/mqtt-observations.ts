/**
 * Turns a broker inventory and the facts learnt by connecting into contract shapes: Observations with
 * `source: 'mqtt'` for the rule engine and the inventory, and Devices for what sits behind the broker.
 * Observations name the broker's address (`ip`), since what they report is reachable through the broker;
 * a device that announced its own MAC or address (Tasmota, Shelly) is named by those instead.
 */
import { createHash } from 'node:crypto';
import type { Device, Observation } from '../gateway/contract.ts';
import type { MqttBrokerFacts, MqttDevice, MqttInventory, MqttObservationData } from './mqtt-types.ts';

/** Observations of one audit, all at `at` (the end of the listening time). */
export function mqttObservations(inv: MqttInventory, facts: MqttBrokerFacts, at: string): Observation<MqttObservationData>[] {
  const ip = facts.ip;
  const out: Observation<MqttObservationData>[] = [];
  const version = facts.version ?? inv.broker.version;
  out.push({ source: 'mqtt', at, ip, data: { kind: 'broker', ...facts, ...(version ? { version } : {}) } });
  for (const b of inv.bridges) out.push({ source: 'mqtt', at, ip, data: { kind: 'bridge', broker: facts.broker, name: b.name, connected: b.connected, topic: b.topic } });
  for (const e of inv.entities) {
    out.push({
      source: 'mqtt', at: e.lastSeen, ip,
      data: { kind: 'entity', broker: facts.broker, entity: e.kind, via: e.via, topic: e.topic, name: e.name, publisher: e.publisher, retained: e.retained, control: e.control },
    });
  }
  for (const d of inv.devices) {
    const own = d.mac !== undefined || d.ip !== undefined;
    out.push({ source: 'mqtt', at: d.lastSeen, mac: d.mac, ip: own ? d.ip : ip, data: { kind: 'device', broker: facts.broker, device: d } });
  }
  return out;
}

/**
 * A broker-announced device as a contract Device. With a MAC it gets the inventory's MAC id (so it merges with
 * the same device seen on the network); otherwise `mqtt-<hash of broker + id>`, stable across audits.
 */
export function mqttDeviceToDevice(d: MqttDevice, broker: string): Device {
  const id = d.mac ? `mac-${d.mac.replace(/:/g, '')}` : `mqtt-${createHash('sha256').update(`${broker}\0${d.id}`).digest('hex').slice(0, 16)}`;
  return {
    id,
    mac: d.mac,
    randomizedMac: false,
    ips: d.ip ? [d.ip] : [],
    hostnames: [],
    vendor: d.vendor,
    names: [d.name],
    category: d.category,
    capabilities: [...d.capabilities],
    profile: d.profile ? { ...d.profile, matchedBy: [...d.profile.matchedBy] } : undefined,
    services: [`mqtt:${d.via}`],
    firstSeen: d.firstSeen,
    lastSeen: d.lastSeen,
    traffic: { bytesUp: 0, bytesDown: 0, peers: [] },
  };
}
