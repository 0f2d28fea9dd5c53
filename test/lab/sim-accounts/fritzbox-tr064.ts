/**
 * A FRITZ!Box TR-064 simulation written from AVM's public TR-064 documentation and the service list in
 * fritzconnection's test description: `GET /tr64desc.xml` without login, SOAP actions on the control URLs behind
 * HTTP Digest authentication (realm "F!Box SOAP-Auth", MD5, qop=auth). Like the real box it writes a line in its
 * event list for each login and each failed login (AVM KB 3299; pcwelt.de; HA core #154845). Only read actions
 * are implemented; any other action is logged as a write and refused with UPnP error 606.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readBody } from './json-http.ts';
import { pause, SimLog, type SimFailureModes } from './sim-log.ts';

const NS = 'urn:dslforum-org:service:';
const REALM = 'F!Box SOAP-Auth';

type Answers = Record<string, Record<string, string>>;

/** The planted box: settings open to the internet, MyFRITZ! registered with a camera share, a camera port forward. */
export function defaultFritzData(): { answers: Answers; myfritzServices: Array<Record<string, string>>; mappings: Array<Record<string, string>>; eventLog: string[] } {
  return {
    answers: {
      'X_AVM-DE_RemoteAccess:1#GetInfo': { NewEnabled: '1', NewPort: '46123', NewUsername: 'alex', NewLetsEncryptEnabled: '1', NewLetsEncryptState: 'valid' },
      'X_AVM-DE_RemoteAccess:1#GetDDNSInfo': { NewEnabled: '0', NewProviderName: '', NewUpdateURL: '', NewDomain: '', NewStatusIPv4: 'offline', NewStatusIPv6: 'offline', NewUsername: '', NewMode: 'ddns_v4', NewServerIPv4: '', NewServerIPv6: '' },
      'X_AVM-DE_MyFritz:1#GetInfo': { NewEnabled: '1', NewDeviceRegistered: '1', NewDynDNSName: 'k2j4h5g6f7.myfritz.net', NewPort: '46123' },
    },
    myfritzServices: [
      { NewEnabled: '1', NewName: 'Kamera', NewScheme: 'https://', NewPort: '8443', NewURLPath: '/', NewType: '', NewIPv4ForwardingWarning: '0', NewIPv4Address: '192.168.178.20', NewIPv6Address: '', NewIPv6InterfaceID: '', NewMACAddress: '3C:84:6A:11:22:33', NewHostName: 'cam-flur', NewDynDnsLabel: '', NewStatus: '1' },
    ],
    mappings: [
      { NewRemoteHost: '', NewExternalPort: '8554', NewProtocol: 'TCP', NewInternalPort: '554', NewInternalClient: '192.168.178.20', NewEnabled: '1', NewPortMappingDescription: 'Kamera RTSP', NewLeaseDuration: '0' },
      { NewRemoteHost: '', NewExternalPort: '3478', NewProtocol: 'UDP', NewInternalPort: '3478', NewInternalClient: '192.168.178.30', NewEnabled: '0', NewPortMappingDescription: 'game', NewLeaseDuration: '0' },
    ],
    eventLog: [
      '27.11.26 02:13:44 Anmeldung des Benutzers alex an der FRITZ!Box-Benutzeroberfläche von IP-Adresse 203.0.113.9.',
      '26.11.26 19:02:10 Anmeldung des Benutzers maria an der FRITZ!Box-Benutzeroberfläche von IP-Adresse 192.168.178.23.',
      '26.11.26 08:00:00 Internetverbindung wurde erfolgreich hergestellt. IP-Adresse: 198.51.100.77',
    ],
  };
}

