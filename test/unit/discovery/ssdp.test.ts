import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Observation, SsdpData } from '../../../gateway/contract.ts';
import { createSsdpScanner, type FetchedDocument, type SsdpIo } from '../../../discovery/ssdp.ts';

const IGD_XML = readFileSync(new URL('../../fixtures/discovery/igd-description.xml', import.meta.url), 'utf8');
const subnets = [{ name: 'eth0', address: '192.168.1.5', netmask: '255.255.255.0' }];

function fakeIo(pages: Record<string, string>) {
  const fetched: string[] = [];
  const searches: string[] = [];
  const logs: string[] = [];
  let respond: ((h: Record<string, string>, f: { address: string }) => void) | undefined;
  let notify: typeof respond;
  const io: SsdpIo = {
    openClient: async () => ({ onResponse: (h) => (respond = h), search: (st) => searches.push(st), close: () => undefined }),
    openListener: async () => ({ onNotify: (h) => (notify = h), close: () => undefined }),
    fetchText: async (url) => {
      fetched.push(url.href);
      if (!(url.href in pages)) throw new Error(`${url.href}: HTTP 404`);
      return pages[url.href];
    },
    now: () => new Date('2024-05-01T10:00:00Z'),
    log: (m) => logs.push(m),
  };
  return { io, fetched, searches, logs, respond: (h: Record<string, string>, ip: string) => respond!(h, { address: ip }), notify: (h: Record<string, string>, ip: string) => notify!(h, { address: ip }) };
}

const IGD_HEADERS = {
  ST: 'urn:schemas-upnp-org:device:InternetGatewayDevice:1',
  USN: 'uuid:11111111-2222-3333-4444-555555555555::urn:schemas-upnp-org:device:InternetGatewayDevice:1',
  LOCATION: 'http://192.168.1.1:5000/rootDesc.xml',
  SERVER: 'Linux/4.4 UPnP/1.1 MiniUPnPd/2.2.1',
};

describe('createSsdpScanner', () => {
  it('fetches each LAN description once, attaches it, and hands the document on', async () => {
    const f = fakeIo({ 'http://192.168.1.1:5000/rootDesc.xml': IGD_XML });
    const seen: Observation<SsdpData>[] = [];
    const docs: FetchedDocument[] = [];
    const scanner = createSsdpScanner({ subnets, searches: 1, onObservation: (o) => seen.push(o), onDocument: (d) => docs.push(d) }, f.io);
    await scanner.start();
    f.respond(IGD_HEADERS, '192.168.1.1');
    f.respond({ ...IGD_HEADERS, ST: 'upnp:rootdevice', USN: 'uuid:11111111-2222-3333-4444-555555555555::upnp:rootdevice' }, '192.168.1.1');
    f.respond(IGD_HEADERS, '192.168.1.1'); // duplicate answer to the second search
    f.notify({ NT: 'upnp:rootdevice', NTS: 'ssdp:alive', USN: 'uuid:cam::upnp:rootdevice', LOCATION: 'http://192.168.1.9/gone.xml' }, '192.168.1.9');
    await scanner.stop();
    expect(f.searches).toEqual(['ssdp:all']);
    expect(f.fetched).toEqual(['http://192.168.1.1:5000/rootDesc.xml', 'http://192.168.1.9/gone.xml']);
    expect(seen.map((o) => [o.ip, o.data.kind, o.data.st ?? o.data.nt, o.data.description?.friendlyName])).toEqual([
      ['192.168.1.1', 'response', 'urn:schemas-upnp-org:device:InternetGatewayDevice:1', 'Home Router & Wi-Fi'],
      ['192.168.1.1', 'response', 'upnp:rootdevice', 'Home Router & Wi-Fi'],
      ['192.168.1.9', 'notify', 'upnp:rootdevice', undefined],
    ]);
    expect(docs).toHaveLength(1);
    expect(docs[0].ip).toBe('192.168.1.1');
    expect(docs[0].document.services.some((s) => s.controlURL === '/ctl/IPConn')).toBe(true);
    expect(f.logs).toEqual(['description not fetched: http://192.168.1.9/gone.xml: HTTP 404']);
  });

  it('never fetches a LOCATION that points away from the responder, but still reports the device', async () => {
    const f = fakeIo({});
    const seen: Observation<SsdpData>[] = [];
    const scanner = createSsdpScanner({ subnets, searches: 1, passive: false, onObservation: (o) => seen.push(o) }, f.io);
    await scanner.start();
    f.respond({ ...IGD_HEADERS, LOCATION: 'http://169.254.169.254/latest/meta-data' }, '192.168.1.1');
    f.respond({ ...IGD_HEADERS, LOCATION: 'http://192.168.1.77/desc.xml' }, '192.168.1.1');
    f.respond({ ST: 'x' }, '192.168.1.3');
    f.respond({ SERVER: 'no identity headers' }, '192.168.1.4');
    await scanner.stop();
    expect(f.fetched).toEqual([]);
    expect(seen.map((o) => [o.ip, o.data.location])).toEqual([
      ['192.168.1.1', 'http://169.254.169.254/latest/meta-data'],
      ['192.168.1.1', 'http://192.168.1.77/desc.xml'],
      ['192.168.1.3', undefined],
    ]);
  });

  it('respects the fetch bound', async () => {
    const f = fakeIo({});
    const scanner = createSsdpScanner({ subnets, searches: 1, passive: false, maxFetches: 2, onObservation: () => undefined }, f.io);
    await scanner.start();
    for (let i = 10; i < 15; i++) f.respond({ ST: 'upnp:rootdevice', USN: `uuid:${i}`, LOCATION: `http://192.168.1.${i}/d.xml` }, `192.168.1.${i}`);
    await scanner.stop();
    expect(f.fetched).toEqual(['http://192.168.1.10/d.xml', 'http://192.168.1.11/d.xml']);
  });
});
