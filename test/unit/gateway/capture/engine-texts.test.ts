/**
 * The packet engine reuses the text of times and addresses between observations (a two-slot time cache, an
 * address-text cache): flows whose first and last times interleave, and many flows to many addresses, must still
 * carry exactly the texts `Date.toISOString` and dotted quads give.
 */
import { describe, expect, it } from 'vitest';
import type { Observation } from '../../../../gateway/contract.ts';
import { createPacketEngine, type FlowData } from '../../../../gateway/capture/engine.ts';
import { macFromString, writeEthernet } from '../../../fixtures/synth/ethernet.ts';
import { ipv4FromString, ipv4PseudoSum, writeIpv4 } from '../../../fixtures/synth/ipv4.ts';
import { writeUdp } from '../../../fixtures/synth/udp.ts';

const HOME_MAC = macFromString('02:00:00:00:00:01');
const ROUTER_MAC = macFromString('02:00:00:00:00:fe');

/** An Ethernet + IPv4 + UDP frame with `len` bytes of payload. */
function udpFrame(src: string, dst: string, sport: number, dport: number, len = 8): Buffer {
  const buf = Buffer.alloc(14 + 20 + 8 + len, 0x61);
  const s = ipv4FromString(src);
  const d = ipv4FromString(dst);
  let off = writeEthernet(buf, 0, ROUTER_MAC, HOME_MAC, 0x0800);
  off = writeIpv4(buf, off, s, d, 17, 8 + len, 1);
  writeUdp(buf, off, sport, dport, len, ipv4PseudoSum(s, d, 17, 8 + len));
  return buf;
}

describe('packet engine texts', () => {
  it('gives each flow its own first and last times, and each remote its own address text', () => {
    const obs: Observation[] = [];
    const engine = createPacketEngine({ onObservation: (o) => obs.push(o) });
    const t0 = Date.UTC(2025, 0, 15, 23, 59, 58, 0);
    const expected = new Map<string, { first: number; last: number }>();
    // Flow i opens at t0 + i ms and sends its last packet at t0 + 5000 + 7(i >> 1) ms (flows in pairs end in the
    // same millisecond): in the end-of-pass report the first and last times alternate from flow to flow, some
    // repeat the time before last, and the day changes in between.
    for (let i = 0; i < 40; i++) {
      const remote = `198.51.${i >> 3}.${(i * 37) & 255}`;
      const f = udpFrame('192.168.1.20', remote, 40000 + i, 9000);
      engine.packet(1, t0 + i, f, 0, f.length, f.length);
      expected.set(`${remote}:${40000 + i}`, { first: t0 + i, last: t0 + 5000 + 7 * (i >> 1) });
    }
    for (let i = 0; i < 40; i++) {
      const remote = `198.51.${i >> 3}.${(i * 37) & 255}`;
      const f = udpFrame('192.168.1.20', remote, 40000 + i, 9000);
      engine.packet(1, t0 + 5000 + 7 * (i >> 1), f, 0, f.length, f.length);
    }
    engine.finish();
    const flows = obs.filter((o) => o.source === 'flow');
    expect(flows).toHaveLength(40);
    for (const o of flows) {
      const f = o.data as FlowData;
      const want = expected.get(`${f.remoteIp}:${f.localPort}`);
      expect(want, `${f.remoteIp}:${f.localPort}`).toBeDefined();
      expect(f.firstSeen).toBe(new Date(want!.first).toISOString());
      expect(f.lastSeen).toBe(new Date(want!.last).toISOString());
      expect(o.at).toBe(f.lastSeen);
      expect(o.ip).toBe('192.168.1.20');
    }
    expect(new Set(flows.map((o) => (o.data as FlowData).remoteIp)).size).toBe(40);
  });
});