function description(): string {
  const svc = (type: string, url: string): string =>
    `<service><serviceType>${NS}${type}</serviceType><serviceId>urn:${type}</serviceId><controlURL>${url}</controlURL><eventSubURL>${url}</eventSubURL><SCPDURL>/x.xml</SCPDURL></service>`;
  return '<?xml version="1.0"?><root xmlns="urn:dslforum-org:device-1-0"><specVersion><major>1</major><minor>0</minor></specVersion>' +
    '<device><deviceType>urn:dslforum-org:device:InternetGatewayDevice:1</deviceType><friendlyName>FRITZ!Box 7590</friendlyName><manufacturer>AVM</manufacturer>' +
    `<serviceList>${svc('DeviceInfo:1', '/upnp/control/deviceinfo')}${svc('X_AVM-DE_RemoteAccess:1', '/upnp/control/x_remote')}${svc('X_AVM-DE_MyFritz:1', '/upnp/control/x_myfritz')}</serviceList>` +
    '<deviceList><device><deviceType>urn:dslforum-org:device:WANDevice:1</deviceType><serviceList></serviceList><deviceList><device>' +
    `<deviceType>urn:dslforum-org:device:WANConnectionDevice:1</deviceType><serviceList>${svc('WANIPConnection:1', '/upnp/control/wanipconnection1')}</serviceList>` +
    '</device></deviceList></device></deviceList></device></root>';
}

const CONTROL: Record<string, string> = {
  '/upnp/control/deviceinfo': 'DeviceInfo:1',
  '/upnp/control/x_remote': 'X_AVM-DE_RemoteAccess:1',
  '/upnp/control/x_myfritz': 'X_AVM-DE_MyFritz:1',
  '/upnp/control/wanipconnection1': 'WANIPConnection:1',
};

const READS = new Set([
  'DeviceInfo:1#GetDeviceLog', 'X_AVM-DE_RemoteAccess:1#GetInfo', 'X_AVM-DE_RemoteAccess:1#GetDDNSInfo', 'X_AVM-DE_MyFritz:1#GetInfo',
  'X_AVM-DE_MyFritz:1#GetNumberOfServices', 'X_AVM-DE_MyFritz:1#GetServiceByIndex', 'WANIPConnection:1#GetPortMappingNumberOfEntries',
  'WANIPConnection:1#GetGenericPortMappingEntry',
]);

export interface FritzSimOptions extends SimFailureModes {
  username: string;
  password: string;
  data?: ReturnType<typeof defaultFritzData>;
  host?: string;
}

export interface FritzSim {
  url: string;
  log: SimLog;
  /** The box's event list (System → Events), newest last. */
  eventLog: string[];
  close(): Promise<void>;
}

const md5 = (s: string): string => createHash('md5').update(s).digest('hex');

function parseAuth(h: string): Record<string, string> {
  const out: Record<string, string> = {};
  const re = /(\w+)=(?:"([^"]*)"|([^\s,]+))/g;
  for (let m = re.exec(h); m; m = re.exec(h)) out[m[1]!] = m[2] ?? m[3] ?? '';
  return out;
}

