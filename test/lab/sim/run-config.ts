/** The JSON each lab program (device, cloud, router) reads from the file named on its command line. */
import { readFileSync } from 'node:fs';
import type { ScenarioDevice } from '../scenario-schema.ts';

/** TCP ports on which the cloud speaks TLS and devices open TLS: HTTPS, MQTT over TLS, Google FCM. */
export const TLS_PORTS = [443, 5228, 8443, 8883] as const;

/** What one simulated device program needs. */
export interface DeviceRunConfig {
  ip: string;
  gatewayIp: string;
  resolver: string;
  seconds: number;
  dhcpRenewSec: number;
  tlsPorts: number[];
  device: ScenarioDevice;
}

/** What the cloud program needs. */
export interface CloudRunConfig {
  domains: Record<string, string>;
  /** Addresses that answer DNS. */
  resolvers: string[];
  tcpPorts: number[];
  udpPorts: number[];
  tlsPorts: number[];
  certFile: string;
  keyFile: string;
  seconds: number;
}

/** One port mapping as the router's IGD reports it, with the internal client already an address. */
export interface RouterMapping {
  protocol: 'TCP' | 'UDP';
  externalPort: number;
  internalClient: string;
  internalPort: number;
  description: string;
  leaseSeconds: number;
  enabled: boolean;
}

/** What the router (UPnP IGD) program needs. */
export interface RouterRunConfig {
  lanIp: string;
  wanIp: string;
  port: number;
  seconds: number;
  igd: { friendlyName: string; manufacturer: string; modelName: string; modelNumber?: string; server: string; udn: string };
  mappings: RouterMapping[];
}

/** Reads the config file named by argv[2]. Lab programs are started by lab.ts, so a bad file is a bug. */
export function readRunConfig<T>(argv: string[]): T {
  const file = argv[2];
  if (!file) throw new Error('usage: <program> CONFIG.json');
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}

/** A deterministic UPnP UDN from a MAC, so a device keeps its identity across lab runs. */
export function udnFromMac(mac: string, salt: string): string {
  const hex = (mac.replace(/:/g, '') + Buffer.from(salt).toString('hex')).padEnd(32, '0').slice(0, 32);
  return `uuid:${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
