/**
 * Turns a scenario into the concrete lab layout: namespace names, addresses, interface names and the cloud's
 * DNS table. Pure: the same scenario always gives the same plan.
 */
import type { Scenario, ScenarioDevice } from './scenario-schema.ts';

/** Fixed lab addressing. LAN 10.77.0.0/24; the "internet" lives in 198.18.0.0/15 (RFC 2544 benchmarking). */
export const LAB = {
  bridgeNs: 'hl-br',
  gatewayNs: 'hl-gw',
  cloudNs: 'hl-cloud',
  devicePrefix: 'hl-d',
  lanPrefix: '10.77.0',
  gatewayLanIp: '10.77.0.1',
  gatewayWanIp: '198.18.0.1',
  cloudWanIp: '198.18.0.2',
  resolverIp: '198.19.0.53',
  /** The router's UPnP IGD description is served here. */
  igdPort: 5000,
} as const;

/** One device as placed in the lab. */
export interface PlannedDevice {
  index: number;
  ns: string;
  /** The bridge-side end of the device's veth pair (inside hl-br). */
  bridgePort: string;
  ip: string;
  resolver: string;
  device: ScenarioDevice;
}

/** The whole lab layout. */
export interface LabPlan {
  scenario: Scenario;
  devices: PlannedDevice[];
  /** Every domain the lab resolver answers, with its cloud address. */
  domains: Record<string, string>;
  /** Addresses the cloud namespace owns (resolvers and domain addresses). */
  cloudAddresses: string[];
  resolvers: string[];
  tcpPorts: number[];
  udpPorts: number[];
}

function domainAddress(i: number): string {
  // 198.19.1.1 upwards, 250 per /24, skipping .0 and .251–.255 for readability.
  return `198.19.${1 + Math.floor(i / 250)}.${1 + (i % 250)}`;
}

/** Lays out a validated scenario. */
export function planLab(scenario: Scenario): LabPlan {
  const devices = scenario.devices.map((device, i): PlannedDevice => ({
    index: i + 1,
    ns: `${LAB.devicePrefix}${i + 1}`,
    bridgePort: `p-d${i + 1}`,
    ip: `${LAB.lanPrefix}.${10 + i + 1}`,
    resolver: device.dnsServer ?? LAB.resolverIp,
    device,
  }));
  const names = new Set<string>(scenario.cloud.extraDomains);
  for (const d of scenario.devices) {
    d.dns.forEach((n) => names.add(n));
    d.traffic.forEach((t) => names.add(t.to));
  }
  const domains: Record<string, string> = {};
  [...names].sort().forEach((name, i) => {
    domains[name] = domainAddress(i);
  });
  const resolvers = [...new Set([LAB.resolverIp as string, ...devices.map((d) => d.resolver)])];
  const tcpPorts = new Set<number>();
  const udpPorts = new Set<number>();
  for (const d of scenario.devices) for (const t of d.traffic) (t.proto === 'udp' ? udpPorts : tcpPorts).add(t.port);
  return {
    scenario,
    devices,
    domains,
    cloudAddresses: [...resolvers, ...Object.values(domains)],
    resolvers,
    tcpPorts: [...tcpPorts].sort((a, b) => a - b),
    udpPorts: [...udpPorts].sort((a, b) => a - b),
  };
}

/** The lab address of a device by scenario name, or null. */
export function deviceIp(plan: LabPlan, name: string): string | null {
  return plan.devices.find((d) => d.device.name === name)?.ip ?? null;
}
