/**
 * The MQTT broker inventory: feed the messages a read-only subscriber to `#` and `$SYS/#` receives, get what the
 * topic tree reveals (devices behind zigbee2mqtt and Home Assistant, Tasmota and Shelly devices, OwnTracks phones,
 * Frigate cameras, bridges to other brokers), bounded. Pure: no sockets; `gateway/mqtt/mqtt-audit.ts` is the edge.
 *
 * Hostile data is bounded, never thrown: payloads over `maxPayloadBytes` are counted and not parsed, topics
 * deeper than `maxDepth` or longer than `maxTopicLength` are counted and ignored, at most `maxTopics` distinct
 * topics are remembered, devices and entities are capped, JSON and binary failures are counted.
 */
import type { Category } from '../gateway/contract.ts';
import { handleAnnounce } from './mqtt-announce.ts';
import { handleFrigate } from './mqtt-frigate.ts';
import { handleHomeAssistant } from './mqtt-home-assistant.ts';
import { handleOwnTracks } from './mqtt-owntracks.ts';
import { payloadJson, payloadText } from './mqtt-payload.ts';
import type { ClassifyVendorModel, DescribeDevice, DeviceReport, EntityReport, Sink, TopicHandler, TopicMessage } from './mqtt-sink.ts';
import { handleSys } from './mqtt-sys.ts';
import type { MqttBridge, MqttDevice, MqttEntity, MqttInventory, MqttInventoryStats, MqttMessage } from './mqtt-types.ts';
import { handleZigbee2mqtt } from './mqtt-zigbee2mqtt.ts';

export type { ClassifyVendorModel } from './mqtt-sink.ts';

/** Bounds and injected helpers of the inventory; every number has a default. */
export interface MqttTopicTreeOptions {
  /** Payloads larger than this are counted as oversized and never parsed (default 256 KiB). */
  maxPayloadBytes?: number;
  /** Distinct topics remembered (default 5000); further topics are still handled but not remembered. */
  maxTopics?: number;
  /** Topic levels at most (default 32). */
  maxDepth?: number;
  /** Topic length in characters at most (default 1024). */
  maxTopicLength?: number;
  maxDevices?: number;
  maxEntities?: number;
  /** Entries read from one list payload (zigbee2mqtt's device list) at most (default 2000). */
  maxListEntries?: number;
  /** Tracker state topics remembered from discovery configs (default 500). */
  maxWatched?: number;
  /** Looks up vendor + model in the device profiles (optional). */
  classify?: ClassifyVendorModel;
  /** Reads a device's description in words when nothing else places it (optional). */
  describe?: DescribeDevice;
  /** Clock for messages without `at` (default: now). */
  now?: () => string;
}

/** An inventory being filled, one message at a time. */
export interface MqttTopicTree {
  /** Handles one message; never throws on any topic or payload. */
  message(msg: MqttMessage): void;
  /** A snapshot of what is known so far. */
  inventory(): MqttInventory;
  readonly stats: Readonly<MqttInventoryStats>;
}

// When two announcements disagree about one device, the category that says more about watching, tracking or
// control wins (a Home Assistant device with a sensor and a lock entity is a lock).
const CATEGORY_RANK: Category[] = [
  'lock', 'camera', 'doorbell', 'alarm', 'tracker', 'phone', 'garage-door', 'baby-monitor', 'thermostat',
  'robot-vacuum', 'smart-light', 'smart-plug', 'appliance', 'sensor',
];
const rankOf = (c: Category) => {
  const i = CATEGORY_RANK.indexOf(c);
  return i < 0 ? CATEGORY_RANK.length : i;
};

const HANDLERS: TopicHandler[] = [handleSys, handleFrigate, handleZigbee2mqtt, handleHomeAssistant, handleAnnounce, handleOwnTracks];
const MAX_PREFIXES = 200;

