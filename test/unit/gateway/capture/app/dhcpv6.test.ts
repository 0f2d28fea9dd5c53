import { describe, expect, it } from 'vitest';
import { dhcpv6ToDhcpData, parseDhcpv6 } from '../../../../../gateway/capture/app/dhcpv6.ts';
import { everyPrefix, framed, randomPayloads } from './fuzz.ts';

function opt(code: number, value: Buffer | number[]): Buffer {
  const v = Buffer.isBuffer(value) ? value : Buffer.from(value);
  const h = Buffer.alloc(4);
  h.writeUInt16BE(code, 0);
  h.writeUInt16BE(v.length, 2);
  return Buffer.concat([h, v]);
}

function msg(type: number, ...opts: Buffer[]): Buffer {
  return Buffer.concat([Buffer.from([type, 0xab, 0xcd, 0xef]), ...opts]);
}

const mac = [0x00, 0x1a, 0x11, 0x22, 0x33, 0x44];
const duidLlt = opt(1, [0, 1, 0, 1, 0x2a, 0x2b, 0x2c, 0x2d, ...mac]);
const duidLl = opt(1, [0, 3, 0, 1, ...mac]);
const duidEn = opt(1, [0, 2, 0, 0, 0x01, 0x37, 0xaa, 0xbb]);
const fqdn = opt(39, [0x01, 7, ...Buffer.from('Kitchen'), 7, ...Buffer.from('Display'), 0]);
const vendor = opt(16, [0, 0, 0x01, 0x37, 0, 8, ...Buffer.from('MSFT 5.0'), 0, 3, ...Buffer.from('x\u0001y')]);
const oro = opt(6, [0, 23, 0, 24, 0, 39]);
const solicit = msg(1, duidLlt, oro, fqdn, vendor);

describe('parseDhcpv6', () => {
  it('reads a SOLICIT with DUID-LLT, FQDN, vendor class and ORO', () => {
    expect(parseDhcpv6(...framed(solicit))).toEqual({
      msgType: 1, transactionId: 0xabcdef, clientDuid: '000100012a2b2c2d001a11223344', clientMac: '00:1a:11:22:33:44',
      fqdn: 'kitchen.display', vendorClass: { enterprise: 311, data: ['MSFT 5.0', 'xy'] }, oro: [23, 24, 39], partial: false,
    });
  });

  it.each([
    ['DUID-LL', duidLl, '00:1a:11:22:33:44'],
    ['DUID-EN has no MAC', duidEn, undefined],
    ['DUID-LL with hardware type 6', opt(1, [0, 3, 0, 6, ...mac]), undefined],
  ])('%s', (_n, duid, expected) => {
    const d = parseDhcpv6(...framed(msg(3, duid)));
    expect(d?.clientMac).toBe(expected);
    expect(d?.clientDuid).toBe(duid.subarray(4).toString('hex'));
  });

  it('unwraps a RELAY-FORW', () => {
    const relay = Buffer.concat([Buffer.from([12, 0]), Buffer.alloc(32), opt(18, [1, 2]), opt(9, solicit)]);
    expect(parseDhcpv6(...framed(relay))).toMatchObject({ msgType: 1, clientMac: '00:1a:11:22:33:44', fqdn: 'kitchen.display' });
  });

  it.each([
    ['message type 0', msg(0, duidLl)],
    ['message type 200', msg(200, duidLl)],
    ['3 bytes', Buffer.from([1, 2, 3])],
    ['relay without a relayed message', Buffer.concat([Buffer.from([12, 0]), Buffer.alloc(32), opt(18, [1])])],
  ])('returns null for %s', (_n, b) => {
    expect(parseDhcpv6(...framed(b))).toBeNull();
  });

  it('every prefix gives null or a result without bytes from beyond the cut', () => {
    const results = everyPrefix(solicit, parseDhcpv6);
    expect(results.slice(0, 4).every((r) => r === null)).toBe(true);
    expect(results.at(-1)?.partial).toBe(false);
    for (let len = 4; len < solicit.length; len++) {
      const r = results[len]!;
      // The FQDN option is whole or absent: a cut option is never half-read.
      if (r.fqdn !== undefined) expect(r.fqdn).toBe('kitchen.display');
      if (len < duidLlt.length + 4) expect(r.clientDuid).toBeUndefined();
    }
    expect(results.slice(4, -1).some((r) => r!.partial)).toBe(true);
  });

  it('random bytes never throw', () => {
    let parsed = 0;
    for (const b of randomPayloads(546, 3000, 300)) if (parseDhcpv6(...framed(b))) parsed++;
    // About 13 of 256 first bytes are message types; nothing else is required.
    expect(parsed).toBeGreaterThan(0);
    expect(parsed).toBeLessThan(600);
  });
});

describe('dhcpv6ToDhcpData', () => {
  it('maps onto the observation payload', () => {
    expect(dhcpv6ToDhcpData(parseDhcpv6(...framed(solicit))!)).toEqual({
      messageType: 1, v6: true, hostname: 'kitchen', vendorClass: 'MSFT 5.0 xy', paramList: [23, 24, 39],
      clientId: '000100012a2b2c2d001a11223344',
    });
  });
});
