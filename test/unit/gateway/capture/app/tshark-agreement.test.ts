/**
 * The app parsers against tshark, on real captures: tcpdump's test captures (read in place from the shared
 * corpus), the lab's demo-home capture, and a ClientHello made by Node's own TLS stack over loopback.
 * tshark gives each packet's UDP/TCP payload as hex and its own reading of the fields we extract.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDhcp } from '../../../../../gateway/capture/app/dhcp.ts';
import { parseDhcpv6 } from '../../../../../gateway/capture/app/dhcpv6.ts';
import { parseDns } from '../../../../../gateway/capture/app/dns.ts';
import { parseHttpRequest } from '../../../../../gateway/capture/app/http.ts';
import { parseSsdp } from '../../../../../gateway/capture/app/ssdp.ts';
import { parseTlsClientHello } from '../../../../../gateway/capture/app/tls.ts';
import { writePcap } from '../../../../fixtures/capture-writer.ts';
import { CORPUS_DIR } from '../../../../fixtures/shared-paths.ts';

const LAB = new URL('../../../../fixtures/lab-home-12.pcap', import.meta.url).pathname;
const corpus = (f: string) => join(CORPUS_DIR, f);
// tshark joins repeated values of one field with this character (none of the compared values contain it).
const AGG = '|';

/** One row per packet matching `filter`; each cell is the field's values split on the aggregator. */
function tshark(file: string, filter: string, fields: string[]): string[][][] {
  const args = ['-r', file, '-Y', filter, '-T', 'fields', '-E', 'separator=/t', '-E', `aggregator=${AGG}`, '-E', 'occurrence=a'];
  for (const f of fields) args.push('-e', f);
  const out = execFileSync('tshark', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 64 << 20 });
  return out
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l) => l.split('\t').map((c) => (c === '' ? [] : c.split(AGG))));
}

const hex = (cell: string[]) => Buffer.from(cell[0] ?? '', 'hex');
const dnsName = (n: string) => (n === '<Root>' ? '' : n.toLowerCase().replace(/\.$/, ''));

describe('DNS and mDNS agree with tshark', () => {
  const files = [
    ...['dns_udp.pcap', 'dns_udp_2.pcap', 'edns-opts.pcap', 'dnssec.pcap', 'dns-uri.pcap', 'dns-badcookie.pcap', 'dns-badvers.pcap', 'LINKTYPE_IPV4.pcap', 'LINKTYPE_IPV6.pcap'].map(corpus),
    LAB,
  ];
  it.each(files)('%s: question names, QR flag, A/AAAA answers, PTR targets and SRV ports', (file) => {
    const rows = tshark(file, 'dns && udp', ['udp.payload', 'dns.qry.name', 'dns.flags.response', 'dns.a', 'dns.aaaa', 'dns.ptr.domain_name', 'dns.srv.port']);
    expect(rows.length).toBeGreaterThan(0);
    for (const [payload, qnames, qr, a, aaaa, ptr, srvPort] of rows) {
      const msg = parseDns(...wrap(hex(payload)));
      expect(msg).not.toBeNull();
      expect(msg!.questions.map((q) => q.name)).toEqual(qnames.map(dnsName));
      expect(msg!.response).toBe(qr[0] === '1' || qr[0] === 'True');
      const data = (t: string) => msg!.answers.filter((r) => r.type === t).map((r) => r.data);
      expect(data('A')).toEqual(a);
      expect(data('AAAA')).toEqual(aaaa);
      expect(data('PTR').map((d) => String(d).toLowerCase())).toEqual(ptr.map(dnsName));
      expect(msg!.answers.filter((r) => r.type === 'SRV').map((r) => (r.data as { port: number }).port)).toEqual(srvPort.map(Number));
    }
  });

  it('the lab capture has mDNS with service records (so the check above covered DNS-SD)', () => {
    const rows = tshark(LAB, 'mdns && dns.srv.port', ['udp.payload']);
    expect(rows.length).toBeGreaterThan(0);
  });
});