/** Creates an empty inventory with the given bounds. */
export function createMqttTopicTree(opts: MqttTopicTreeOptions = {}): MqttTopicTree {
  const maxPayload = opts.maxPayloadBytes ?? 256 * 1024;
  const maxTopics = opts.maxTopics ?? 5000;
  const maxDepth = opts.maxDepth ?? 32;
  const maxTopicLength = opts.maxTopicLength ?? 1024;
  const maxDevices = opts.maxDevices ?? 2000;
  const maxEntities = opts.maxEntities ?? 2000;
  const maxWatched = opts.maxWatched ?? 500;
  const now = opts.now ?? (() => new Date().toISOString());

  const stats: MqttInventoryStats = {
    messages: 0, payloadBytes: 0, topicsSeen: 0, topicsDropped: 0, oversized: 0, tooDeep: 0, jsonErrors: 0, binary: 0, itemsDropped: 0,
  };
  // Topic → whether a retained message was seen on it (a tracker's state can arrive before its config).
  const topics = new Map<string, boolean>();
  const prefixes = new Map<string, number>();
  const devices = new Map<string, MqttDevice>();
  const entities = new Map<string, MqttEntity>();
  const bridges = new Map<string, MqttBridge>();
  const watched = new Map<string, EntityReport>();
  const broker: MqttInventory['broker'] = {};

  const sink: Sink = {
    maxListEntries: opts.maxListEntries ?? 2000,
    classify: opts.classify,
    describe: opts.describe,
    json(m) {
      const r = payloadJson(m.payload);
      if (r.ok) return r.value;
      if (r.why === 'binary') stats.binary++;
      else stats.jsonErrors++;
      return undefined;
    },
    text(m) {
      const t = payloadText(m.payload);
      if (t === null) stats.binary++;
      return t ?? undefined;
    },
    device(d: DeviceReport, at) {
      const cur = devices.get(d.id);
      if (!cur) {
        if (devices.size >= maxDevices) {
          stats.itemsDropped++;
          return;
        }
        devices.set(d.id, { ...d, capabilities: [...d.capabilities], firstSeen: at, lastSeen: at });
        return;
      }
      if (at > cur.lastSeen) cur.lastSeen = at;
      if (at < cur.firstSeen) cur.firstSeen = at;
      for (const k of ['vendor', 'model', 'description', 'mac', 'ip', 'ieee'] as const) if (cur[k] === undefined && d[k] !== undefined) cur[k] = d[k];
      if (d.online !== undefined) cur.online = d.online;
      // A name from an announcement beats one made from a topic level.
      if (cur.classifiedBy === 'announcement' && d.classifiedBy !== 'announcement' && d.name) cur.name = d.name;
      for (const c of d.capabilities) if (!cur.capabilities.includes(c)) cur.capabilities.push(c);
      if (rankOf(d.category) < rankOf(cur.category)) {
        cur.category = d.category;
        cur.classifiedBy = d.classifiedBy;
      }
      if (!cur.profile && d.profile) cur.profile = d.profile;
    },
    online(id, online, at) {
      const cur = devices.get(id);
      if (!cur) return false;
      cur.online = online;
      if (at > cur.lastSeen) cur.lastSeen = at;
      return true;
    },
    entity(e, at) {
      const key = `${e.kind}\0${e.topic}`;
      const cur = entities.get(key);
      if (!cur) {
        if (entities.size >= maxEntities) {
          stats.itemsDropped++;
          return;
        }
        entities.set(key, { ...e, firstSeen: at, lastSeen: at, count: 1 });
        return;
      }
      cur.count++;
      cur.retained ||= e.retained;
      cur.control ||= e.control;
      if (e.reportedAt && (!cur.reportedAt || e.reportedAt > cur.reportedAt)) cur.reportedAt = e.reportedAt;
      if (at > cur.lastSeen) cur.lastSeen = at;
      if (at < cur.firstSeen) cur.firstSeen = at;
    },
    bridge(name, connected, topic, at) {
      if (!bridges.has(name) && bridges.size >= maxEntities) {
        stats.itemsDropped++;
        return;
      }
      bridges.set(name, { name, connected, topic, at });
    },
    broker(fact, value) {
      if (fact === 'clientsConnected') broker.clientsConnected = value as number;
      else broker[fact] = String(value);
    },
    watch(topic, entity, at) {
      if (!watched.has(topic) && watched.size >= maxWatched) return;
      watched.set(topic, entity);
      if (topics.get(topic) === true) sink.entity({ ...entity, retained: true }, at);
    },
  };

  function message(msg: MqttMessage): void {
    stats.messages++;
    const topic = typeof msg.topic === 'string' ? msg.topic : '';
    const payload = Buffer.isBuffer(msg.payload) ? msg.payload : Buffer.alloc(0);
    stats.payloadBytes += payload.length;
    if (topic.length === 0 || topic.length > maxTopicLength) {
      stats.tooDeep++;
      return;
    }
    let depth = 1;
    for (let i = 0; i < topic.length && depth <= maxDepth; i++) if (topic.charCodeAt(i) === 47) depth++;
    if (depth > maxDepth) {
      stats.tooDeep++;
      return;
    }
    const retained = msg.retained === true;
    const known = topics.get(topic);
    if (known === undefined) {
      if (topics.size < maxTopics) {
        stats.topicsSeen++;
        topics.set(topic, retained);
      } else stats.topicsDropped++;
    } else if (retained && !known) topics.set(topic, true);
    const levels = topic.split('/');
    const prefix = levels[0]!.slice(0, 64);
    if (prefixes.has(prefix) || prefixes.size < MAX_PREFIXES) prefixes.set(prefix, (prefixes.get(prefix) ?? 0) + 1);
    if (payload.length > maxPayload) {
      stats.oversized++;
      return;
    }
    const m: TopicMessage = { topic, levels, payload, retained, at: typeof msg.at === 'string' ? msg.at : now() };
    const w = watched.get(topic);
    if (w && payload.length > 0) sink.entity({ ...w, retained: m.retained }, m.at);
    for (const h of HANDLERS) if (h(m, sink)) return;
  }

  function inventory(): MqttInventory {
    return {
      broker: { ...broker },
      bridges: [...bridges.values()].map((b) => ({ ...b })),
      devices: [...devices.values()].map((d) => ({ ...d, capabilities: [...d.capabilities] })),
      entities: [...entities.values()].map((e) => ({ ...e })),
      prefixes: [...prefixes].map(([prefix, messages]) => ({ prefix, messages })).sort((a, b) => b.messages - a.messages || a.prefix.localeCompare(b.prefix)).slice(0, 20),
      stats: { ...stats },
    };
  }

  return { message, inventory, stats };
}

/** The inventory of a list of messages (tests, recorded topic dumps). */
export function parseMqttTopicTree(messages: Iterable<MqttMessage>, opts: MqttTopicTreeOptions = {}): MqttInventory {
  const tree = createMqttTopicTree(opts);
  for (const m of messages) tree.message(m);
  return tree.inventory();
}
