import { createSocket } from 'node:dgram';
import { describe, expect, it } from 'vitest';
import { CaptureSourceError, createTcpdumpSource, tcpdumpArgs } from '../../../../gateway/capture/tcpdump-source.ts';
import { LinkType, type PacketSink } from '../../../../gateway/capture/types.ts';

describe('tcpdumpArgs', () => {
  it('builds a pcap-to-stdout command line with the filter after --', () => {
    expect(tcpdumpArgs('eth0', 'udp port 5353')).toEqual(['-i', 'eth0', '-w', '-', '-U', '-n', '-s', '0', '--', 'udp port 5353']);
    expect(tcpdumpArgs('br-lan.10')).toEqual(['-i', 'br-lan.10', '-w', '-', '-U', '-n', '-s', '0']);
  });
  it.each(['-w/tmp/x', '', 'a-very-long-interface-name', 'eth0 ; rm', 'eth0/1'])('refuses interface %j', (name) => {
    expect(() => tcpdumpArgs(name)).toThrow(CaptureSourceError);
  });
});

const errorOf = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => e as CaptureSourceError);

describe('createTcpdumpSource', () => {
  it('says clearly when tcpdump is missing', async () => {
    const err = await errorOf(createTcpdumpSource({ interface: 'lo', tcpdumpPath: '/nonexistent/tcpdump', log: () => undefined }).start());
    expect(err?.code).toBe('TCPDUMP_MISSING');
    expect(err?.message).toMatch(/not installed/);
  });

  it('says clearly when the interface does not exist', async () => {
    const logs: string[] = [];
    const err = await errorOf(createTcpdumpSource({ interface: 'hs-nosuch0', log: (m) => logs.push(m) }).start());
    expect(err?.code).toBe('NO_SUCH_INTERFACE');
    expect(err?.message).toMatch(/hs-nosuch0/);
    expect(logs.length).toBeGreaterThan(0);
  });

  it('captures loopback datagrams into the packet sink until stopped', async () => {
    // Loopback only, and a filter on one port we picked, so nothing else is read or sent.
    const sock = createSocket('udp4');
    await new Promise<void>((r) => sock.bind(0, '127.0.0.1', r));
    const port = sock.address().port;
    const got: Array<{ linkType: number; len: number }> = [];
    const sink: PacketSink = { packet: (linkType, _ts, _d, start, end) => got.push({ linkType, len: end - start }) };
    const logs: string[] = [];
    const source = createTcpdumpSource({ interface: 'lo', filter: `udp and dst port ${port}`, log: (m) => logs.push(m) });
    const stream = await source.start();
    const { readCaptureStream } = await import('../../../../gateway/capture/reader.ts');
    const reading = readCaptureStream(stream, sink);
    for (let i = 0; i < 3; i++) await new Promise((r) => sock.send(Buffer.alloc(10 + i), port, '127.0.0.1', r));
    // -U flushes per packet; wait until all three arrived (bounded), then stop.
    for (let i = 0; i < 100 && got.length < 3; i++) await new Promise((r) => setTimeout(r, 20));
    await source.stop();
    const summary = await reading;
    sock.close();
    expect(summary.format).toBe('pcap');
    expect(got.map((g) => g.linkType)).toEqual([LinkType.ETHERNET, LinkType.ETHERNET, LinkType.ETHERNET]);
    // Ethernet 14 + IPv4 20 + UDP 8 + payload
    expect(got.map((g) => g.len)).toEqual([52, 53, 54]);
    expect(logs.some((l) => l.includes('listening on lo'))).toBe(true);
  });
});
