import { describe, expect, it } from 'vitest';
import type { AccessIo } from '../../../discovery/access/access-io.ts';
import { kasaEncode } from '../../../discovery/access/kasa-local.ts';
import { runPlannedCheck, runQuietChecks } from '../../../discovery/access/run-quiet-checks.ts';
import type { Observation } from '../../../gateway/contract.ts';
import { device, matter, mdns } from './helpers.ts';

const at = '2026-01-01T00:00:00Z';
const kasaAnswer = kasaEncode(JSON.stringify({ cnCloud: { get_info: { username: 'mallory@example.com', binded: 1, cld_connection: 1 } } }));

/** A fake network that answers by path and records every request. */
function fakeIo(http: Record<string, { status: number; body: string }>) {
  const calls: string[] = [];
  const io: AccessIo = {
    httpGet: async (host, port, path) => {
      calls.push(`GET ${host}:${port}${path}`);
      return http[`${host}${path}`] ?? { status: 404, body: '' };
    },
    tcpRequest: async (host, port) => {
      calls.push(`TCP ${host}:${port}`);
      return kasaAnswer;
    },
    now: () => at,
  };
  return { io, calls };
}

describe('runQuietChecks', () => {
  const kasa = device('kasa', '192.168.1.2', { profile: { id: 'tp-link.kasa-plug', name: 'Kasa', confidence: 0.9, matchedBy: [] } });
  const shelly = device('shelly', '192.168.1.3');
  const cam = device('cam', '192.168.1.4', { category: 'camera', portMappings: [{ protocol: 'TCP', externalPort: 554, internalClient: '192.168.1.4', internalPort: 554, enabled: true }] });
  const tv = device('tv', '192.168.1.5');
  const obs: Observation[] = [
    mdns('192.168.1.3', { type: '_shelly._tcp', port: 8080, txt: { gen: '2' } }),
    matter('192.168.1.5', '2906C908D115D362', '0000000000000001'),
  ];
  const http = { '192.168.1.3/rpc/Shelly.GetConfig': { status: 200, body: JSON.stringify({ cloud: { enable: true }, mqtt: { enable: false } }) } };

  it('merges port mappings, Matter and the active checks per device', async () => {
    const { io, calls } = fakeIo(http);
    const errors: string[] = [];
    const got = await runQuietChecks([kasa, shelly, cam, tv], obs, io, { onError: (d, c, m) => errors.push(`${d} ${c} ${m}`) });
    expect(Object.fromEntries([...got].map(([d, es]) => [d, es.map((e) => e.kind)]))).toEqual({
      kasa: ['cloud-account'],
      shelly: ['cloud-account'],
      cam: ['port-mapping'],
      tv: ['ecosystem'],
    });
    expect(calls.filter((c) => c.startsWith('TCP'))).toEqual(['TCP 192.168.1.2:9999']);
    expect(calls.filter((c) => c.includes('192.168.1.3')).every((c) => c.includes(':8080/rpc/'))).toBe(true);
    // Nothing is sent to devices that did not say what they are.
    expect(calls.some((c) => c.includes('192.168.1.4') || c.includes('192.168.1.5'))).toBe(false);
    // The Shelly's other methods 404 in this fake: reported, not retried.
    expect(new Set(calls).size).toBe(calls.length);
    expect(errors.some((e) => e.startsWith('shelly shelly-gen2'))).toBe(true);
  });

  it('sends nothing when active checks are off', async () => {
    const { io, calls } = fakeIo(http);
    const got = await runQuietChecks([kasa, shelly, cam, tv], obs, io, { active: false });
    expect(calls).toEqual([]);
    expect([...got.keys()].sort()).toEqual(['cam', 'tv']);
  });

  it('falls back from Gen2 to Gen1 for a Shelly known only by profile', async () => {
    const { io, calls } = fakeIo({ '192.168.1.3/settings': { status: 200, body: JSON.stringify({ cloud: { enabled: true, connected: true }, mqtt: { enable: false } }) } });
    const r = await runPlannedCheck(io, { check: 'shelly', deviceId: 'shelly', ip: '192.168.1.3', port: 80, why: 'profile' }, { timeoutMs: 100, maxBytes: 1000 });
    expect(calls).toEqual(['GET 192.168.1.3:80/rpc/Shelly.GetConfig', 'GET 192.168.1.3:80/settings', 'GET 192.168.1.3:80/settings/actions']);
    expect(r.entries.map((e) => e.source)).toEqual(['shelly-gen1']);
  });
});
