/** trimBulkTcp: bulk TCP payloads are cut, handshakes and other packets stay whole, lengths stay true. */
import { describe, expect, it } from 'vitest';
import { trimBulkTcp } from './pcap-trim.ts';

function ethIpv4Tcp(payload: Buffer): Buffer {
  const eth = Buffer.alloc(14);
  eth.writeUInt16BE(0x0800, 12);
  const ip = Buffer.alloc(20);
  ip[0] = 0x45;
  ip.writeUInt16BE(20 + 20 + payload.length, 2);
  ip[9] = 6;
  const tcp = Buffer.alloc(20);
  tcp[12] = 5 << 4;
  return Buffer.concat([eth, ip, tcp, payload]);
}

function pcap(frames: Buffer[]): Buffer {
  const header = Buffer.alloc(24);
  header.writeUInt32LE(0xa1b2c3d4, 0);
  header.writeUInt16LE(2, 4);
  header.writeUInt16LE(4, 6);
  header.writeUInt32LE(262144, 16);
  header.writeUInt32LE(1, 20);
  const records = frames.map((f, i) => {
    const r = Buffer.alloc(16);
    r.writeUInt32LE(1000 + i, 0);
    r.writeUInt32LE(f.length, 8);
    r.writeUInt32LE(f.length, 12);
    return Buffer.concat([r, f]);
  });
  return Buffer.concat([header, ...records]);
}

describe('trimBulkTcp', () => {
  const bulk = ethIpv4Tcp(Buffer.alloc(1448, 0x17));
  const hello = ethIpv4Tcp(Buffer.concat([Buffer.from([0x16, 0x03, 0x01]), Buffer.alloc(500)]));
  const small = ethIpv4Tcp(Buffer.alloc(100, 1));
  it('cuts bulk segments to headers + 16 bytes and keeps orig_len', () => {
    const r = trimBulkTcp(pcap([bulk, hello, small]))!;
    expect([r.records, r.trimmed]).toEqual([3, 1]);
    const incl = r.pcap.readUInt32LE(24 + 8);
    const orig = r.pcap.readUInt32LE(24 + 12);
    expect([incl, orig]).toEqual([54 + 16, bulk.length]);
    expect(r.pcap.length).toBe(24 + 16 + 70 + 16 + hello.length + 16 + small.length);
  });
  it('returns null for what is not a pcap or is cut short', () => {
    expect(trimBulkTcp(Buffer.from('not a pcap at all, really not'))).toBeNull();
    const whole = pcap([bulk]);
    expect(trimBulkTcp(whole.subarray(0, whole.length - 10))).toBeNull();
  });
});
