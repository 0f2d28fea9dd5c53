/**
 * Loopback: each simulated device runs, the real check (real sockets through createAccessIo) reads it, and we
 * assert the entries and, on the sim's own request log, that the check only read: no command or write, one
 * request per endpoint, nothing retried — also when the device is slow, huge, garbage, wrong-typed or locked.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createAccessIo, type CheckLimits } from '../../discovery/access/access-io.ts';
import { checkKasa, KASA_PORT, kasaEncode } from '../../discovery/access/kasa-local.ts';
import { runQuietChecks } from '../../discovery/access/run-quiet-checks.ts';
import { checkShellyGen1, SHELLY_GEN1_PATHS } from '../../discovery/access/shelly-gen1.ts';
import { checkShellyGen2, SHELLY_GEN2_PATHS } from '../../discovery/access/shelly-gen2.ts';
import { checkTasmota } from '../../discovery/access/tasmota-info.ts';
import type { Device, Observation } from '../../gateway/contract.ts';
import { startKasaPlug } from '../lab/sim-access/kasa-plug.ts';
import type { SimHandle, SimMode, SimRequest } from '../lab/sim-access/sim-common.ts';
import { startShellyGen1 } from '../lab/sim-access/shelly-gen1.ts';
import { startShellyGen2 } from '../lab/sim-access/shelly-gen2.ts';
import { startTasmota } from '../lab/sim-access/tasmota.ts';

const io = createAccessIo();
// Short deadline so the slow sims end the test quickly; the size cap is the default.
const limits: CheckLimits = { timeoutMs: 400, maxBytes: 256 * 1024 };
const sims: SimHandle[] = [];
afterEach(async () => {
  await Promise.all(sims.splice(0).map((s) => s.close()));
});
async function sim<T extends SimHandle>(p: Promise<T>): Promise<T> {
  const s = await p;
  sims.push(s);
  return s;
}

/** Every request only read, and no request was made twice. */
function expectReadOnly(log: SimRequest[]) {
  expect(log.filter((r) => r.kind !== 'read')).toEqual([]);
  const keys = log.map((r) => `${r.method} ${r.path}`);
  expect(new Set(keys).size).toBe(keys.length);
}

const modes: SimMode[] = ['slow', 'huge', 'garbage', 'wrong-types', 'auth'];

describe('Kasa sim', () => {
  it('reads the bound account with one read-only message', async () => {
    const s = await sim(startKasaPlug({ host: '127.0.0.1' }));
    const r = await checkKasa(io, { deviceId: 'kasa', ip: s.host, port: s.port }, limits);
    expect(r.errors).toEqual([]);
    expect(r.entries.map((e) => e.label)).toEqual(['Linked to the TP-Link account m***@example.com']);
    expect(s.log.map((l) => l.path)).toEqual(['system.get_sysinfo,cnCloud.get_info']);
    expectReadOnly(s.log);
  });

  it('reads a bulb through its own cloud module', async () => {
    const s = await sim(startKasaPlug({ device: { kind: 'bulb', username: 'alice@example.org' } }));
    const r = await checkKasa(io, { deviceId: 'b', ip: s.host, port: s.port, module: 'smartlife.iot.common.cloud' }, limits);
    expect(r.entries[0]?.label).toBe('Linked to the TP-Link account a***@example.org');
    expectReadOnly(s.log);
  });

  it('finds no account on an unbound plug', async () => {
    const s = await sim(startKasaPlug({ device: { username: undefined } }));
    const r = await checkKasa(io, { deviceId: 'k', ip: s.host, port: s.port }, limits);
    expect(r).toEqual({ entries: [], errors: [] });
  });

  it.each(modes.filter((m) => m !== 'auth'))('%s answer → no entries, an error, one request', async (mode) => {
    const s = await sim(startKasaPlug({ mode }));
    const r = await checkKasa(io, { deviceId: 'k', ip: s.host, port: s.port }, limits);
    expect(r.entries).toEqual([]);
    expect(r.errors).toHaveLength(1);
    expect(s.log).toHaveLength(1);
    expectReadOnly(s.log);
  });
});

