/**
 * The home router's UPnP Internet Gateway Device, run inside hl-gw: announces
 * urn:schemas-upnp-org:device:InternetGatewayDevice:1 over SSDP on the LAN, serves its description and answers
 * WANIPConnection SOAP actions (port mappings from the scenario). Exits after `seconds`.
 */
import { readRunConfig, type RouterRunConfig } from './sim/run-config.ts';
import { handleIgdSoap, WAN_IP_CONNECTION } from './sim/igd-soap.ts';
import { startSsdpAnnouncer } from './sim/ssdp-announcer.ts';

const cfg = readRunConfig<RouterRunConfig>(process.argv);
const log = (msg: string) => console.error(`[router] ${msg}`);
const udn = cfg.igd.udn;

const announcer = await startSsdpAnnouncer({
  ip: cfg.lanIp,
  port: cfg.port,
  path: '/rootDesc.xml',
  server: cfg.igd.server,
  interfaces: ['eth0'],
  root: {
    deviceType: 'urn:schemas-upnp-org:device:InternetGatewayDevice:1',
    friendlyName: cfg.igd.friendlyName,
    manufacturer: cfg.igd.manufacturer,
    modelName: cfg.igd.modelName,
    modelNumber: cfg.igd.modelNumber,
    udn,
    presentationURL: `http://${cfg.lanIp}/`,
    services: [{ serviceType: 'urn:schemas-upnp-org:service:Layer3Forwarding:1', serviceId: 'urn:upnp-org:serviceId:L3Forwarding1', controlURL: '/ctl/L3F', eventSubURL: '/evt/L3F', SCPDURL: '/L3F.xml' }],
    devices: [
      {
        deviceType: 'urn:schemas-upnp-org:device:WANDevice:1',
        friendlyName: 'WANDevice',
        manufacturer: cfg.igd.manufacturer,
        modelName: 'WAN Device',
        udn: udn.replace(/.$/, '1'),
        services: [{ serviceType: 'urn:schemas-upnp-org:service:WANCommonInterfaceConfig:1', serviceId: 'urn:upnp-org:serviceId:WANCommonIFC1', controlURL: '/ctl/CmnIfCfg', eventSubURL: '/evt/CmnIfCfg', SCPDURL: '/WANCfg.xml' }],
        devices: [
          {
            deviceType: 'urn:schemas-upnp-org:device:WANConnectionDevice:1',
            friendlyName: 'WANConnectionDevice',
            manufacturer: cfg.igd.manufacturer,
            modelName: 'WAN Connection Device',
            udn: udn.replace(/.$/, '2'),
            services: [{ serviceType: WAN_IP_CONNECTION, serviceId: 'urn:upnp-org:serviceId:WANIPConn1', controlURL: '/ctl/IPConn', eventSubURL: '/evt/IPConn', SCPDURL: '/WANIPCn.xml' }],
          },
        ],
      },
    ],
  },
  handle(method, path, headers, body) {
    if (method !== 'POST' || path !== '/ctl/IPConn') return null;
    const action = String(headers['soapaction'] ?? '');
    const reply = handleIgdSoap(action, body, cfg.mappings, cfg.wanIp);
    return { status: reply.status, type: 'text/xml; charset="utf-8"', body: reply.body };
  },
});

async function stop(): Promise<void> {
  await announcer.stop().catch((err) => log(`stop: ${err}`));
  process.exit(0);
}
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
setTimeout(() => void stop(), cfg.seconds * 1000);
log(`up: IGD at http://${cfg.lanIp}:${cfg.port}/rootDesc.xml, ${cfg.mappings.length} mappings`);
