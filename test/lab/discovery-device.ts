/**
 * A simulated home device for test/lab/discovery-ns.test.ts, run inside its namespace: an mDNS publisher
 * (camera-like `_rtsp._tcp` and HomeKit `_hap._tcp`), an SSDP root device that is an IGD, its HTTP description
 * and a SOAP endpoint that lists two port mappings. Argument: its own IPv4 address. Prints "ready" when up.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { Bonjour } from 'bonjour-service';
import ssdp from 'node-ssdp';

const ip = process.argv[2];
const PORT = 8080;
const desc = readFileSync(new URL('../fixtures/discovery/igd-description.xml', import.meta.url), 'utf8').replace(
  'http://192.168.1.1:5000',
  `http://${ip}:${PORT}`,
);
const MAPPINGS = [
  { ext: 8554, proto: 'TCP', client: ip, port: 554, text: 'IPCAM RTSP' },
  { ext: 32100, proto: 'UDP', client: ip, port: 32100, text: 'P2P' },
];
const envelope = (inner: string) =>
  `<?xml version="1.0"?><s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/" s:encodingStyle="http://schemas.xmlsoap.org/soap/encoding/"><s:Body>${inner}</s:Body></s:Envelope>`;

const http = createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/rootDesc.xml') {
    res.writeHead(200, { 'content-type': 'text/xml' }).end(desc);
    return;
  }
  if (req.method === 'POST' && req.url === '/ctl/IPConn') {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const index = Number(/<NewPortMappingIndex>(\d+)</.exec(body)?.[1] ?? -1);
      const m = MAPPINGS[index];
      if (!m || !String(req.headers.soapaction).includes('#GetGenericPortMappingEntry')) {
        res.writeHead(500, { 'content-type': 'text/xml' }).end(
          envelope('<s:Fault><faultcode>s:Client</faultcode><faultstring>UPnPError</faultstring><detail><UPnPError xmlns="urn:schemas-upnp-org:control-1-0"><errorCode>713</errorCode><errorDescription>SpecifiedArrayIndexInvalid</errorDescription></UPnPError></detail></s:Fault>'),
        );
        return;
      }
      res.writeHead(200, { 'content-type': 'text/xml' }).end(
        envelope(
          `<u:GetGenericPortMappingEntryResponse xmlns:u="urn:schemas-upnp-org:service:WANIPConnection:1"><NewRemoteHost></NewRemoteHost><NewExternalPort>${m.ext}</NewExternalPort><NewProtocol>${m.proto}</NewProtocol><NewInternalPort>${m.port}</NewInternalPort><NewInternalClient>${m.client}</NewInternalClient><NewEnabled>1</NewEnabled><NewPortMappingDescription>${m.text}</NewPortMappingDescription><NewLeaseDuration>0</NewLeaseDuration></u:GetGenericPortMappingEntryResponse>`,
        ),
      );
    });
    return;
  }
  res.writeHead(404).end();
});
http.listen(PORT, ip);

const server = new ssdp.Server({ location: `http://${ip}:${PORT}/rootDesc.xml` } as never);
(server as unknown as { addUSN(u: string): void }).addUSN('upnp:rootdevice');
(server as unknown as { addUSN(u: string): void }).addUSN('urn:schemas-upnp-org:device:InternetGatewayDevice:1');
await server.start();

// ip netns shares the UTS namespace, so give bonjour an explicit host (LAB-NOTES §2).
const bonjour = new Bonjour();
const services = [
  bonjour.publish({ name: 'Front Cam', type: 'rtsp', port: 554, host: 'front-cam.local', txt: { model: 'IPC-1080', fw: '1.2.3' } }),
  bonjour.publish({ name: 'Front Cam HK', type: 'hap', port: 51826, host: 'front-cam.local', txt: { ci: '17', md: 'CAM-1', sf: '0' } }),
];
await Promise.all(services.map((s) => new Promise((r) => s.once('up', r))));
process.stdout.write('ready\n');

const quit = () => {
  server.stop();
  http.close();
  bonjour.unpublishAll(() => bonjour.destroy(() => process.exit(0)));
  setTimeout(() => process.exit(0), 2000).unref();
};
process.on('SIGTERM', quit);
process.on('SIGINT', quit);