describe('Shelly Gen1 sim', () => {
  it('reads settings and actions once each', async () => {
    const s = await sim(startShellyGen1());
    const r = await checkShellyGen1(io, { deviceId: 's1', ip: s.host, port: s.port }, limits);
    expect(r.errors).toEqual([]);
    expect(r.entries.map((e) => e.id).sort()).toEqual(['shelly-cloud:s1', 'shelly-mqtt:s1', 'shelly-webhook:s1:hooks.example.org']);
    expect(s.log.map((l) => l.path)).toEqual([...SHELLY_GEN1_PATHS]);
    expectReadOnly(s.log);
  });

  it.each(modes)('%s → no entries, an error, no retry', async (mode) => {
    const s = await sim(startShellyGen1({ mode }));
    const r = await checkShellyGen1(io, { deviceId: 's1', ip: s.host, port: s.port }, limits);
    expect(r.entries).toEqual([]);
    expect(r.errors.length).toBeGreaterThan(0);
    expect(s.log.length).toBeLessThanOrEqual(SHELLY_GEN1_PATHS.length);
    expectReadOnly(s.log);
  });
});

describe('Shelly Gen2 sim', () => {
  it('reads config, cloud status, webhooks and scripts once each', async () => {
    const s = await sim(startShellyGen2());
    const r = await checkShellyGen2(io, { deviceId: 's2', ip: s.host, port: s.port }, limits);
    expect(r.errors).toEqual([]);
    // The default sim's broker is at home, so no broker entry.
    expect(r.entries.map((e) => e.id).sort()).toEqual(['shelly-cloud:s2', 'shelly-script:s2:presence', 'shelly-webhook:s2:hook.example.com', 'shelly-ws:s2']);
    expect(s.log.map((l) => l.path)).toEqual([...SHELLY_GEN2_PATHS]);
    expectReadOnly(s.log);
  });

  it.each(modes)('%s → no entries, an error, no retry', async (mode) => {
    const s = await sim(startShellyGen2({ mode }));
    const r = await checkShellyGen2(io, { deviceId: 's2', ip: s.host, port: s.port }, limits);
    expect(r.entries).toEqual([]);
    expect(r.errors.length).toBeGreaterThan(0);
    expect(s.log.length).toBeLessThanOrEqual(SHELLY_GEN2_PATHS.length);
    expectReadOnly(s.log);
  });
});

describe('Tasmota sim', () => {
  it('reads the information page once and never the command endpoint', async () => {
    const s = await sim(startTasmota());
    const r = await checkTasmota(io, { deviceId: 't', ip: s.host, port: s.port }, limits);
    expect(r.errors).toEqual([]);
    expect(r.entries.map((e) => e.label)).toEqual(['Reports to and can be switched through an MQTT server outside the home (broker.example.org)']);
    expect(s.log.map((l) => l.path)).toEqual(['/in']);
    expectReadOnly(s.log);
  });

  it('finds nothing when MQTT is off', async () => {
    const s = await sim(startTasmota({ device: { mqtt: null } }));
    expect(await checkTasmota(io, { deviceId: 't', ip: s.host, port: s.port }, limits)).toEqual({ entries: [], errors: [] });
  });

  it.each(modes)('%s → no entries, an error, one request', async (mode) => {
    const s = await sim(startTasmota({ mode }));
    const r = await checkTasmota(io, { deviceId: 't', ip: s.host, port: s.port }, limits);
    expect(r.entries).toEqual([]);
    expect(r.errors).toHaveLength(1);
    expect(s.log.map((l) => l.path)).toEqual(['/in']);
  });
});

