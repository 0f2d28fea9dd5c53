/** The DNS fast path must agree with the full parser wherever it answers, and refuse what it cannot read plainly. */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import dnsPacket from 'dns-packet';
import { describe, expect, it } from 'vitest';
import { parseDns } from '../../../../../gateway/capture/app/dns.ts';
import { parseDnsLite } from '../../../../../gateway/capture/app/dns-lite.ts';
import { createDecodedPacket, decodePacket } from '../../../../../gateway/capture/decode.ts';
import { readCaptureFile } from '../../../../../gateway/capture/reader.ts';
import { CORPUS_DIR } from '../../../../fixtures/shared-paths.ts';

const LAB = new URL('../../../../fixtures/lab-home-12.pcap', import.meta.url).pathname;

async function dnsPayloads(file: string): Promise<Buffer[]> {
  const out: Buffer[] = [];
  const p = createDecodedPacket();
  try {
    await readCaptureFile(file, {
      packet(link, ts, d, s, e, o) {
        if (decodePacket(p, link, ts, d, s, e, o) && p.proto === 17 && (p.srcPort === 53 || p.dstPort === 53) && p.payloadEnd > p.payloadStart) {
          out.push(Buffer.from(d.subarray(p.payloadStart, p.payloadEnd)));
        }
      },
    });
  } catch {
    // not a capture: no payloads
  }
  return out;
}

function fullView(buf: Buffer) {
  const m = parseDns(buf, 0, buf.length);
  if (!m || m.questions.length === 0) return null;
  const addresses = m.answers.filter((r) => r.section === 'answer' && (r.type === 'A' || r.type === 'AAAA')).map((r) => r.data);
  return { response: m.response, rcode: m.rcode, name: m.questions[0].name, type: m.questions[0].type, addresses };
}

describe('parseDnsLite', () => {
  it('agrees with the full parser on every DNS payload of the corpus and the lab capture', async () => {
    const files = [LAB, ...readdirSync(CORPUS_DIR).filter((f) => /dns|edns|ppp_ip_udp/.test(f)).map((f) => join(CORPUS_DIR, f))];
    let compared = 0;
    let refused = 0;
    let labHandled = 0;
    for (const file of files) {
      for (const payload of await dnsPayloads(file)) {
        const lite = parseDnsLite(payload, 0, payload.length);
        if (!lite) {
          refused++;
          continue;
        }
        compared++;
        if (file === LAB) labHandled++;
        expect(lite, `${file}`).toEqual(fullView(payload));
      }
    }
    expect(compared).toBeGreaterThan(100);
    // The plain case is the common case: every lookup of the lab's devices takes the fast path.
    expect(labHandled).toBeGreaterThan(20);
    expect(refused).toBeGreaterThan(0);
  });

  it('reads a response with compressed names and both address families', () => {
    const buf = dnsPacket.encode({
      type: 'response', id: 7, flags: dnsPacket.RECURSION_DESIRED,
      questions: [{ type: 'A', name: 'Api.Example.COM' }],
      answers: [
        { type: 'CNAME', name: 'api.example.com', data: 'edge.example.net' },
        { type: 'A', name: 'edge.example.net', data: '203.0.113.9' },
        { type: 'AAAA', name: 'edge.example.net', data: '2001:db8::9' },
      ],
    });
    expect(parseDnsLite(buf, 0, buf.length)).toEqual({ response: true, rcode: 'NOERROR', name: 'api.example.com', type: 'A', addresses: ['203.0.113.9', '2001:db8::9'] });
  });

  it('reads names one after the other without carrying bytes over, up to 253 characters and no further', () => {
    const query = (name: string) => dnsPacket.encode({ type: 'query', id: 1, flags: dnsPacket.RECURSION_DESIRED, questions: [{ type: 'AAAA', name }] });
    const long = `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(61)}`;
    expect(long).toHaveLength(253);
    const tooLong = `${long.slice(0, 250)}.x.y`;
    expect(parseDnsLite(query(long), 0, query(long).length)?.name).toBe(long);
    expect(parseDnsLite(query('Cam-7.LOCAL'), 0, query('Cam-7.LOCAL').length)).toEqual({ response: false, rcode: 'NOERROR', name: 'cam-7.local', type: 'AAAA', addresses: [] });
    expect(parseDnsLite(query(tooLong), 0, query(tooLong).length)).toBeNull();
    expect(parseDnsLite(query('x.io'), 0, query('x.io').length)?.name).toBe('x.io');
  });

  it.each([
    ['a pointer loop', Buffer.from('0001010000010000000000000c0c0000010001', 'hex')],
    ['a forward pointer', Buffer.from('000101000001000000000000c0200001000100', 'hex')],
    ['a cut header', Buffer.from('0001', 'hex')],
    ['two questions', Buffer.from('000101000002000000000000016100000100010162000001000100', 'hex')],
    ['a name with a control byte', Buffer.from('00010100000100000000000001070000010001', 'hex')],
  ])('returns null for %s', (_what, buf) => {
    expect(parseDnsLite(buf, 0, buf.length)).toBeNull();
  });

  it('never throws on any prefix of a message', () => {
    const buf = dnsPacket.encode({ type: 'response', id: 1, questions: [{ type: 'AAAA', name: 'a.b.c' }], answers: [{ type: 'AAAA', name: 'a.b.c', data: '::1' }] });
    for (let n = 0; n <= buf.length; n++) expect(() => parseDnsLite(buf, 0, n)).not.toThrow();
  });
});
