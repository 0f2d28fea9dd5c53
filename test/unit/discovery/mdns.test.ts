import dnsPacket from 'dns-packet';
import { describe, expect, it } from 'vitest';
import type { MdnsData, Observation } from '../../../gateway/contract.ts';
import { createMdnsScanner, type MdnsSocket } from '../../../discovery/mdns.ts';
import { instanceType, parseMdnsPacket, parseTxt } from '../../../discovery/mdns-packet.ts';

// Packets are encoded and decoded with dns-packet, so the parser sees exactly what multicast-dns hands it.
const wire = (p: dnsPacket.Packet) => dnsPacket.decode(dnsPacket.encode(p));

// A Chromecast-style answer to `_googlecast._tcp.local PTR` (RFC 6763 §12: SRV, TXT and A as additionals).
const CAST = wire({
  type: 'response',
  flags: dnsPacket.AUTHORITATIVE_ANSWER,
  answers: [{ name: '_googlecast._tcp.local', type: 'PTR', ttl: 120, data: 'Chromecast-4f2a._googlecast._tcp.local' }],
  additionals: [
    { name: 'Chromecast-4f2a._googlecast._tcp.local', type: 'SRV', ttl: 120, data: { port: 8009, target: '4f2a-cast.local' } },
    {
      name: 'Chromecast-4f2a._googlecast._tcp.local',
      type: 'TXT',
      ttl: 4500,
      data: ['id=4f2a9c0e', 'md=Google Nest Hub Max', 'fn=Kitchen display', 'ca=201221', 'md=ignored-duplicate', '=novalue', 'rs'],
    },
    { name: '4f2a-cast.local', type: 'A', ttl: 120, data: '192.168.1.31' },
    { name: '4f2a-cast.local', type: 'AAAA', ttl: 120, data: 'fe80::1234' },
  ],
});

// Answer to the DNS-SD meta-query (RFC 6763 §9).
const META = wire({
  type: 'response',
  answers: [
    { name: '_services._dns-sd._udp.local', type: 'PTR', ttl: 4500, data: '_hap._tcp.local' },
    { name: '_services._dns-sd._udp.local', type: 'PTR', ttl: 4500, data: '_rtsp._tcp.local' },
    { name: '_services._dns-sd._udp.local', type: 'PTR', ttl: 4500, data: 'not-a-type.local' },
  ],
});

// A HomeKit camera announcing itself, with a dotted instance name, and a goodbye for another service.
const HAP = wire({
  type: 'response',
  answers: [
    { name: '_hap._tcp.local', type: 'PTR', ttl: 4500, data: 'Front Door Cam v2.1._hap._tcp.local' },
    { name: 'Front Door Cam v2.1._hap._tcp.local', type: 'SRV', ttl: 120, data: { port: 51826, target: 'Front-Door.local' } },
    { name: 'Front Door Cam v2.1._hap._tcp.local', type: 'TXT', ttl: 4500, data: ['c#=3', 'ci=17', 'md=CAM-1', 'sf=0'] },
    { name: '_airplay._tcp.local', type: 'PTR', ttl: 0, data: 'Old TV._airplay._tcp.local' },
    { name: '_printer._sub._http._tcp.local', type: 'PTR', ttl: 4500, data: 'Office._http._tcp.local' },
  ],
});

describe('parseMdnsPacket', () => {
  it.each([
    [
      'service instance with SRV, TXT and addresses in the additionals',
      CAST,
      {
        serviceTypes: [],
        instances: [
          {
            instance: 'Chromecast-4f2a._googlecast._tcp.local',
            type: '_googlecast._tcp',
            goodbye: false,
            host: '4f2a-cast.local',
            port: 8009,
            txt: { id: '4f2a9c0e', md: 'Google Nest Hub Max', fn: 'Kitchen display', ca: '201221', rs: '' },
          },
        ],
        hosts: { '4f2a-cast.local': ['192.168.1.31', 'fe80::1234'] },
      },
    ],
    ['meta-query answer lists the service types', META, { serviceTypes: ['_hap._tcp', '_rtsp._tcp'], instances: [], hosts: {} }],
    [
      'announcement with a dotted instance name, a goodbye and a subtype PTR',
      HAP,
      {
        serviceTypes: [],
        instances: [
          {
            instance: 'Front Door Cam v2.1._hap._tcp.local',
            type: '_hap._tcp',
            goodbye: false,
            host: 'Front-Door.local',
            port: 51826,
            txt: { 'c#': '3', ci: '17', md: 'CAM-1', sf: '0' },
          },
          { instance: 'Old TV._airplay._tcp.local', type: '_airplay._tcp', goodbye: true },
          { instance: 'Office._http._tcp.local', type: '_http._tcp', goodbye: false },
        ],
        hosts: {},
      },
    ],
    ['a query (no answers)', wire({ type: 'query', questions: [{ name: '_hap._tcp.local', type: 'PTR' }] }), { serviceTypes: [], instances: [], hosts: {} }],
    ['null', null, { serviceTypes: [], instances: [], hosts: {} }],
    ['answers not an array', { answers: 'x', additionals: [null, 5, { name: 7 }] }, { serviceTypes: [], instances: [], hosts: {} }],
    [
      'records with hostile shapes',
      { answers: [{ name: 'x._hap._tcp.local', type: 'SRV', ttl: 1, data: { port: 99999, target: 5 } }, { name: 'h.local', type: 'A', ttl: 1, data: 'x' }] },
      { serviceTypes: [], instances: [{ instance: 'x._hap._tcp.local', type: '_hap._tcp', goodbye: false }], hosts: {} },
    ],
  ])('%s', (_name, packet, want) => expect(parseMdnsPacket(packet)).toEqual(want));
});

