import dnsPacket from 'dns-packet';
import { describe, expect, it } from 'vitest';
import { mdnsServices, parseDns, txtToRecord, type DnsMessage } from '../../../../../gateway/capture/app/dns.ts';
import { everyPrefix, framed, randomPayloads } from './fuzz.ts';

function parse(p: dnsPacket.Packet): DnsMessage | null {
  return parseDns(...framed(dnsPacket.encode(p)));
}

const query: dnsPacket.Packet = {
  type: 'query',
  id: 0x1234,
  flags: dnsPacket.RECURSION_DESIRED,
  questions: [{ type: 'A', name: 'Tracker.Example.COM.' }],
};

const response: dnsPacket.Packet = {
  type: 'response',
  id: 0x1234,
  flags: dnsPacket.RECURSION_AVAILABLE,
  questions: [{ type: 'A', name: 'cam.example.com' }],
  answers: [
    { type: 'CNAME', name: 'cam.example.com', ttl: 60, data: 'Edge.CDN.example.net' },
    { type: 'A', name: 'edge.cdn.example.net', ttl: 30, data: '203.0.113.7' },
    { type: 'AAAA', name: 'edge.cdn.example.net', ttl: 30, data: '2001:db8::7' },
  ],
  authorities: [{ type: 'NS', name: 'example.com', ttl: 300, data: 'ns1.example.com' }],
  additionals: [{ type: 'MX', name: 'example.com', ttl: 300, data: { preference: 10, exchange: 'mail.example.com' } }],
};

const announcement: dnsPacket.Packet = {
  type: 'response',
  id: 0,
  flags: dnsPacket.AUTHORITATIVE_ANSWER,
  answers: [
    { type: 'PTR', name: '_services._dns-sd._udp.local', ttl: 4500, data: '_googlecast._tcp.local' },
    { type: 'PTR', name: '_services._dns-sd._udp.local', ttl: 4500, data: '_spotify-connect._tcp.local' },
    { type: 'PTR', name: '_googlecast._tcp.local', ttl: 120, data: 'Living Room TV._googlecast._tcp.local' },
    { type: 'PTR', name: '_universal._sub._ipp._tcp.local', ttl: 120, data: 'Office Printer._ipp._tcp.local' },
    { type: 'PTR', name: '7.1.168.192.in-addr.arpa', ttl: 120, data: 'Chromecast-1234.local' },
  ],
  additionals: [
    { type: 'SRV', name: 'Living Room TV._googlecast._tcp.local', ttl: 120, data: { target: 'Chromecast-1234.local', port: 8009 } },
    { type: 'TXT', name: 'Living Room TV._googlecast._tcp.local', ttl: 4500, data: ['id=abc123', 'md=Chromecast', 'fn=Living Room TV', 'flag', 'MD=dup', '=nokey'] },
    { type: 'SRV', name: 'Office Printer._ipp._tcp.local', ttl: 120, data: { target: 'printer.local', port: 631 } },
    { type: 'A', name: 'Chromecast-1234.local', ttl: 120, data: '192.168.1.7' },
  ],
};

