import { describe, expect, it } from 'vitest';
import type { AccessIo } from '../../../discovery/access/access-io.ts';
import { checkShellyGen1, parseShellyGen1, SHELLY_GEN1_PATHS } from '../../../discovery/access/shelly-gen1.ts';

const at = '2026-01-01T00:00:00Z';
const settings = {
  device: { type: 'SHSW-1', hostname: 'shelly1-A1B2C3' },
  cloud: { enabled: true, connected: false },
  mqtt: { enable: true, server: 'mqtt.example.net:1883', user: 'remote', id: 'shelly1-A1B2C3' },
  relays: [{ ison: false, out_on_url: 'http://old.example.org/on', btn_on_url: 'http://192.168.1.9/x' }],
};
const actions = { actions: { out_off_url: [{ index: 0, enabled: true, urls: ['http://hooks.example.org/off', { url: 'http://u:p@hooks.example.org/2', int: '0000-0000' }] }], btn1_on_url: [{ index: 0, enabled: false, urls: ['http://disabled.example.org/'] }] } };

describe('parseShellyGen1', () => {
  it('finds cloud, an outside broker and outside action URLs', () => {
    const e = parseShellyGen1(settings, actions, 'd', at);
    expect(e.map((x) => x.id).sort()).toEqual(['shelly-cloud:d', 'shelly-mqtt:d', 'shelly-webhook:d:hooks.example.org', 'shelly-webhook:d:old.example.org']);
    expect(e.find((x) => x.id === 'shelly-cloud:d')?.label).toContain('not connected now');
    expect(e.find((x) => x.kind === 'broker')).toMatchObject({ outside: true, source: 'shelly-gen1', notice: 'N0' });
    expect(e.find((x) => x.kind === 'broker')?.detail).toContain('user: remote');
    const hook = e.find((x) => x.id.endsWith('hooks.example.org'))!;
    expect(hook.detail).toContain('***@hooks.example.org/2');
    expect(hook.detail).not.toContain('u:p');
    expect(JSON.stringify(e)).not.toContain('disabled.example.org');
    expect(JSON.stringify(e)).not.toContain('192.168.1.9');
  });

  it.each([
    ['cloud off, local broker', { cloud: { enabled: false, connected: false }, mqtt: { enable: true, server: '192.168.1.10:1883' } }],
    ['mqtt disabled pointing outside', { cloud: { enabled: false }, mqtt: { enable: false, server: 'mqtt.example.net:1883' } }],
    ['wrong types', { cloud: 'on', mqtt: [1, 2], relays: 'x' }],
    ['wrong nested types', { cloud: { enabled: 'yes' }, mqtt: { enable: 1, server: 5 }, relays: [null, 3, { out_on_url: 7 }] }],
  ])('nothing for %s', (_n, s) => {
    expect(parseShellyGen1(s, { actions: { a: 'x' } }, 'd', at)).toEqual([]);
  });

  it.each([[null], [[]], ['text'], [42]])('nothing for a settings value of %j', (s) => {
    expect(parseShellyGen1(s, actions, 'd', at)).toEqual([]);
  });
});

describe('checkShellyGen1 with a fake io', () => {
  const fake = (answers: Record<string, { status: number; body: string } | Error>) => {
    const asked: string[] = [];
    const io: AccessIo = {
      httpGet: (_h, _p, path) => {
        asked.push(path);
        const a = answers[path] ?? { status: 404, body: '' };
        return a instanceof Error ? Promise.reject(a) : Promise.resolve(a);
      },
      tcpRequest: () => Promise.reject(new Error('no tcp')),
      now: () => at,
    };
    return { io, asked };
  };

  it('asks each read-only path once, in order', async () => {
    const { io, asked } = fake({ '/settings': { status: 200, body: JSON.stringify(settings) }, '/settings/actions': { status: 200, body: JSON.stringify(actions) } });
    const r = await checkShellyGen1(io, { deviceId: 'd', ip: '192.168.1.5' });
    expect(asked).toEqual([...SHELLY_GEN1_PATHS]);
    expect(r.errors).toEqual([]);
    expect(r.entries).toHaveLength(4);
  });

  it('stops after a password refusal', async () => {
    const { io, asked } = fake({ '/settings': { status: 401, body: '' } });
    const r = await checkShellyGen1(io, { deviceId: 'd', ip: '192.168.1.5' });
    expect(asked).toEqual(['/settings']);
    expect(r.errors.join()).toMatch(/password/);
    expect(r.entries).toEqual([]);
  });

  it.each([
    ['garbage', { status: 200, body: '\u0000\u0001{{' }, /not a JSON object/],
    ['wrong types', { status: 200, body: '{"cloud":"on","mqtt":3}' }, /no readable/],
    ['a timeout', new Error('TIMEOUT: slow'), /TIMEOUT/],
  ])('reports %s without asking further', async (_n, a, msg) => {
    const { io, asked } = fake({ '/settings': a });
    const r = await checkShellyGen1(io, { deviceId: 'd', ip: '192.168.1.5' });
    expect(r.entries).toEqual([]);
    expect(r.errors.join()).toMatch(msg);
    expect(asked.length).toBeLessThanOrEqual(2);
    expect(new Set(asked).size).toBe(asked.length);
  });
});
