/**
 * Shapes of the MQTT broker inventory (DESIGN.md "MQTT broker inventory"): what the topic tree of a home's broker
 * reveals about the devices behind it, and the `data` of Observations with `source: 'mqtt'`.
 */
import type { Capability, Category, ProfileMatch } from '../gateway/contract.ts';

/** The home-automation software whose topic conventions revealed a device or entity. */
export type MqttVia = 'zigbee2mqtt' | 'home-assistant' | 'tasmota' | 'shelly' | 'owntracks' | 'frigate';

/** What an entity lets someone do or see through the broker. */
export type MqttEntityKind = 'location' | 'camera' | 'lock' | 'alarm';

/** One message as the broker delivered it. `at` defaults to the inventory's clock. */
export interface MqttMessage {
  topic: string;
  payload: Buffer;
  retained: boolean;
  at?: string;
}

/** A device the topic tree names (a Zigbee lock behind zigbee2mqtt, a Tasmota plug, an OwnTracks phone …). */
export interface MqttDevice {
  /** Stable within the broker: `<via>:<identifier>`. */
  id: string;
  via: MqttVia;
  name: string;
  vendor?: string;
  model?: string;
  description?: string;
  category: Category;
  capabilities: Capability[];
  /** The topic it was learnt from. */
  topic: string;
  /** LAN address and MAC when the announcement carries them (Tasmota, Shelly). */
  mac?: string;
  ip?: string;
  /** Zigbee IEEE address, when behind a Zigbee bridge. */
  ieee?: string;
  /** How the category was decided: `profile:<id>` (device profiles), `exposes`, `component`, `announcement`. */
  classifiedBy: string;
  /** The device profile that matched the vendor and model, when one did. */
  profile?: ProfileMatch;
  online?: boolean;
  firstSeen: string;
  lastSeen: string;
}

/** Something reachable through the broker that reveals location, shows a camera or controls a lock or alarm. */
export interface MqttEntity {
  kind: MqttEntityKind;
  via: MqttVia;
  /** The topic that revealed it (a discovery config, a location report, an event stream). */
  topic: string;
  name: string;
  /** For location: who publishes it (OwnTracks `user/device`, the tracker's name). */
  publisher?: string;
  /** True when the broker keeps the last message for every new subscriber. */
  retained: boolean;
  /** True when a command topic lets a client act on it (open the lock, disarm the alarm). */
  control: boolean;
  /** For location: when the device last reported it (the report's own time), never the coordinates. */
  reportedAt?: string;
  device?: string;
  firstSeen: string;
  lastSeen: string;
  count: number;
}

/** A bridge the broker keeps to another broker (`$SYS/broker/connection/<name>/state`). */
export interface MqttBridge {
  name: string;
  connected: boolean;
  topic: string;
  at: string;
}

/** Counts of what was read, and of what the bounds set aside. */
export interface MqttInventoryStats {
  messages: number;
  payloadBytes: number;
  /** Distinct topics remembered (at most `maxTopics`). */
  topicsSeen: number;
  /** Messages on further topics once `maxTopics` was reached (still handled, not remembered). */
  topicsDropped: number;
  /** Payloads over `maxPayloadBytes`: counted, never parsed. */
  oversized: number;
  /** Topics deeper than `maxDepth` levels or longer than `maxTopicLength`: counted, ignored. */
  tooDeep: number;
  /** Payloads expected to be JSON that did not parse. */
  jsonErrors: number;
  /** Payloads that were not text (NUL bytes, invalid UTF-8) where text was expected. */
  binary: number;
  /** Devices or entities not kept because their bound was reached. */
  itemsDropped: number;
}

/** Everything the topic tree said, bounded. */
export interface MqttInventory {
  broker: { version?: string; uptime?: string; clientsConnected?: number };
  bridges: MqttBridge[];
  devices: MqttDevice[];
  entities: MqttEntity[];
  /** The busiest top-level topic prefixes (e.g. `zigbee2mqtt`, `homeassistant`), with message counts. */
  prefixes: { prefix: string; messages: number }[];
  stats: MqttInventoryStats;
}

/** Broker facts the audit client learnt by connecting (the topic tree cannot say them). */
export interface MqttBrokerFacts {
  /** `host:port` as given. */
  broker: string;
  /** The address the connection reached, when known (it names the broker's device). */
  ip?: string;
  port: number;
  tls: boolean;
  /** True: a client without user name was accepted; false: refused; null: not checked. */
  anonymous: boolean | null;
  version?: string;
}

/** `data` of an Observation with `source: 'mqtt'`. */
export type MqttObservationData =
  | ({ kind: 'broker' } & MqttBrokerFacts)
  | { kind: 'bridge'; broker: string; name: string; connected: boolean; topic: string }
  | { kind: 'entity'; broker: string; entity: MqttEntityKind; via: MqttVia; topic: string; name: string; publisher?: string; retained: boolean; control: boolean }
  | { kind: 'device'; broker: string; device: MqttDevice };