describe('runQuietChecks over the sims', () => {
  it('plans from observations only, reads each device, and leaves only reads in the logs', async () => {
    // Kasa has no port in any observation, so it must sit on 9999: give it its own loopback address.
    const kasa = await sim(startKasaPlug({ host: '127.77.8.1', port: KASA_PORT }));
    const g1 = await sim(startShellyGen1({ host: '127.77.8.2' }));
    const outsideBroker = { mqtt: { enable: true, server: 'mqtt.example.net:1883', user: 'u', client_id: 'c' } };
    const g2 = await sim(startShellyGen2({ host: '127.77.8.3', device: outsideBroker }));
    const tas = await sim(startTasmota({ host: '127.77.8.4' }));
    // A Shelly that never announced itself: it must not be asked.
    const quiet = await sim(startShellyGen2({ host: '127.77.8.6' }));
    const base = { randomizedMac: false, hostnames: [], names: [], category: 'unknown' as const, capabilities: [], firstSeen: 't', lastSeen: 't', traffic: { bytesUp: 0, bytesDown: 0, peers: [] } };
    const devices: Device[] = [
      { ...base, id: 'kasa', ips: [kasa.host], profile: { id: 'tp-link.kasa-plug', name: 'Kasa', confidence: 0.9, matchedBy: [] } },
      { ...base, id: 'g1', ips: [g1.host] },
      { ...base, id: 'g2', ips: [g2.host] },
      { ...base, id: 'tas', ips: [tas.host], hostnames: ['tasmota-4C11AE-0430'] },
      { ...base, id: 'cam', ips: ['127.77.8.5'], category: 'camera', portMappings: [{ protocol: 'TCP', externalPort: 554, internalClient: '127.77.8.5', internalPort: 554, enabled: true }] },
      { ...base, id: 'quiet', ips: [quiet.host], category: 'smart-plug' },
    ];
    const obs: Observation[] = [
      { source: 'mdns', at: 't', ip: g1.host, data: { type: '_http._tcp', instance: 'shelly1-A1B2C3._http._tcp.local', port: g1.port } },
      { source: 'mdns', at: 't', ip: g2.host, data: { type: '_shelly._tcp', port: g2.port, txt: { gen: '2' } } },
      { source: 'mdns', at: 't', ip: tas.host, data: { type: '_http._tcp', instance: 'tasmota-4C11AE-0430._http._tcp.local', host: 'tasmota-4C11AE-0430.local', port: tas.port } },
    ];
    const errors: string[] = [];
    const got = await runQuietChecks(devices, obs, io, { limits, onError: (_d, _c, m) => errors.push(m) });
    expect(errors).toEqual([]);
    expect(Object.fromEntries([...got].map(([d, es]) => [d, es.map((e) => e.kind).sort()]))).toEqual({
      kasa: ['cloud-account'],
      g1: ['broker', 'cloud-account', 'webhook'],
      g2: ['app', 'broker', 'cloud-account', 'remote-admin', 'webhook'],
      tas: ['broker'],
      cam: ['port-mapping'],
    });
    for (const s of [kasa, g1, g2, tas]) expectReadOnly(s.log);
    expect(quiet.log).toEqual([]);
    expect(tas.log.map((l) => l.path)).toEqual(['/in']);
  });
});

describe('the sims tell reads from commands (so the read-only assertions above can fail)', () => {
  it.each([
    ['Shelly Gen1 relay switch', () => startShellyGen1(), '/relay/0?turn=on', 'command'],
    ['Shelly Gen1 settings write', () => startShellyGen1(), '/settings?mqtt_server=x', 'write'],
    ['Shelly Gen2 Switch.Set', () => startShellyGen2(), '/rpc/Switch.Set?id=0&on=true', 'command'],
    ['Shelly Gen2 Mqtt.SetConfig', () => startShellyGen2(), '/rpc/Mqtt.SetConfig', 'command'],
    ['Tasmota command endpoint', () => startTasmota(), '/cm?cmnd=Status%200', 'command'],
  ])('%s', async (_n, start, path, kind) => {
    const s = await sim(start());
    await io.httpGet(s.host, s.port, path, limits);
    expect(s.log.map((l) => l.kind)).toEqual([kind]);
  });

  it('Kasa set_relay_state', async () => {
    const s = await sim(startKasaPlug());
    await io.tcpRequest(s.host, s.port, kasaEncode('{"system":{"set_relay_state":{"state":1}}}'), limits, () => false);
    expect(s.log.map((l) => [l.path, l.kind])).toEqual([['system.set_relay_state', 'command']]);
  });
});
