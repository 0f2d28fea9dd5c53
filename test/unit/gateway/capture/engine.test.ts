/**
 * The packet engine and inventory over a synthetic home whose ground truth is known: every device, its
 * addresses, host name, lookups and services are found, flows are named after the DNS lookups, the router is
 * recognised, and upload is counted per second.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Device, Observation } from '../../../../gateway/contract.ts';
import { createPacketEngine, type EngineStats } from '../../../../gateway/capture/engine.ts';
import { readCaptureFile } from '../../../../gateway/capture/reader.ts';
import type { UploadSeries } from '../../../../gateway/capture/upload-series.ts';
import { createInventory } from '../../../../gateway/inventory/inventory.ts';
import type { GroundTruth } from '../../../fixtures/synth/ground-truth.ts';
import { writeSyntheticHome } from '../../../fixtures/synth/write-home.ts';

let dir = '';
let file = '';
let truth: GroundTruth;
let devices: Device[];
let stats: EngineStats;
let series: Map<string, UploadSeries>;
let gateway: string | undefined;
const observations: Observation[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hs-engine-'));
  file = join(dir, 'home.pcapng');
  truth = await writeSyntheticHome({ path: file, bytes: 4_000_000, devices: 30, seed: 11, format: 'pcapng' });
  const inventory = createInventory({ peersShown: 1000 });
  const engine = createPacketEngine({ onObservation: (o) => (observations.push(o), inventory.observe(o)) });
  await readCaptureFile(file, engine);
  stats = engine.finish();
  gateway = engine.gatewayMac();
  if (gateway) inventory.setGateway({ mac: gateway });
  devices = inventory.devices();
  series = engine.uploadSeries();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('packet engine on a synthetic home', () => {
  it('counts every packet and decodes them all', () => {
    expect(stats.packets).toBe(truth.packets);
    expect(stats.malformed).toBe(0);
    expect(stats.linkTypes).toEqual([1]);
  });

  it('recognises the router', () => {
    expect(gateway).toBe(truth.router.mac);
    expect(devices[0]).toMatchObject({ mac: truth.router.mac, isGateway: true });
    expect(devices[0].ips).toContain(truth.router.ip);
  });

  it('finds every device with its address, host name and lookups', () => {
    const byMac = new Map(devices.map((d) => [d.mac, d]));
    for (const t of truth.devices) {
      const d = byMac.get(t.mac);
      expect(d, t.label).toBeDefined();
      expect(d!.ips, t.label).toContain(t.ip);
      if (t.hostname) expect(d!.hostnames.map((h) => h.toLowerCase()), t.label).toContain(t.hostname.toLowerCase());
      for (const svc of t.mdnsServices) expect(d!.services, t.label).toContain(svc.replace(/\.local$/, ''));
    }
    const devicesWithIp = devices.filter((d) => !d.isGateway && d.id !== 'unattributed');
    expect(devicesWithIp.length).toBe(truth.devices.length);
  });

  it('names remote peers after the DNS lookups and TLS names of the device itself', () => {
    const byMac = new Map(devices.map((d) => [d.mac, d]));
    let named = 0;
    for (const t of truth.devices) {
      const known = new Set([...t.dnsNames, ...t.sniNames]);
      for (const peer of byMac.get(t.mac)!.traffic.peers) {
        if (!peer.name) continue;
        expect(known.has(peer.name), `${t.label}: ${peer.name}`).toBe(true);
        named++;
      }
    }
    expect(named).toBeGreaterThan(truth.devices.length);
  });

  it('adds up bytes per device as the ground truth counts them', () => {
    const byMac = new Map(devices.map((d) => [d.mac, d]));
    for (const t of truth.devices) {
      const d = byMac.get(t.mac)!;
      // Flows carry unicast traffic; the truth also counts broadcast/multicast chatter, so flows ≤ truth.
      expect(d.traffic.bytesUp + d.traffic.bytesDown, t.label).toBeLessThanOrEqual(t.bytes);
    }
    const bulk = truth.devices.filter((t) => t.kind === 'camera');
    for (const t of bulk) expect(byMac.get(t.mac)!.traffic.bytesUp, t.label).toBeGreaterThan(0);
  });

  it('keeps an upload series for devices that send to the internet', () => {
    const cams = truth.devices.filter((t) => t.kind === 'camera' && (byMacOf(t.mac)?.traffic.bytesUp ?? 0) > 100_000);
    expect(cams.length).toBeGreaterThan(0);
    for (const t of cams) {
      const s = series.get(t.mac);
      expect(s, t.label).toBeDefined();
      expect(s!.total).toBeGreaterThan(100_000);
    }
    expect(series.has(truth.router.mac)).toBe(false);
  });

  it('emits observations of every kind a home produces, with ISO times inside the capture', () => {
    const kinds = new Set(observations.map((o) => o.source));
    for (const k of ['arp', 'dhcp', 'dns', 'mdns', 'ssdp', 'tls', 'flow'] as const) expect(kinds.has(k), k).toBe(true);
    for (const o of observations) {
      const t = Date.parse(o.at);
      expect(t).toBeGreaterThanOrEqual(Math.floor(truth.startMs) - 1);
      expect(t).toBeLessThanOrEqual(Math.ceil(truth.endMs) + 1);
    }
  });
  it('reports every repeat of an mDNS or SSDP announcement as its own observation, sharing no object', () => {
    for (const source of ['mdns', 'ssdp'] as const) {
      const seen = new Map<string, Observation>();
      let repeats = 0;
      for (const o of observations) {
        if (o.source !== source) continue;
        const key = `${o.mac}|${JSON.stringify(o.data)}`;
        const before = seen.get(key);
        if (before) {
          repeats++;
          expect(o.data).not.toBe(before.data);
          const txt = (o.data as { txt?: object }).txt;
          if (txt) expect(txt).not.toBe((before.data as { txt?: object }).txt);
        } else seen.set(key, o);
      }
      expect(repeats, source).toBeGreaterThan(0);
    }
  });
});

describe('open flows reported while they last', () => {
  it('adds up to the same traffic per device as reporting flows only when they end', async () => {
    const inventory = createInventory({ peersShown: 1000 });
    let ongoing = 0;
    const engine = createPacketEngine({
      onObservation: (o) => {
        if (o.source === 'flow' && (o.data as { ongoing?: boolean }).ongoing) ongoing++;
        inventory.observe(o);
      },
    });
    let n = 0;
    await readCaptureFile(file, {
      packet(...args) {
        engine.packet(...args);
        if (++n % 500 === 0) engine.reportOpenFlows();
      },
    });
    engine.finish();
    expect(ongoing).toBeGreaterThan(0);
    const again = new Map(inventory.devices().map((d) => [d.mac, d.traffic]));
    for (const d of devices) {
      const t = again.get(d.mac)!;
      expect([t.bytesUp, t.bytesDown], d.mac).toEqual([d.traffic.bytesUp, d.traffic.bytesDown]);
      const packets = (ps: { packets: number }[]) => ps.reduce((sum, p) => sum + p.packets, 0);
      expect(packets(t.peers), d.mac).toBe(packets(d.traffic.peers));
    }
  });
});

function byMacOf(mac: string): Device | undefined {
  return devices.find((d) => d.mac === mac);
}