describe('DHCP agrees with tshark', () => {
  const files = [
    ...['eapon1.pcap', 'dhcp-mud.pcap', 'dhcp-rfc4388.pcap', 'dhcp-rfc3004.pcap', 'dhcp-option-33.pcap', 'dhcp-rfc5859.pcap'].map(corpus),
    LAB,
  ];
  it.each(files)('%s: message type, chaddr, host name, vendor class, parameter list', (file) => {
    const rows = tshark(file, 'dhcp', ['udp.payload', 'dhcp.option.dhcp', 'dhcp.hw.mac_addr', 'dhcp.option.hostname', 'dhcp.option.vendor_class_id', 'dhcp.option.request_list_item', 'dhcp.cookie']);
    expect(rows.length).toBeGreaterThan(0);
    for (const [payload, type, mac, host, vendor, params, cookie] of rows) {
      const d = parseDhcp(...wrap(hex(payload)));
      // tshark shows the cookie as an IPv4 address: 99.130.83.99 is 63 82 53 63.
      if (cookie[0] !== '99.130.83.99') {
        expect(d).toBeNull();
        continue;
      }
      expect(d).not.toBeNull();
      expect(d!.messageType).toBe(type[0] === undefined ? undefined : Number(type[0]));
      if (d!.chaddr) expect(d!.chaddr).toBe(mac[0]);
      expect(d!.hostname).toBe(host[0]);
      expect(d!.vendorClass).toBe(vendor[0]);
      expect(d!.paramList).toEqual(params.length ? params.map(Number) : undefined);
    }
  });

  it('the corpus and lab DHCP include host names (so the check above compared some)', () => {
    const named = [corpus('eapon1.pcap'), corpus('dhcp-mud.pcap'), LAB].flatMap((f) => tshark(f, 'dhcp.option.hostname', ['dhcp.option.hostname']));
    expect(named.length).toBeGreaterThanOrEqual(10);
  });
});

describe('DHCPv6 agrees with tshark', () => {
  const files = ['dhcpv6-ia-na.pcap', 'dhcpv6-ia-pd.pcap', 'dhcpv6-ia-ta.pcap', 'dhcpv6-mud.pcap', 'dhcpv6-rfc8415-duid-type2.pcap', 'dhcpv4v6-rfc5970-rfc8572.pcap', 'dhcpv6-domain-list.pcap'].map(corpus);
  it.each(files)('%s: message type, transaction id, client link-layer address', (file) => {
    const rows = tshark(file, 'dhcpv6', ['udp.payload', 'dhcpv6.msgtype', 'dhcpv6.xid', 'dhcpv6.duidllt.link_layer_addr', 'dhcpv6.duidll.link_layer_addr']);
    expect(rows.length).toBeGreaterThan(0);
    for (const [payload, types, xids, llt, ll] of rows) {
      const d = parseDhcpv6(...wrap(hex(payload)));
      expect(d).not.toBeNull();
      // For a relayed message tshark lists the relay's type first and the client's last.
      expect(d!.msgType).toBe(Number(types.at(-1)));
      expect(d!.transactionId).toBe(Number(xids.at(-1)));
      if (d!.clientMac) expect([...llt, ...ll]).toContain(d!.clientMac);
    }
  });
});

describe('TLS ClientHello agrees with tshark', () => {
  it('lab capture: SNI and ALPN of every ClientHello', () => {
    const rows = tshark(LAB, 'tls.handshake.type == 1', ['tcp.payload', 'tls.handshake.extensions_server_name', 'tls.handshake.extensions_alpn_str']);
    expect(rows.length).toBeGreaterThanOrEqual(10);
    for (const [payload, sni, alpn] of rows) {
      const hello = parseTlsClientHello(...wrap(hex(payload)));
      expect(hello).not.toBeNull();
      expect(hello!.sni).toBe(sni[0]);
      expect(hello!.alpn).toEqual(alpn.length ? alpn : undefined);
    }
  });

  describe("Node's own TLS client over loopback", () => {
    let dir = '';
    let hello: Buffer = Buffer.alloc(0);

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'hs-tls-'));
      hello = await captureClientHello('Stalker-Check.Example.ORG', ['h2', 'http/1.1']);
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('SNI, ALPN and version match what tshark reads from the same bytes in a pcap', () => {
      const file = join(dir, 'hello.pcap');
      writeFileSync(file, writePcap({ network: 101 }, [{ sec: 1, frac: 0, data: ipv4Tcp(hello, 443) }]));
      const rows = tshark(file, 'tls.handshake.type == 1', ['tls.handshake.extensions_server_name', 'tls.handshake.extensions_alpn_str', 'tls.handshake.extensions.supported_version']);
      expect(rows).toHaveLength(1);
      const [sni, alpn, versions] = rows[0];
      const parsed = parseTlsClientHello(...wrap(hello));
      expect(parsed?.sni).toBe(sni[0].toLowerCase());
      expect(parsed?.alpn).toEqual(alpn);
      expect(parsed?.version).toBe(Math.max(...versions.map(Number)));
      expect(parsed?.partial).toBe(false);
    });
  });
});

