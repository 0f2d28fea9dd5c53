import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decodeKasaDiscovery, isKasaOwner, kasaOwnerHash, parseKasaDiscovery } from '../../../discovery/access/kasa-discovery.ts';

const owner = createHash('md5').update('mallory@example.com').digest('hex').toUpperCase();
const answer = {
  error_code: 0,
  result: { device_id: 'abc', owner, device_type: 'SMART.KASAPLUG', device_model: 'EP25(US)', ip: '192.168.1.7', factory_default: false, mgt_encrypt_schm: { encrypt_type: 'KLAP', http_port: 80 } },
};

function packet(body: unknown): Buffer {
  const json = Buffer.from(JSON.stringify(body));
  const header = Buffer.alloc(16);
  header[0] = 2; // version
  header.writeUInt16BE(json.length, 4);
  return Buffer.concat([header, json]);
}

describe('decodeKasaDiscovery', () => {
  it('reads the owner code behind the 16-byte header', () => {
    expect(decodeKasaDiscovery(packet(answer))).toEqual({ owner, deviceId: 'abc', model: 'EP25(US)', factoryDefault: false });
  });

  it('reads a bare JSON payload', () => {
    expect(decodeKasaDiscovery(Buffer.from(JSON.stringify(answer)))?.owner).toBe(owner);
  });

  it.each([
    ['empty', Buffer.alloc(0)],
    ['header only', Buffer.alloc(16)],
    ['garbage', Buffer.from('ffffffffffffffffffffffffffffffffzz', 'hex')],
    ['no result', packet({ error_code: -1 })],
    ['result is an array', packet({ result: [1] })],
  ])('null for %s', (_n, p) => {
    expect(decodeKasaDiscovery(p)).toBeNull();
  });

  it('ignores an owner that is not 32 hex digits', () => {
    expect(decodeKasaDiscovery(packet({ result: { owner: 'not-a-hash' } }))?.owner).toBeUndefined();
    expect(parseKasaDiscovery(packet({ result: { owner: 12 } }), 'd', 't')).toEqual([]);
  });
});

describe('owner code', () => {
  it('is an entry that shows the start of the code only in the label', () => {
    const [e] = parseKasaDiscovery(packet(answer), 'dev', '2026-01-01T00:00:00Z');
    expect(e).toMatchObject({ id: 'kasa-owner:dev', kind: 'cloud-account', source: 'kasa-discovery', notice: 'N0', outside: true });
    expect(e!.label).toContain(owner.slice(0, 8));
    expect(e!.detail).toContain(owner);
  });

  it('matches the account it was made from, and no other', () => {
    expect(kasaOwnerHash('mallory@example.com')).toBe(owner);
    expect(isKasaOwner(owner.toLowerCase(), 'mallory@example.com')).toBe(true);
    expect(isKasaOwner(owner, 'alice@example.com')).toBe(false);
  });
});
