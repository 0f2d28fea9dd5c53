/**
 * Correctness against a real dissector: on real corpus captures, the lab's capture and a synthetic home, the
 * engine's packet count, DNS question names, TLS SNI and DHCP host names equal what tshark extracts.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DhcpData, DnsData, Observation, TlsData } from '../../gateway/contract.ts';
import { createPacketEngine } from '../../gateway/capture/engine.ts';
import { readCaptureFile } from '../../gateway/capture/reader.ts';
import { CORPUS_DIR } from '../fixtures/shared-paths.ts';
import { writeSyntheticHome } from '../fixtures/synth/write-home.ts';

const LAB_CAPTURE = new URL('../fixtures/lab-home-12.pcap', import.meta.url).pathname;

function tshark(file: string, filter: string, field: string): string[] {
  const out = execFileSync('tshark', ['-n', '-r', file, '-Y', filter, '-T', 'fields', '-e', field], { encoding: 'utf8', maxBuffer: 256 << 20 });
  return out.split('\n').flatMap((l) => l.split(',')).map((s) => s.trim().toLowerCase().replace(/\.$/, ''))
    // tshark writes placeholders such as "<name too long>" or "<Root>" where there is no usable name.
    .filter((s) => s && !s.startsWith('<'));
}

function frameCount(file: string): number {
  return execFileSync('tshark', ['-n', '-r', file, '-T', 'fields', '-e', 'frame.number'], { encoding: 'utf8', maxBuffer: 256 << 20 }).split('\n').filter(Boolean).length;
}

async function engineView(file: string) {
  const obs: Observation[] = [];
  const engine = createPacketEngine({ onObservation: (o) => obs.push(o) });
  await readCaptureFile(file, engine);
  const stats = engine.finish();
  const of = <T>(source: string) => obs.filter((o) => o.source === source).map((o) => o.data as unknown as T);
  return {
    packets: stats.packets,
    dns: new Set(of<DnsData>('dns').map((d) => d.query)),
    sni: new Set(of<TlsData>('tls').map((d) => d.sni.toLowerCase())),
    dhcp: new Set(of<DhcpData>('dhcp').filter((d) => !d.v6).map((d) => d.hostname?.toLowerCase()).filter(Boolean)),
  };
}

let tmp = '';
let synthFile = '';
beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'hs-tshark-'));
  synthFile = join(tmp, 'synth-home.pcap');
  await writeSyntheticHome({ path: synthFile, bytes: 3_000_000, devices: 20, seed: 7 });
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const corpus = (name: string) => join(CORPUS_DIR, name);
const CASES: [string, () => string][] = [
  ['corpus dns_udp.pcap', () => corpus('dns_udp.pcap')],
  ['corpus dns_udp_2.pcap', () => corpus('dns_udp_2.pcap')],
  ['corpus dnssec.pcap', () => corpus('dnssec.pcap')],
  ['corpus edns-opts.pcap', () => corpus('edns-opts.pcap')],
  ['corpus dns-badlabel.pcap', () => corpus('dns-badlabel.pcap')],
  ['corpus dhcp-rfc3004.pcap', () => corpus('dhcp-rfc3004.pcap')],
  ['corpus dhcp-mud.pcap', () => corpus('dhcp-mud.pcap')],
  ['corpus dhcp-option-33.pcap', () => corpus('dhcp-option-33.pcap')],
  ['corpus dhcp-option-108.pcapng', () => corpus('dhcp-option-108.pcapng')],
  ['lab home capture', () => LAB_CAPTURE],
  ['synthetic home', () => synthFile],
];

describe('engine agrees with tshark', () => {
  it.each(CASES)('%s', async (_name, path) => {
    const file = path();
    expect(existsSync(file), file).toBe(true);
    const mine = await engineView(file);
    expect(mine.packets).toBe(frameCount(file));
    expect([...mine.dns].sort()).toEqual([...new Set(tshark(file, 'udp.port == 53 && dns', 'dns.qry.name'))].sort());
    expect([...mine.sni].sort()).toEqual([...new Set(tshark(file, 'tls.handshake.type == 1', 'tls.handshake.extensions_server_name'))].sort());
    expect([...mine.dhcp].sort()).toEqual([...new Set(tshark(file, 'dhcp.type == 1', 'dhcp.option.hostname'))].sort());
  }, 120_000);

  it('sees names in the lab and synthetic captures (the comparison above is not vacuous)', async () => {
    for (const file of [LAB_CAPTURE, synthFile]) {
      const mine = await engineView(file);
      expect(mine.dns.size, file).toBeGreaterThan(5);
      expect(mine.sni.size, file).toBeGreaterThan(3);
      expect(mine.dhcp.size, file).toBeGreaterThan(5);
    }
  }, 120_000);
});
