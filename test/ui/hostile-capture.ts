/**
 * A tiny pcap whose only device names itself with markup: DHCP hostname (option 12) and mDNS instance name; its
 * mDNS host name carries a bidirectional override.
 * The UI must show the text as it is and run nothing.
 */
import dnsPacket from 'dns-packet';
import { writePcap } from '../fixtures/capture-writer.ts';
import { BROADCAST_MAC, EtherType, ETH_HEADER_LEN, ipv4MulticastMac, macFromString, writeEthernet } from '../fixtures/synth/ethernet.ts';
import { buildDhcp, DhcpType } from '../fixtures/synth/dhcp.ts';
import { IPV4_HEADER_LEN, IpProto, ipv4FromString, ipv4PseudoSum, writeIpv4 } from '../fixtures/synth/ipv4.ts';
import { UDP_HEADER_LEN, writeUdp } from '../fixtures/synth/udp.ts';

/** The name the device gives itself. */
export const HOSTILE_NAME = '<img src=x onerror=alert(1)>';
/** Its mDNS host name, with a right-to-left override that would show "kitchenexe.png"; and as it must be shown. */
export const BIDI_HOST = 'kitchen\u202egnp.exe';
export const BIDI_HOST_SHOWN = 'kitchengnp.exe';

const MAC = '02:11:22:33:44:55';
const IP = '192.168.1.77';

function udpFrame(dstMac: Buffer, src: string, dst: string, sport: number, dport: number, payload: Buffer, id: number): Buffer {
  const frame = Buffer.alloc(ETH_HEADER_LEN + IPV4_HEADER_LEN + UDP_HEADER_LEN + payload.length);
  const srcIp = ipv4FromString(src);
  const dstIp = ipv4FromString(dst);
  let off = writeEthernet(frame, 0, dstMac, macFromString(MAC), EtherType.IPV4);
  off = writeIpv4(frame, off, srcIp, dstIp, IpProto.UDP, UDP_HEADER_LEN + payload.length, id, dport === 5353 ? 255 : 64);
  payload.copy(frame, off + UDP_HEADER_LEN);
  writeUdp(frame, off, sport, dport, payload.length, ipv4PseudoSum(srcIp, dstIp, IpProto.UDP, UDP_HEADER_LEN + payload.length));
  return frame;
}

/** The capture file's bytes: a DHCP REQUEST and an mDNS announcement, both carrying HOSTILE_NAME. */
export function hostileCapture(): Buffer {
  const client = { mac: macFromString(MAC), hostname: HOSTILE_NAME, vendorClass: null, paramList: [1, 3, 6, 15, 28] };
  const dhcp = buildDhcp(DhcpType.REQUEST, 0x1234abcd, client, null, ipv4FromString(IP));
  const instance = `${HOSTILE_NAME}._googlecast._tcp.local`;
  const host = `${BIDI_HOST}.local`;
  const mdns = dnsPacket.encode({
    type: 'response',
    id: 0,
    flags: 0x0400,
    answers: [
      { type: 'PTR', name: '_googlecast._tcp.local', class: 'IN', ttl: 4500, data: instance },
      { type: 'SRV', name: instance, class: 'IN', ttl: 120, flush: true, data: { priority: 0, weight: 0, port: 8009, target: host } },
      { type: 'TXT', name: instance, class: 'IN', ttl: 4500, flush: true, data: [`fn=${HOSTILE_NAME}`, 'md=Chromecast'] },
      { type: 'A', name: host, class: 'IN', ttl: 120, flush: true, data: IP },
    ],
  });
  const mdnsDst = ipv4FromString('224.0.0.251');
  const t0 = Math.floor(Date.UTC(2024, 2, 12, 18, 0, 0) / 1000);
  return writePcap({}, [
    { sec: t0, frac: 0, data: udpFrame(BROADCAST_MAC, '0.0.0.0', '255.255.255.255', 68, 67, dhcp, 1) },
    { sec: t0 + 1, frac: 0, data: udpFrame(ipv4MulticastMac(mdnsDst), IP, '224.0.0.251', 5353, 5353, mdns, 2) },
    { sec: t0 + 2, frac: 0, data: udpFrame(ipv4MulticastMac(mdnsDst), IP, '224.0.0.251', 5353, 5353, mdns, 3) },
  ]);
}
