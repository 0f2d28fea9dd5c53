import { describe, expect, it } from 'vitest';
import type { AccessIo } from '../../../discovery/access/access-io.ts';
import { checkShellyGen2, parseShellyGen2, SHELLY_GEN2_PATHS } from '../../../discovery/access/shelly-gen2.ts';

const at = '2026-01-01T00:00:00Z';
const config = {
  sys: { debug: { udp: { addr: 'logs.example.net:514' } } },
  cloud: { enable: true, server: 'shelly-103-eu.shelly.cloud:6022/jrpc' },
  mqtt: { enable: true, server: 'broker.example.com:8883', user: 'x', client_id: 'plus1' },
  ws: { enable: true, server: 'ws://control.example.net:8080/shelly' },
};
const webhooks = { hooks: [{ id: 1, name: 'n', event: 'switch.on', enable: true, urls: ['https://hook.example.com/a'] }, { id: 2, enable: true, event: 'input.toggle', urls: ['http://192.168.1.3/'] }] };
const scripts = { scripts: [{ id: 1, name: 'presence', enable: true, running: false }, { id: 2, name: 'idle', enable: false, running: false }] };

describe('parseShellyGen2', () => {
  it('finds cloud, outside broker, outbound websocket, log target, outside webhook and the active script', () => {
    const e = parseShellyGen2({ config, cloudStatus: { connected: true }, webhooks, scripts }, 'd', at);
    expect(e.map((x) => x.id).sort()).toEqual(['shelly-cloud:d', 'shelly-log:d', 'shelly-mqtt:d', 'shelly-script:d:presence', 'shelly-webhook:d:hook.example.com', 'shelly-ws:d']);
    expect(e.find((x) => x.id === 'shelly-cloud:d')?.label).toContain('(connected now)');
    expect(e.find((x) => x.id === 'shelly-ws:d')).toMatchObject({ kind: 'remote-admin', outside: true });
    expect(e.find((x) => x.kind === 'app')?.outside).toBeUndefined();
  });

  it('keeps a local broker, local websocket and local webhooks out', () => {
    const local = { cloud: { enable: false }, mqtt: { enable: true, server: 'homeassistant.local:1883' }, ws: { enable: true, server: 'ws://192.168.1.4/x' } };
    expect(parseShellyGen2({ config: local, webhooks: { hooks: [{ enable: true, urls: ['http://10.0.0.2/'] }] } }, 'd', at)).toEqual([]);
  });

  it('says nothing about cloud connection when the status was not read', () => {
    expect(parseShellyGen2({ config }, 'd', at).find((x) => x.id === 'shelly-cloud:d')?.label).not.toMatch(/connected/);
  });

  it.each([
    ['all wrong types', { config: { cloud: 'yes', mqtt: 1, ws: [null] }, cloudStatus: 'x', webhooks: { hooks: 'none' }, scripts: { scripts: { a: 1 } } }],
    ['nulls', { config: null, cloudStatus: null, webhooks: null, scripts: null }],
    ['nested wrong types', { config: { cloud: { enable: 'true' }, mqtt: { enable: true, server: 12 } }, webhooks: { hooks: [null, 1, { enable: true, urls: 'http://x.example.com' }] }, scripts: { scripts: [{ name: 5, enable: true }] } }],
  ])('nothing for %s', (_n, a) => {
    expect(parseShellyGen2(a, 'd', at)).toEqual([]);
  });
});

describe('checkShellyGen2 with a fake io', () => {
  const fake = (answers: Record<string, { status: number; body: string } | Error>) => {
    const asked: string[] = [];
    const io: AccessIo = {
      httpGet: (_h, _p, path) => {
        asked.push(path);
        const a = answers[path] ?? { status: 404, body: '{"code":404}' };
        return a instanceof Error ? Promise.reject(a) : Promise.resolve(a);
      },
      tcpRequest: () => Promise.reject(new Error('no tcp')),
      now: () => at,
    };
    return { io, asked };
  };
  const ok = (b: unknown) => ({ status: 200, body: JSON.stringify(b) });

  it('asks each method once, in order, and reads all four', async () => {
    const { io, asked } = fake({ '/rpc/Shelly.GetConfig': ok(config), '/rpc/Cloud.GetStatus': ok({ connected: false }), '/rpc/Webhook.List': ok(webhooks), '/rpc/Script.List': ok(scripts) });
    const r = await checkShellyGen2(io, { deviceId: 'd', ip: '192.168.1.5' });
    expect(asked).toEqual([...SHELLY_GEN2_PATHS]);
    expect(r.errors).toEqual([]);
    expect(r.entries).toHaveLength(6);
  });

  it('stops at the first password refusal', async () => {
    const { io, asked } = fake({ '/rpc/Shelly.GetConfig': { status: 401, body: '' } });
    const r = await checkShellyGen2(io, { deviceId: 'd', ip: '192.168.1.5' });
    expect(asked).toEqual(['/rpc/Shelly.GetConfig']);
    expect(r.errors.join()).toMatch(/password/);
  });

  it('keeps what it read when a later method fails', async () => {
    const { io } = fake({ '/rpc/Shelly.GetConfig': ok(config), '/rpc/Cloud.GetStatus': new Error('TIMEOUT: x'), '/rpc/Webhook.List': { status: 200, body: 'garbage' }, '/rpc/Script.List': ok(scripts) });
    const r = await checkShellyGen2(io, { deviceId: 'd', ip: '192.168.1.5' });
    expect(r.errors).toHaveLength(2);
    expect(r.entries.map((e) => e.id)).toContain('shelly-mqtt:d');
    expect(r.entries.map((e) => e.id)).not.toContain('shelly-webhook:d:hook.example.com');
  });
});
