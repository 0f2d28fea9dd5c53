import { describe, expect, it } from 'vitest';
import { createConntrackFlows, parseConntrack } from '../../../../../gateway/capture/router-tables/conntrack.ts';

const OUT = 'ipv4     2 tcp      6 431999 ESTABLISHED src=192.168.1.23 dst=203.0.113.9 sport=40112 dport=443 packets=12 bytes=9000 src=203.0.113.9 dst=198.51.100.2 sport=443 dport=40112 packets=10 bytes=1200 [ASSURED] mark=0 zone=0 use=2';
const IN = 'tcp      6 117 TIME_WAIT src=203.0.113.50 dst=198.51.100.2 sport=51000 dport=8554 packets=5 bytes=400 src=192.168.1.30 dst=203.0.113.50 sport=554 dport=51000 packets=6 bytes=3000 [ASSURED] mark=0 use=1';
const LAN = 'ipv4     2 udp      17 20 src=192.168.1.23 dst=192.168.1.1 sport=5353 dport=53 packets=1 bytes=60 src=192.168.1.1 dst=192.168.1.23 sport=53 dport=5353 packets=1 bytes=90 mark=0 use=1';

describe('connection-tracking table', () => {
  it('reads /proc and `conntrack -L` lines, skipping what is not a connection', () => {
    const { entries, skipped } = parseConntrack(`${OUT}\n${IN}\nconntrack v1.4.7 (conntrack-tools): 2 flow entries have been shown.\n`);
    expect(skipped).toBe(1);
    expect(entries[0]).toEqual({ proto: 'tcp', state: 'ESTABLISHED', orig: { src: '192.168.1.23', dst: '203.0.113.9', sport: 40112, dport: 443, packets: 12, bytes: 9000 }, reply: { src: '203.0.113.9', dst: '198.51.100.2', sport: 443, dport: 40112, packets: 10, bytes: 1200 } });
    expect(entries[1]?.state).toBe('TIME_WAIT');
  });

  it('gives each home device its side, inbound through a port forward too, and skips LAN-only connections', () => {
    const flows = createConntrackFlows()(parseConntrack(`${OUT}\n${IN}\n${LAN}`).entries, '2024-12-07T20:00:00.000Z');
    expect(flows.map((f) => [f.ip, f.data.outbound, f.data.localPort, f.data.remoteIp, f.data.remotePort, f.data.bytesUp, f.data.bytesDown])).toEqual([
      ['192.168.1.23', true, 40112, '203.0.113.9', 443, 9000, 1200],
      ['192.168.1.30', false, 554, '203.0.113.50', 51000, 3000, 400],
    ]);
  });

  it('counts each byte once over successive readings', () => {
    const flows = createConntrackFlows();
    flows(parseConntrack(OUT).entries, '2024-12-07T20:00:00.000Z');
    expect(flows(parseConntrack(OUT).entries, '2024-12-07T20:00:30.000Z')).toEqual([]);
    const later = flows(parseConntrack(OUT.replace('bytes=9000', 'bytes=15000')).entries, '2024-12-07T20:01:00.000Z');
    expect(later.map((f) => [f.data.bytesUp, f.data.bytesDown, f.data.firstSeen])).toEqual([[6000, 0, '2024-12-07T20:00:00.000Z']]);
  });
});