describe('SSDP and HTTP agree with tshark', () => {
  it.each([corpus('eapon1.pcap'), LAB])('%s: SSDP kind, LOCATION, SERVER, USER-AGENT', (file) => {
    const rows = tshark(file, 'ssdp', ['udp.payload', 'http.request.method', 'http.response.code', 'http.location', 'http.server', 'http.user_agent']);
    expect(rows.length).toBeGreaterThan(0);
    const kinds: Record<string, string> = { NOTIFY: 'notify', 'M-SEARCH': 'search' };
    for (const [payload, method, code, location, server, ua] of rows) {
      const d = parseSsdp(...wrap(hex(payload)));
      expect(d?.kind).toBe(method[0] ? kinds[method[0]] : code[0] === '200' ? 'response' : undefined);
      expect(d?.location).toBe(location[0]);
      expect(d?.server).toBe(server[0]);
      expect(d?.userAgent).toBe(ua[0]);
    }
  });

  it.each(['print-flags.pcap', 'ipv4_tcp_http_xml_tso.pcap', 'arcnet-rfc1051-arp-icmp-http.pcap', 'accecn_handshake.pcap'].map(corpus))(
    '%s: HTTP method, URI, Host, User-Agent',
    (file) => {
      const rows = tshark(file, 'http.request', ['tcp.payload', 'http.request.method', 'http.request.uri', 'http.host', 'http.user_agent']);
      expect(rows.length).toBeGreaterThan(0);
      for (const [payload, method, uri, host, ua] of rows) {
        const r = parseHttpRequest(...wrap(hex(payload)));
        expect(r).toEqual({ method: method[0], path: uri[0], ...(host[0] ? { host: host[0].toLowerCase() } : {}), ...(ua[0] ? { userAgent: ua[0] } : {}) });
      }
    },
  );
});

describe('every UDP and TCP payload of these captures is safe for every parser', () => {
  const parsers = [parseDns, parseDhcp, parseDhcpv6, parseSsdp, parseHttpRequest, parseTlsClientHello];
  it.each(['dns-badlabel.pcap', 'bootp_asan.pcap', 'bootp_asan-2.pcap', 'dhcp6_reconf_asan.pcap', 'quic_handshake.pcap', 'eapon1.pcap'].map(corpus).concat([LAB]))('%s', (file) => {
    const rows = tshark(file, 'udp.payload || tcp.payload', ['udp.payload', 'tcp.payload']);
    expect(rows.length).toBeGreaterThan(0);
    for (const [u, t] of rows) {
      const payload = hex(u.length ? u : t);
      for (const p of parsers) p(...wrap(payload));
    }
  });
});

/** The payload inside a larger buffer, so a read past `end` would see other bytes. */
function wrap(payload: Buffer): [Buffer, number, number] {
  const buf = Buffer.alloc(payload.length + 16, 0xee);
  payload.copy(buf, 8);
  return [buf, 8, 8 + payload.length];
}

/** A raw IPv4 + TCP packet (LINKTYPE_RAW) carrying `payload` to `dstPort`; checksums are left zero. */
function ipv4Tcp(payload: Buffer, dstPort: number): Buffer {
  const ip = Buffer.alloc(20);
  ip[0] = 0x45;
  ip.writeUInt16BE(40 + payload.length, 2);
  ip[8] = 64;
  ip[9] = 6;
  Buffer.from([127, 0, 0, 1]).copy(ip, 12);
  Buffer.from([127, 0, 0, 1]).copy(ip, 16);
  const tcp = Buffer.alloc(20);
  tcp.writeUInt16BE(50000, 0);
  tcp.writeUInt16BE(dstPort, 2);
  tcp.writeUInt32BE(1, 4);
  tcp[12] = 5 << 4;
  tcp[13] = 0x18; // PSH, ACK
  tcp.writeUInt16BE(65535, 14);
  return Buffer.concat([ip, tcp, payload]);
}

/** The first TLS record Node's TLS client sends to a plain TCP listener on 127.0.0.1 (loopback only, one connection). */
function captureClientHello(servername: string, alpn: string[]): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const sockets: Socket[] = [];
    const server = createServer((s) => {
      sockets.push(s);
      let got = Buffer.alloc(0);
      s.on('data', (chunk: Buffer) => {
        got = Buffer.concat([got, chunk]);
        if (got.length >= 5 && got.length >= 5 + got.readUInt16BE(3)) finish(null, got.subarray(0, 5 + got.readUInt16BE(3)));
      });
    });
    const timer = setTimeout(() => finish(new Error('no ClientHello within 10 s')), 10_000);
    const finish = (err: Error | null, hello?: Buffer) => {
      clearTimeout(timer);
      for (const s of sockets) s.destroy();
      server.close();
      if (err) reject(err);
      else resolve(hello!);
    };
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      const client = connect({ host: '127.0.0.1', port, servername, ALPNProtocols: alpn, rejectUnauthorized: false });
      sockets.push(client);
      client.on('error', () => {
        // The listener closes without answering; the client's error is expected once we have its hello.
      });
    });
  });
}
