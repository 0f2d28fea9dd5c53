/**
 * What a topic handler (zigbee2mqtt, Home Assistant, Tasmota/Shelly, OwnTracks, Frigate, $SYS) may do with one
 * message: read its payload within the bounds, and add devices, entities and bridges to the bounded inventory.
 */
import type { Capability, Category, ProfileMatch } from '../gateway/contract.ts';
import type { MqttDevice, MqttEntity } from './mqtt-types.ts';

/** What the device profiles say about a vendor and model (an injected classifier). */
export interface ProfileKind {
  category: Category;
  capabilities: Capability[];
  profile: ProfileMatch;
}

/** Asks the device profiles about a vendor and model; null when they do not know it. */
export type ClassifyVendorModel = (vendor: string | undefined, model: string | undefined) => ProfileKind | null;

/** What a device's own words say it is ("Smart door lock" → lock), when no profile or exposes does; null when they do not. */
export type DescribeDevice = (vendor: string | undefined, model: string | undefined, description: string | undefined) => Pick<ProfileKind, 'category' | 'capabilities'> | null;

/** A device as a handler reports it (times are filled by the inventory). */
export type DeviceReport = Omit<MqttDevice, 'firstSeen' | 'lastSeen'>;

/** An entity as a handler reports it; it is merged by kind + topic. */
export type EntityReport = Omit<MqttEntity, 'firstSeen' | 'lastSeen' | 'count'>;

/** One message, split and bounded, as handlers see it. */
export interface TopicMessage {
  topic: string;
  levels: string[];
  payload: Buffer;
  retained: boolean;
  at: string;
}

export interface Sink {
  /** The payload as JSON, or undefined (the failure is counted). */
  json(m: TopicMessage): unknown;
  /** The payload as text, or undefined when binary (counted). */
  text(m: TopicMessage): string | undefined;
  device(d: DeviceReport, at: string): void;
  /** Marks a known device online or offline (LWT, `online` topics); unknown ids are ignored. */
  online(id: string, online: boolean, at: string): boolean;
  entity(e: EntityReport, at: string): void;
  bridge(name: string, connected: boolean, topic: string, at: string): void;
  broker(fact: 'version' | 'uptime' | 'clientsConnected', value: string | number): void;
  /**
   * Remembers the state topic of an entity (bounded): messages there refresh it, and a retained one (seen before
   * or after) marks it retained, since the announcement's own retained flag says nothing about the state.
   */
  watch(topic: string, entity: EntityReport, at: string): void;
  classify?: ClassifyVendorModel;
  describe?: DescribeDevice;
  /** Entries read from one list payload (zigbee2mqtt's device list) at most. */
  readonly maxListEntries: number;
}

/** Handles the messages of one convention; returns true when it recognised the topic. */
export type TopicHandler = (m: TopicMessage, sink: Sink) => boolean;
