/**
 * Builds the DHCPREQUEST a device broadcasts (RFC 2131 §4.4.5, REBINDING: ciaddr set, broadcast), with the
 * client identity options that make DHCP the strongest passive identifier (RFC 2132: 12, 55, 60, 61).
 */

/** The client identity carried in a DHCP message. */
export interface DhcpIdentity {
  mac: string;
  ip: string;
  hostname: string;
  vendorClass?: string;
  paramList: number[];
  xid: number;
  secs?: number;
}

const MAGIC_COOKIE = 0x63825363;

function option(code: number, value: Buffer): Buffer {
  // A DHCP option carries at most 255 bytes; longer values are cut rather than corrupting the packet.
  const body = value.subarray(0, 255);
  return Buffer.concat([Buffer.from([code, body.length]), body]);
}

/** Encodes a BOOTREQUEST carrying DHCPREQUEST. */
export function buildDhcpRequest(id: DhcpIdentity): Buffer {
  const header = Buffer.alloc(240);
  header[0] = 1; // op BOOTREQUEST
  header[1] = 1; // htype Ethernet
  header[2] = 6; // hlen
  header.writeUInt32BE(id.xid >>> 0, 4);
  header.writeUInt16BE(id.secs ?? 0, 8);
  id.ip.split('.').forEach((o, i) => (header[12 + i] = Number(o))); // ciaddr
  Buffer.from(id.mac.replace(/:/g, ''), 'hex').copy(header, 28); // chaddr
  header.writeUInt32BE(MAGIC_COOKIE, 236);
  const mac = Buffer.from(id.mac.replace(/:/g, ''), 'hex');
  const options = [
    option(53, Buffer.from([3])), // DHCPREQUEST
    option(61, Buffer.concat([Buffer.from([1]), mac])), // client identifier: hardware type 1 + MAC
    option(57, Buffer.from([0x05, 0xdc])), // maximum message size 1500
    option(12, Buffer.from(id.hostname, 'latin1')),
    ...(id.vendorClass ? [option(60, Buffer.from(id.vendorClass, 'latin1'))] : []),
    option(55, Buffer.from(id.paramList)),
    Buffer.from([255]),
  ];
  return Buffer.concat([header, ...options]);
}