describe('parseDns', () => {
  it.each([
    ['query', query, { id: 0x1234, response: false, rcode: 'NOERROR', questions: [{ name: 'tracker.example.com', type: 'A' }], answers: [] }],
    [
      'response with all sections',
      response,
      {
        id: 0x1234,
        response: true,
        questions: [{ name: 'cam.example.com', type: 'A' }],
        answers: [
          { name: 'cam.example.com', type: 'CNAME', ttl: 60, section: 'answer', data: 'edge.cdn.example.net' },
          { name: 'edge.cdn.example.net', type: 'A', ttl: 30, section: 'answer', data: '203.0.113.7' },
          { name: 'edge.cdn.example.net', type: 'AAAA', ttl: 30, section: 'answer', data: '2001:db8::7' },
          { name: 'example.com', type: 'NS', ttl: 300, section: 'authority', data: 'ns1.example.com' },
          { name: 'example.com', type: 'MX', ttl: 300, section: 'additional', data: 'mail.example.com' },
        ],
      },
    ],
    [
      'NXDOMAIN for an HTTPS query',
      { type: 'response', id: 9, flags: 3, questions: [{ type: 'UNKNOWN_65', name: 'gone.example' }] } as unknown as dnsPacket.Packet,
      { rcode: 'NXDOMAIN', questions: [{ name: 'gone.example', type: 'HTTPS' }], answers: [] },
    ],
    [
      'EDNS OPT record is not reported',
      { type: 'query', id: 1, questions: [{ type: 'AAAA', name: 'a.example' }], additionals: [{ type: 'OPT', name: '.', udpPayloadSize: 1232, flags: 0, options: [] }] } as unknown as dnsPacket.Packet,
      { questions: [{ name: 'a.example', type: 'AAAA' }], answers: [], partial: false },
    ],
  ])('%s', (_name, packet, expected) => {
    expect(parse(packet)).toMatchObject(expected);
  });

  it('decodes mDNS SRV, TXT and keeps PTR target case', () => {
    const msg = parse(announcement)!;
    expect(msg.partial).toBe(false);
    const byType = (t: string) => msg.answers.filter((r) => r.type === t);
    expect(byType('PTR').map((r) => r.data)).toContain('Living Room TV._googlecast._tcp.local');
    expect(byType('SRV')[0]).toEqual({
      name: 'living room tv._googlecast._tcp.local', type: 'SRV', ttl: 120, section: 'additional',
      data: { target: 'chromecast-1234.local', port: 8009 },
    });
    expect(byType('TXT')[0].data).toEqual({ id: 'abc123', md: 'Chromecast', fn: 'Living Room TV', flag: '' });
  });

  it('reads only its range: the same bytes with a shorter end are cut, not read past', () => {
    const bytes = dnsPacket.encode(response);
    const [buf, start, end] = framed(bytes);
    const full = parseDns(buf, start, end)!;
    const cut = parseDns(buf, start, end - 1)!;
    expect(full.partial).toBe(false);
    expect(cut.partial).toBe(true);
    expect(cut.answers.length).toBeLessThan(full.answers.length);
    expect(cut.questions).toEqual(full.questions);
  });

  it.each([
    ['too short', Buffer.from('00010100000100', 'hex')],
    ['opcode 2 (STATUS)', Buffer.from('0001100000000000000000000000', 'hex')],
    ['header only, nothing counted', Buffer.alloc(12)],
    ['counts a question that is not there', Buffer.from('000101000001000000000000', 'hex')],
    ['compression pointer loop', Buffer.from('00010100000100000000000' + '0c00c0001', 'hex')],
  ])('returns null for %s', (_name, bytes) => {
    expect(parseDns(...framed(bytes))).toBeNull();
  });

  it('every prefix of a valid message gives null or a partial result, and never throws', () => {
    for (const p of [query, response, announcement]) {
      const bytes = dnsPacket.encode(p);
      const results = everyPrefix(bytes, parseDns);
      results.slice(0, -1).forEach((r) => expect(r === null || r.partial).toBe(true));
      expect(results.at(-1)?.partial).toBe(false);
      // Once the question section is complete, every longer prefix still reports it.
      const firstWithQ = results.findIndex((r) => (r?.questions.length ?? 0) > 0);
      if (p.questions?.length) expect(results.slice(firstWithQ).every((r) => r!.questions.length > 0)).toBe(true);
    }
  });

  it('random bytes never throw', () => {
    let parsed = 0;
    for (const b of randomPayloads(53, 3000, 300)) if (parseDns(...framed(b))) parsed++;
    expect(parsed).toBeLessThan(3000);
  });

  it('an out-of-range view returns null', () => {
    const b = dnsPacket.encode(query);
    expect(parseDns(b, 0, b.length + 10)).toBeNull();
    expect(parseDns(b, -1, b.length)).toBeNull();
  });
});

describe('txtToRecord', () => {
  it.each([
    [['a=1', 'b=x=y'], { a: '1', b: 'x=y' }],
    [['Key=Value', 'key=other'], { Key: 'Value' }],
    [['flag', '=skip', ''], { flag: '' }],
    [[Buffer.from('n=caf\u00e9\u0001', 'utf8')], { n: 'café' }],
    [['__proto__=x'], JSON.parse('{"__proto__":"x"}')],
  ])('%j', (input, expected) => {
    const r = txtToRecord(input);
    expect(r).toEqual(expected);
    expect(Object.getPrototypeOf(r)).toBe(Object.prototype);
  });
});

describe('mdnsServices', () => {
  it('turns PTR, SRV and TXT into instances and meta-query answers into types', () => {
    const services = mdnsServices(parse(announcement)!);
    expect(services).toEqual([
      {
        instance: 'Living Room TV._googlecast._tcp.local', type: '_googlecast._tcp', host: 'chromecast-1234.local', port: 8009,
        txt: { id: 'abc123', md: 'Chromecast', fn: 'Living Room TV', flag: '' },
      },
      { instance: 'Office Printer._ipp._tcp.local', type: '_ipp._tcp', host: 'printer.local', port: 631 },
      { type: '_spotify-connect._tcp' },
    ]);
  });

  it('uses only the authority section of a query (a probe), not known answers about others', () => {
    const probe: dnsPacket.Packet = {
      type: 'query',
      questions: [{ type: 'SRV', name: 'Kitchen._hap._tcp.local' }],
      answers: [{ type: 'PTR', name: '_airplay._tcp.local', ttl: 4500, data: 'Neighbour._airplay._tcp.local' }],
      authorities: [{ type: 'SRV', name: 'Kitchen._hap._tcp.local', ttl: 120, data: { target: 'bridge.local', port: 51826 } }],
    };
    expect(mdnsServices(parse(probe)!)).toEqual([{ instance: 'kitchen._hap._tcp.local', type: '_hap._tcp', host: 'bridge.local', port: 51826 }]);
  });

  it('ignores names that are not DNS-SD instances', () => {
    const msg = parse({
      type: 'response',
      answers: [
        { type: 'SRV', name: 'host.local', ttl: 1, data: { target: 'x.local', port: 1 } },
        { type: 'TXT', name: '_sub._ipp._tcp.local', ttl: 1, data: ['a=b'] },
        { type: 'PTR', name: '_http._tcp.example.com', ttl: 1, data: 'x._http._tcp.example.com' },
      ],
    })!;
    expect(mdnsServices(msg)).toEqual([]);
  });
});
