import { describe, expect, it } from 'vitest';
import type { Observation } from '../../../../../gateway/contract.ts';
import { portMapping, PortMappingParams } from '../../../../../gateway/rules/matchers/port-mapping.ts';
import { AT } from './obs.ts';

const igd = (mappings: unknown): Observation => ({ source: 'upnp-igd', at: AT, data: { router: '192.168.1.1', mappings } as never });
const m = portMapping.compile(PortMappingParams.parse({}), {});
const tcpOnly = portMapping.compile(PortMappingParams.parse({ protocols: ['TCP'] }), {});
const map = (o: object) => ({ protocol: 'TCP', externalPort: 8554, internalClient: '192.168.1.12', internalPort: 554, enabled: true, ...o });

describe('port-mapping', () => {
  it.each([
    ['an enabled mapping', [map({})], ['192.168.1.12 TCP/8554']],
    ['two mappings to two devices', [map({}), map({ protocol: 'UDP', externalPort: 32100, internalClient: '192.168.1.20' })], ['192.168.1.12 TCP/8554', '192.168.1.20 UDP/32100']],
    ['a disabled mapping', [map({ enabled: false })], []],
    ['a mapping without an internal client', [map({ internalClient: '' })], []],
    ['no mappings', [], []],
    ['malformed mappings', 'nope', []],
  ])('%s', (_what, mappings, expected) => {
    expect((m.observe!(igd(mappings)) ?? []).map((h) => `${h.ref.ip} ${h.key}`)).toEqual(expected);
  });

  it('keeps to the configured protocols', () => {
    expect(tcpOnly.observe!(igd([map({ protocol: 'UDP' })]))).toEqual([]);
  });

  it('says when a mapping is limited to one remote host', () => {
    expect(m.observe!(igd([map({ remoteHost: '203.0.113.5' })]))![0]!.evidence.detail).toMatch(/from 203\.0\.113\.5 only/);
  });
});
