/** UPnP device description XML (UPnP Device Architecture 1.1 §2.3), as devices and routers serve it. */

/** One service entry of a description. */
export interface UpnpService {
  serviceType: string;
  serviceId: string;
  controlURL: string;
  eventSubURL: string;
  SCPDURL: string;
}

/** A (possibly nested) UPnP device. */
export interface UpnpDevice {
  deviceType: string;
  friendlyName: string;
  manufacturer: string;
  modelName: string;
  modelNumber?: string;
  serialNumber?: string;
  udn: string;
  services?: UpnpService[];
  devices?: UpnpDevice[];
  presentationURL?: string;
}

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function deviceXml(d: UpnpDevice, indent: string): string {
  const tag = (name: string, value: string | undefined) => (value === undefined ? '' : `${indent}  <${name}>${esc(value)}</${name}>\n`);
  let out = `${indent}<device>\n`;
  out += tag('deviceType', d.deviceType) + tag('friendlyName', d.friendlyName) + tag('manufacturer', d.manufacturer);
  out += tag('modelName', d.modelName) + tag('modelNumber', d.modelNumber) + tag('serialNumber', d.serialNumber) + tag('UDN', d.udn);
  if (d.services?.length) {
    out += `${indent}  <serviceList>\n`;
    for (const s of d.services) {
      out += `${indent}    <service>\n`;
      for (const k of ['serviceType', 'serviceId', 'controlURL', 'eventSubURL', 'SCPDURL'] as const) out += `${indent}      <${k}>${esc(s[k])}</${k}>\n`;
      out += `${indent}    </service>\n`;
    }
    out += `${indent}  </serviceList>\n`;
  }
  if (d.devices?.length) {
    out += `${indent}  <deviceList>\n`;
    for (const child of d.devices) out += deviceXml(child, `${indent}    `);
    out += `${indent}  </deviceList>\n`;
  }
  out += tag('presentationURL', d.presentationURL);
  return out + `${indent}</device>\n`;
}

/** The full description document for a root device. */
export function buildDescriptionXml(root: UpnpDevice): string {
  return (
    '<?xml version="1.0"?>\n<root xmlns="urn:schemas-upnp-org:device-1-0">\n' +
    '  <specVersion><major>1</major><minor>0</minor></specVersion>\n' +
    deviceXml(root, '  ') +
    '</root>\n'
  );
}