/** Starts the simulation on an ephemeral port. */
export async function startFritzSim(opts: FritzSimOptions): Promise<FritzSim> {
  const log = new SimLog();
  const data = opts.data ?? defaultFritzData();
  const eventLog = [...data.eventLog];
  const nonces = new Map<string, { loggedIn: boolean; lastNc: number }>();
  const stamp = (): string => {
    const d = new Date();
    const p = (n: number): string => String(n).padStart(2, '0');
    return `${p(d.getUTCDate())}.${p(d.getUTCMonth() + 1)}.${String(d.getUTCFullYear()).slice(2)} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`;
  };
  const send = async (res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): Promise<void> => {
    await pause(opts.slowMs);
    res.writeHead(status, { 'content-type': 'text/xml; charset="utf-8"', ...headers }).end(body);
  };
  const envelope = (inner: string): string =>
    `<?xml version="1.0"?><s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/" s:encodingStyle="http://schemas.xmlsoap.org/soap/encoding/"><s:Body>${inner}</s:Body></s:Envelope>`;
  const fault = (code: number, text: string): string =>
    envelope(`<s:Fault><faultcode>s:Client</faultcode><faultstring>UPnPError</faultstring><detail><UPnPError xmlns="urn:dslforum-org:control-1-0"><errorCode>${code}</errorCode><errorDescription>${text}</errorDescription></UPnPError></detail></s:Fault>`);
  const xmlText = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

  const server = createServer((req, res) => void (async () => {
    const from = req.socket.remoteAddress ?? '?';
    const path = req.url ?? '/';
    if (req.method === 'GET' && path === '/tr64desc.xml') {
      log.add(from, 'connect', 'GET /tr64desc.xml');
      return send(res, 200, description());
    }
    const service = CONTROL[path];
    if (req.method !== 'POST' || !service) {
      log.add(from, 'connect', `${req.method} ${path}`);
      return send(res, 404, '');
    }
    const body = await readBody(req);
    const action = /#(\w+)"?$/.exec(String(req.headers.soapaction ?? ''))?.[1] ?? '';
    const auth = req.headers.authorization;
    const challenge = (): Promise<void> => {
      const nonce = randomBytes(8).toString('hex').toUpperCase();
      nonces.set(nonce, { loggedIn: false, lastNc: 0 });
      return send(res, 401, '', { 'www-authenticate': `Digest realm="${REALM}", nonce="${nonce}", algorithm=MD5, qop="auth"` });
    };
    if (!auth) {
      log.add(from, 'connect', `${service}#${action} without login (challenge)`);
      return challenge();
    }
    const a = parseAuth(auth);
    const n = nonces.get(a.nonce ?? '');
    const nc = parseInt(a.nc ?? '0', 16);
    const expected = md5(`${md5(`${opts.username}:${REALM}:${opts.password}`)}:${a.nonce}:${a.nc}:${a.cnonce}:auth:${md5(`POST:${a.uri}`)}`);
    if (!n || a.username !== opts.username || a.response !== expected || nc <= n.lastNc) {
      log.add(from, 'auth', `${service}#${action}`, 'invalid');
      eventLog.push(`${stamp()} Anmeldung des Benutzers ${a.username ?? '?'} an der FRITZ!Box-Benutzeroberfläche von IP-Adresse ${from} gescheitert (falsches Kennwort).`);
      return challenge();
    }
    n.lastNc = nc;
    if (!n.loggedIn) {
      n.loggedIn = true;
      log.add(from, 'auth', `${service}#${action} (login)`, 'valid');
      eventLog.push(`${stamp()} Anmeldung des Benutzers ${opts.username} an der FRITZ!Box-Benutzeroberfläche von IP-Adresse ${from}.`);
    }
    const key = `${service}#${action}`;
    if (!READS.has(key)) {
      log.add(from, 'write', key);
      return send(res, 500, fault(606, 'Action not authorized'));
    }
    log.add(from, 'read', key);
    const index = Number(/<New(?:PortMapping)?Index>(\d+)</.exec(body)?.[1] ?? -1);
    let out: Record<string, string> | undefined;
    if (action === 'GetNumberOfServices') out = { NewNumberOfServices: String(data.myfritzServices.length) };
    else if (action === 'GetServiceByIndex') out = data.myfritzServices[index];
    else if (action === 'GetPortMappingNumberOfEntries') out = { NewPortMappingNumberOfEntries: String(data.mappings.length) };
    else if (action === 'GetGenericPortMappingEntry') out = data.mappings[index];
    else if (action === 'GetDeviceLog') {
      const text = [...eventLog].reverse().join('\n');
      out = { NewDeviceLog: opts.hugeBytes ? text + '\n' + 'x'.repeat(opts.hugeBytes) : text };
    } else out = data.answers[key];
    if (!out) return send(res, 500, fault(713, 'SpecifiedArrayIndexInvalid'));
    const args = Object.entries(out).map(([k, v]) => `<${k}>${xmlText(v)}</${k}>`).join('');
    return send(res, 200, envelope(`<u:${action}Response xmlns:u="${NS}${service}">${args}</u:${action}Response>`));
  })());
  await new Promise<void>((r) => server.listen(0, opts.host ?? '127.0.0.1', r));
  const { address, port } = server.address() as AddressInfo;
  return {
    url: `http://${address}:${port}`,
    log,
    eventLog,
    close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}
