/**
 * The upload evidence identification reads (issue 12): bytes to and from the internet and the time between the first
 * and last flow that carried them; traffic with other home devices does not count. And the identifier's hint reaches
 * the Device.
 */
import { describe, expect, it } from 'vitest';
import type { Observation } from '../../../../gateway/contract.ts';
import type { FlowData } from '../../../../gateway/capture/engine.ts';
import { createInventory } from '../../../../gateway/inventory/inventory.ts';

const MAC = '02:00:00:00:00:01';
const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s)).toISOString();
const flow = (remoteIsLocal: boolean, up: number, down: number, from: number, to: number): Observation => {
  const data: FlowData = {
    proto: 'udp', localPort: 40000, remoteIp: remoteIsLocal ? '192.168.1.9' : '203.0.113.7', remotePort: 32100, remoteIsLocal,
    outbound: true, bytesUp: up, bytesDown: down, packets: 100, firstSeen: at(from), lastSeen: at(to), ongoing: false,
  };
  return { source: 'flow', at: at(to), mac: MAC, ip: '192.168.1.30', data: data as never };
};

describe('inventory upload evidence', () => {
  it('sums internet traffic over the span of its flows, not home traffic', () => {
    const inv = createInventory();
    inv.observe(flow(false, 4_000_000, 100_000, 0, 30));
    inv.observe(flow(false, 4_000_000, 100_000, 30, 60));
    inv.observe(flow(true, 9_000_000, 0, 0, 90));
    expect(inv.evidence(`mac-${MAC.replace(/:/g, '')}`)?.upload).toEqual({ bytesUp: 8_000_000, bytesDown: 200_000, seconds: 60 });
  });

  it('has no upload evidence without internet uploads', () => {
    const inv = createInventory();
    inv.observe(flow(true, 1000, 1000, 0, 10));
    expect(inv.evidence(`mac-${MAC.replace(/:/g, '')}`)?.upload).toBeUndefined();
  });

  it('puts the identifier\'s hint on the device', () => {
    const hint = { category: 'camera' as const, level: 'possible' as const, confidence: 0.5, reasons: [{ kind: 'upload' as const, detail: '1.1 Mbit/s' }] };
    const inv = createInventory({ identify: (e) => ({ category: 'unknown', capabilities: [], ...(e.upload ? { hint } : {}) }) });
    inv.observe(flow(false, 8_000_000, 10_000, 0, 60));
    expect(inv.devices()[0]!.hint).toEqual(hint);
  });
});
