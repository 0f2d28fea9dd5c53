import { createSocket } from 'node:dgram';
import { describe, expect, it } from 'vitest';
import { CaptureSourceError, createTcpdumpSource, longRunningBufferMiB, parseTcpdumpCounters, tcpdumpArgs } from '../../../../gateway/capture/tcpdump-source.ts';
import { LinkType, type PacketSink } from '../../../../gateway/capture/types.ts';

describe('tcpdumpArgs', () => {
  it('builds a pcap-to-stdout command line with the filter after --', () => {
    expect(tcpdumpArgs('eth0', 'udp port 5353')).toEqual(['-i', 'eth0', '-w', '-', '-U', '-n', '-s', '0', '--', 'udp port 5353']);
    expect(tcpdumpArgs('br-lan.10')).toEqual(['-i', 'br-lan.10', '-w', '-', '-U', '-n', '-s', '0']);
  });
  it('gives a long-running capture its ring (-B, in KiB) and batched output (no -U)', () => {
    expect(tcpdumpArgs('eth0', undefined, { bufferMiB: 64 })).toEqual(['-i', 'eth0', '-w', '-', '-B', '65536', '-n', '-s', '0']);
  });
  it('sizes the long-running ring to a sixteenth of the memory, 8 to 64 MiB', () => {
    expect(longRunningBufferMiB(256 * 1048576)).toBe(16);
    expect(longRunningBufferMiB(512 * 1048576)).toBe(32);
    expect(longRunningBufferMiB(4096 * 1048576)).toBe(64);
    expect(longRunningBufferMiB(64 * 1048576)).toBe(8);
  });
  it.each(['-w/tmp/x', '', 'a-very-long-interface-name', 'eth0 ; rm', 'eth0/1'])('refuses interface %j', (name) => {
    expect(() => tcpdumpArgs(name)).toThrow(CaptureSourceError);
  });
});

describe('parseTcpdumpCounters', () => {
  it('reads the three lines tcpdump prints when it stops', () => {
    expect(parseTcpdumpCounters('1 packet captured\n7 packets received by filter\n6 packets dropped by kernel\n')).toEqual({
      captured: 1, receivedByFilter: 7, droppedByKernel: 6, droppedByInterface: 0,
    });
  });
  it('reads the one-line answer to SIGUSR1, the latest figures winning, and drops by the interface', () => {
    const text = 'tcpdump: 5 packets captured, 5 packets received by filter, 0 packets dropped by kernel\n' +
      'tcpdump: 9 packets captured, 12 packets received by filter, 3 packets dropped by kernel, 2 packets dropped by interface\n';
    expect(parseTcpdumpCounters(text)).toEqual({ captured: 9, receivedByFilter: 12, droppedByKernel: 3, droppedByInterface: 2 });
  });
  it('is null until all three counters came', () => {
    expect(parseTcpdumpCounters('listening on eth0, link-type EN10MB (Ethernet), snapshot length 262144 bytes\n3 packets captured\n')).toBeNull();
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
    // tcpdump's closing counters are kept: all three datagrams were handed on, none dropped.
    expect(source.counters()?.captured).toBe(3);
    expect(source.counters()?.droppedByKernel).toBe(0);
  });

  it('asks a running tcpdump for its counters without stopping it, and does not log the answer', async () => {
    const sock = createSocket('udp4');
    await new Promise<void>((r) => sock.bind(0, '127.0.0.1', r));
    const port = sock.address().port;
    let got = 0;
    const logs: string[] = [];
    const source = createTcpdumpSource({ interface: 'lo', filter: `udp and dst port ${port}`, log: (m) => logs.push(m) });
    const { readCaptureStream } = await import('../../../../gateway/capture/reader.ts');
    const reading = readCaptureStream(await source.start(), { packet: () => got++ });
    expect(source.counters()).toBeNull();
    for (let i = 0; i < 2; i++) await new Promise((r) => sock.send(Buffer.alloc(8), port, '127.0.0.1', r));
    for (let i = 0; i < 100 && got < 2; i++) await new Promise((r) => setTimeout(r, 20));
    source.requestCounters();
    for (let i = 0; i < 100 && !source.counters(); i++) await new Promise((r) => setTimeout(r, 20));
    expect(source.counters()?.captured).toBe(2);
    // Still capturing after the request: a third datagram arrives.
    await new Promise((r) => sock.send(Buffer.alloc(8), port, '127.0.0.1', r));
    for (let i = 0; i < 100 && got < 3; i++) await new Promise((r) => setTimeout(r, 20));
    expect(got).toBe(3);
    await source.stop();
    await reading;
    sock.close();
    expect(source.counters()?.captured).toBe(3);
    expect(logs.filter((l) => /packets? captured/.test(l))).toEqual(['3 packets captured']);
  });
});
