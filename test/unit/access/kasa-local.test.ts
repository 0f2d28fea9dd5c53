import { describe, expect, it } from 'vitest';
import type { AccessIo } from '../../../discovery/access/access-io.ts';
import { checkKasa, decodeKasaReply, kasaDecode, kasaEncode, kasaQuery, parseKasa } from '../../../discovery/access/kasa-local.ts';

// The widely published "relay on" frame for HS1xx plugs (softScheck tplink-smartplug write-up): an independent
// vector for the autokey cipher and the length prefix.
const PUBLISHED = 'AAAAKtDygfiL/5r31e+UtsWg1Iv5nPCR6LfEsNGlwOLYo4HyhueT9tTu36Lfog==';

const bound = JSON.stringify({
  system: { get_sysinfo: { alias: 'Hall lamp', model: 'HS110(EU)', err_code: 0 } },
  cnCloud: { get_info: { username: 'mallory@example.com', server: 'n-devs.tplinkcloud.com', binded: 1, cld_connection: 1, err_code: 0 } },
});

describe('Kasa codec', () => {
  it('decodes the published frame', () => {
    expect(kasaDecode(Buffer.from(PUBLISHED, 'base64'))).toBe('{"system":{"set_relay_state":{"state":1}}}');
  });

  it('encodes to the published frame', () => {
    expect(kasaEncode('{"system":{"set_relay_state":{"state":1}}}').toString('base64')).toBe(PUBLISHED);
  });

  it('round-trips the read-only query, which asks only get_* methods', () => {
    const q = kasaQuery();
    expect(kasaDecode(kasaEncode(q))).toBe(q);
    const methods = Object.values(JSON.parse(q) as Record<string, object>).flatMap((m) => Object.keys(m));
    expect(methods).toEqual(['get_sysinfo', 'get_info']);
    expect(kasaQuery('smartlife.iot.common.cloud')).toContain('smartlife.iot.common.cloud');
  });

  it.each([
    ['empty', Buffer.alloc(0)],
    ['short header', Buffer.from([0, 0])],
    ['length larger than the data', Buffer.from([0, 0, 0, 50, 1, 2, 3])],
  ])('returns null for a %s frame', (_n, buf) => {
    expect(kasaDecode(buf)).toBeNull();
  });
});

describe('parseKasa', () => {
  it('reads the bound account, masked in the label and whole in the detail', () => {
    const [e, ...rest] = parseKasa(bound, 'dev1', '2026-01-01T00:00:00Z');
    expect(rest).toEqual([]);
    expect(e).toMatchObject({ id: 'kasa-account:dev1', kind: 'cloud-account', label: 'Linked to the TP-Link account m***@example.com', source: 'kasa-local', notice: 'N0', outside: true });
    expect(e!.detail).toContain('mallory@example.com');
    expect(e!.detail).toContain('n-devs.tplinkcloud.com');
    expect(e!.detail).toContain('connected to the cloud now: yes');
    expect(e!.label).not.toContain('mallory');
  });

  it('reads the bulb module name', () => {
    const bulb = JSON.stringify({ 'smartlife.iot.common.cloud': { get_info: { username: 'x@y.z', binded: 1, cld_connection: 0 } } });
    expect(parseKasa(bulb, 'b', 't')[0]?.detail).toContain('connected to the cloud now: no');
  });

  it.each([
    ['not bound', { cnCloud: { get_info: { username: '', binded: 0, cld_connection: 0 } } }, []],
    ['module not supported', { cnCloud: { err_code: -1, err_msg: 'module not support' } }, null],
    ['wrong types', { cnCloud: { get_info: { username: { a: 1 }, binded: 'yes' } } }, null],
    ['array root', [1, 2], null],
    ['get_info is a string', { cnCloud: { get_info: 'x' } }, null],
  ])('%s', (_n, body, expected) => {
    const info = decodeKasaReply(JSON.stringify(body));
    if (expected === null) expect(info).toBeNull();
    else expect(parseKasa(JSON.stringify(body), 'd', 't')).toEqual(expected);
  });

  it('returns nothing for text that is not JSON', () => {
    expect(parseKasa('\u0000\u00ff{garbage', 'd', 't')).toEqual([]);
    expect(decodeKasaReply('')).toBeNull();
  });

  it('bound without a name says so without inventing one', () => {
    const e = parseKasa(JSON.stringify({ cnCloud: { get_info: { binded: 1 } } }), 'd', 't')[0];
    expect(e?.label).toBe('Linked to a TP-Link account');
  });
});

describe('checkKasa with a fake io', () => {
  const io = (reply: Buffer | Error): AccessIo & { sent: Buffer[] } => {
    const sent: Buffer[] = [];
    return {
      sent,
      httpGet: () => Promise.reject(new Error('no http here')),
      tcpRequest: (_h, _p, payload) => {
        sent.push(Buffer.from(payload));
        return reply instanceof Error ? Promise.reject(reply) : Promise.resolve(reply);
      },
      now: () => '2026-01-01T00:00:00Z',
    };
  };

  it('sends one read-only message and reads the account', async () => {
    const fake = io(kasaEncode(bound));
    const r = await checkKasa(fake, { deviceId: 'd', ip: '192.168.1.5' });
    expect(r.errors).toEqual([]);
    expect(r.entries).toHaveLength(1);
    expect(fake.sent).toHaveLength(1);
    expect(kasaDecode(fake.sent[0]!)).toBe(kasaQuery());
  });

  it.each([
    ['a network error', new Error('TIMEOUT: no answer'), /TIMEOUT/],
    ['a cut frame', kasaEncode(bound).subarray(0, 20), /incomplete/],
    ['an encrypted non-JSON answer', kasaEncode('<html>'), /no readable cloud module/],
  ])('reports %s as an error, not a throw', async (_n, reply, msg) => {
    const r = await checkKasa(io(reply), { deviceId: 'd', ip: '192.168.1.5' });
    expect(r.entries).toEqual([]);
    expect(r.errors.join()).toMatch(msg);
  });
});