describe('parseTxt', () => {
  it.each([
    [[Buffer.from('a=1'), Buffer.from('B=x=y')], { a: '1', B: 'x=y' }],
    [[Buffer.from('flag')], { flag: '' }],
    [[Buffer.from('k=1'), Buffer.from('K=2')], { k: '1' }],
    [[Buffer.alloc(0)], undefined],
    [undefined, undefined],
    [42, undefined],
  ])('%j', (data, want) => expect(parseTxt(data)).toEqual(want));
});

describe('instanceType', () => {
  it.each([
    ['Living Room._googlecast._tcp.local', '_googlecast._tcp'],
    ['a.b._IPP._TCP.local', '_ipp._tcp'],
    ['_hap._tcp.local', null],
    ['x._sub._http._tcp.local', null],
    ['host.local', null],
  ])('%s', (name, want) => expect(instanceType(name)).toBe(want));
});

function fakeSocket() {
  const sent: string[] = [];
  let handler: ((p: unknown, f: { address: string }) => void) | undefined;
  const socket: MdnsSocket = {
    onResponse: (h) => (handler = h),
    query: (name, type) => sent.push(`${type} ${name}`),
    close: async () => undefined,
  };
  return { socket, sent, deliver: (p: unknown, address: string) => handler!(p, { address }) };
}

describe('createMdnsScanner', () => {
  const io = (s: MdnsSocket) => ({ openSocket: () => s, now: () => new Date('2024-05-01T10:00:00Z'), log: () => undefined });

  it('browses each type from the meta-query once, follows up missing records, emits complete instances', async () => {
    const f = fakeSocket();
    const seen: Observation<MdnsData>[] = [];
    const scanner = createMdnsScanner({ metaRepeats: 1, onObservation: (o) => seen.push(o) }, io(f.socket));
    await scanner.start();
    f.deliver(META, '192.168.1.40');
    f.deliver(META, '192.168.1.40');
    // A bare PTR answer: the scanner must ask for SRV/TXT, then for the host's A record.
    f.deliver(wire({ type: 'response', answers: [{ name: '_rtsp._tcp.local', type: 'PTR', ttl: 120, data: 'Cam._rtsp._tcp.local' }] }), '192.168.1.40');
    f.deliver(wire({ type: 'response', answers: [{ name: 'Cam._rtsp._tcp.local', type: 'SRV', ttl: 120, data: { port: 554, target: 'cam.local' } }] }), '192.168.1.40');
    expect(seen.map((o) => o.ip)).toEqual(['192.168.1.40']);
    f.deliver(wire({ type: 'response', answers: [{ name: 'cam.local', type: 'A', ttl: 120, data: '192.168.1.41' }] }), '192.168.1.40');
    f.deliver(CAST, '192.168.1.31');
    await scanner.stop();
    expect(f.sent).toEqual([
      'PTR _services._dns-sd._udp.local',
      'PTR _hap._tcp.local',
      'PTR _rtsp._tcp.local',
      'SRV Cam._rtsp._tcp.local',
      'TXT Cam._rtsp._tcp.local',
      'A cam.local',
    ]);
    expect(seen.map((o) => [o.source, o.ip, o.data.instance, o.data.port])).toEqual([
      ['mdns', '192.168.1.40', 'Cam._rtsp._tcp.local', 554],
      ['mdns', '192.168.1.41', 'Cam._rtsp._tcp.local', 554],
      ['mdns', '192.168.1.31', 'Chromecast-4f2a._googlecast._tcp.local', 8009],
    ]);
    expect(seen[2].mac).toBeUndefined();
    expect(seen[2].data.txt?.md).toBe('Google Nest Hub Max');
  });

  it('keeps to the type and query bounds, and flushes SRV-less instances at stop', async () => {
    const f = fakeSocket();
    const seen: Observation<MdnsData>[] = [];
    const scanner = createMdnsScanner({ metaRepeats: 1, maxTypes: 1, maxQueries: 3, onObservation: (o) => seen.push(o) }, io(f.socket));
    await scanner.start();
    f.deliver(META, '10.0.0.2');
    f.deliver(wire({ type: 'response', answers: [{ name: '_hap._tcp.local', type: 'PTR', ttl: 120, data: 'Lock._hap._tcp.local' }] }), '10.0.0.9');
    await scanner.stop();
    expect(f.sent).toEqual(['PTR _services._dns-sd._udp.local', 'PTR _hap._tcp.local', 'SRV Lock._hap._tcp.local']);
    expect(seen.map((o) => [o.ip, o.data])).toEqual([['10.0.0.9', { instance: 'Lock._hap._tcp.local', type: '_hap._tcp' }]]);
    expect(scanner.stats()).toEqual({ queries: 3, types: 1, instances: 1 });
  });
});

describe('parseTxt with hostile keys', () => {
  it('keeps __proto__ as a plain key without touching the prototype', () => {
    const txt = parseTxt([Buffer.from('__proto__=x'), Buffer.from('md=Cam')]);
    expect(Object.getPrototypeOf(txt)).toBe(Object.prototype);
    expect(txt?.md).toBe('Cam');
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });
});
