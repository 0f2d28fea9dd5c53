/** Publishes a device's DNS-SD services over mDNS with bonjour-service, bound the way that works in a netns. */
import { Bonjour } from 'bonjour-service';
import type { ScenarioMdnsService } from '../scenario-schema.ts';

/** A running publisher. */
export interface MdnsPublisher {
  stop(): Promise<void>;
}

/**
 * Publishes `services` with A records for `host`. `interface: ip` alone would also bind the unicast address and
 * receive no multicast (LAB-NOTES §2), so the socket binds 0.0.0.0.
 */
export function publishMdns(ip: string, host: string, services: ScenarioMdnsService[]): MdnsPublisher {
  // The options go to multicast-dns; bonjour-service's typings only describe service fields.
  const mdnsOptions = { interface: ip, bind: '0.0.0.0' } as unknown as ConstructorParameters<typeof Bonjour>[0];
  const bonjour = new Bonjour(mdnsOptions, (err: Error) => console.error(`mdns: ${err.message}`));
  for (const s of services) {
    const m = /^_([a-z0-9-]+)\._(tcp|udp)$/.exec(s.type);
    if (!m) continue;
    bonjour.publish({ name: s.name, type: m[1], protocol: m[2] as 'tcp' | 'udp', port: s.port, host, txt: s.txt, disableIPv6: true });
  }
  return {
    stop: () =>
      new Promise<void>((resolve) => {
        bonjour.unpublishAll(() => bonjour.destroy(() => resolve()));
      }),
  };
}
