/** The registry of matchers rules may name in `match.matcher`. */
import { beacon } from './beacon.ts';
import { capability } from './capability.ts';
import { dohEndpoint } from './doh-endpoint.ts';
import { domainSuffix } from './domain-suffix.ts';
import { inboundFromInternet } from './inbound-from-internet.ts';
import { indicatorHost } from './indicator-host.ts';
import { indicatorIp } from './indicator-ip.ts';
import { outsideResolver } from './outside-resolver.ts';
import { portMapping } from './port-mapping.ts';
import { remotePort } from './remote-port.ts';
import { largeUpload } from './large-upload.ts';
import { mqttBroker } from './mqtt-broker.ts';
import { mqttEntity } from './mqtt-entity.ts';
import { sustainedUpload } from './sustained-upload.ts';
import { uploadVsBaseline } from './upload-vs-baseline.ts';
import { macChange } from './mac-change.ts';
import { newDevice } from './new-device.ts';
import { noDhcp } from './no-dhcp.ts';
import { trafficHeuristic } from './traffic-heuristic.ts';
import { accessEntry } from './access-entry.ts';
import type { Matcher } from './types.ts';

/** Every matcher, by name. */
export const MATCHERS: ReadonlyMap<string, Matcher<never>> = new Map(
  ([indicatorHost, indicatorIp, domainSuffix, remotePort, outsideResolver, dohEndpoint, portMapping, inboundFromInternet, capability, beacon, sustainedUpload, uploadVsBaseline, largeUpload, mqttBroker, mqttEntity, macChange, noDhcp, trafficHeuristic, newDevice, accessEntry] as Matcher<never>[]).map((m) => [m.name, m]),
);
