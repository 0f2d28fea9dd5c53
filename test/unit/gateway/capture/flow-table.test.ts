import { describe, expect, it } from 'vitest';
import { createDecodedPacket, type DecodedPacket } from '../../../../gateway/capture/decode.ts';
import { FlowTable, type Flow } from '../../../../gateway/capture/flow-table.ts';

function pkt(src: number, sp: number, dst: number, dp: number, ts: number, len = 100, proto = 6, flags = 0x10): DecodedPacket {
  const p = createDecodedPacket();
  Object.assign(p, { ipVersion: 4, src4: src, dst4: dst, srcPort: sp, dstPort: dp, proto, tsMs: ts, wireLen: len, tcpFlags: flags, srcMac: src, dstMac: dst });
  return p;
}

describe('FlowTable', () => {
  it('counts both directions of a connection in one flow', () => {
    const ended: Flow[] = [];
    const t = new FlowTable({ onEnd: (f) => ended.push(f) });
    t.update(pkt(1, 5000, 2, 443, 0, 60));
    expect(t.lastForward).toBe(true);
    t.update(pkt(2, 443, 1, 5000, 1, 1500));
    expect(t.lastForward).toBe(false);
    t.update(pkt(1, 5000, 2, 443, 2, 40));
    expect(t.size).toBe(1);
    t.flush();
    expect(ended).toHaveLength(1);
    expect(ended[0]).toMatchObject({ a4: 1, b4: 2, aPort: 5000, bPort: 443, bytesAB: 100, bytesBA: 1500, pktsAB: 2, pktsBA: 1, firstMs: 0, lastMs: 2 });
  });

  it('keeps flows apart that differ only in port or protocol', () => {
    const t = new FlowTable({ onEnd: () => {} });
    t.update(pkt(1, 5000, 2, 443, 0));
    t.update(pkt(1, 5001, 2, 443, 0));
    t.update(pkt(1, 5000, 2, 443, 0, 100, 17));
    t.update(pkt(2, 5000, 1, 443, 0));
    expect(t.size).toBe(4);
  });

  it('ends idle UDP flows after their timeout, in capture time', () => {
    const ended: Flow[] = [];
    const t = new FlowTable({ udpIdleMs: 1000, onEnd: (f) => ended.push(f) });
    t.update(pkt(1, 53000, 2, 53, 0, 80, 17));
    t.update(pkt(3, 53001, 2, 53, 500, 80, 17));
    t.update(pkt(4, 53002, 2, 53, 1200, 80, 17));
    expect(ended.map((f) => f.a4)).toEqual([1]);
    expect(t.size).toBe(2);
  });

  it('ends closed TCP flows after the short grace time', () => {
    const ended: Flow[] = [];
    const t = new FlowTable({ closedIdleMs: 100, onEnd: (f) => ended.push(f) });
    t.update(pkt(1, 5000, 2, 80, 0));
    t.update(pkt(1, 5000, 2, 80, 10, 60, 6, 0x11)); // FIN
    t.update(pkt(9, 6000, 2, 80, 200));
    expect(ended).toHaveLength(1);
    expect(ended[0].closing).toBe(true);
  });

  it('stays within maxFlows whatever the number of flows, summarising the evicted ones', () => {
    let ended = 0;
    const t = new FlowTable({ maxFlows: 1000, onEnd: () => ended++ });
    for (let i = 0; i < 50_000; i++) t.update(pkt(i, 1000 + (i % 5000), 0x08080808, 443, i));
    expect(t.size).toBeLessThanOrEqual(1000);
    expect(t.evictedForSpace).toBe(49_000);
    t.flush();
    expect(ended).toBe(50_000);
    expect(t.size).toBe(0);
  });

  it('finds flows again after hash-chain removals', () => {
    const t = new FlowTable({ maxFlows: 10, onEnd: () => {} });
    for (let round = 0; round < 3; round++) for (let i = 0; i < 30; i++) t.update(pkt(i % 12, 1, 2, 2, round * 100 + i));
    expect(t.size).toBeLessThanOrEqual(10);
    const before = t.created;
    t.update(pkt(11, 1, 2, 2, 1000));
    expect(t.created).toBe(before);
  });

  it('keeps one flow per client and resolver for DNS, whatever the client port', () => {
    const ended: Flow[] = [];
    const t = new FlowTable({ onEnd: (f) => ended.push(f) });
    for (let i = 0; i < 20; i++) {
      t.update(pkt(1, 40000 + i, 2, 53, i, 70, 17));
      t.update(pkt(2, 53, 1, 40000 + i, i, 120, 17));
    }
    t.update(pkt(1, 40000, 2, 5300, 30, 70, 17));
    expect(t.size).toBe(2);
    t.flush();
    expect(ended[0]).toMatchObject({ aPort: 0, bPort: 53, pktsAB: 20, pktsBA: 20, bytesAB: 1400, bytesBA: 2400 });
  });

  it('handles IPv6 flows by address text', () => {
    const t = new FlowTable({ onEnd: () => {} });
    const a = pkt(0, 5000, 0, 443, 0);
    a.ipVersion = 6;
    a.addr.set([0x20010db8, 0, 0, 1, 0x20010db8, 0, 0, 2]);
    const b = pkt(0, 443, 0, 5000, 1);
    b.ipVersion = 6;
    b.addr.set([0x20010db8, 0, 0, 2, 0x20010db8, 0, 0, 1]);
    t.update(a);
    const f = t.update(b);
    expect(t.lastForward).toBe(false);
    expect(t.size).toBe(1);
    expect(f.pktsBA).toBe(1);
    expect([f.a6, f.b6]).toEqual(['2001:db8::1', '2001:db8::2']);
    const c = pkt(0, 443, 0, 5000, 2);
    c.ipVersion = 6;
    c.addr.set([0x20010db8, 0, 0, 2, 0x20010db8, 0, 0, 3]);
    t.update(c);
    expect(t.size).toBe(2);
  });
});
