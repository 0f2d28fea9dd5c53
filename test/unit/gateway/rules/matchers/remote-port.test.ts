import { describe, expect, it } from 'vitest';
import { remotePort, RemotePortParams } from '../../../../../gateway/rules/matchers/remote-port.ts';
import { flow } from './obs.ts';

const m = remotePort.compile(RemotePortParams.parse({ ports: [{ proto: 'udp', port: 32100, label: 'PPPP' }, { proto: 'tcp', port: 853, label: 'DoT' }] }), {});

describe('remote-port', () => {
  it.each([
    ['UDP to 32100', { proto: 'udp' as const, remotePort: 32100 }, 'udp/32100'],
    ['TCP to 853, with the name the device resolved', { remotePort: 853, name: 'dns.example' }, 'tcp/853'],
    ['TCP to 32100 (wrong protocol)', { remotePort: 32100 }, null],
    ['UDP to 32101', { proto: 'udp' as const, remotePort: 32101 }, null],
    ['UDP to 32100 on the LAN', { proto: 'udp' as const, remotePort: 32100, remoteIsLocal: true }, null],
    ['a flow the remote side opened', { proto: 'udp' as const, remotePort: 32100, outbound: false }, null],
  ])('%s', (_what, f, key) => {
    expect((m.observe!(flow(f)) ?? []).map((h) => h.key)).toEqual(key ? [key] : []);
  });

  it('fills host with the resolved name when known', () => {
    expect(m.observe!(flow({ remotePort: 853, name: 'dns.example' }))![0]!.vars).toMatchObject({ host: 'dns.example', proto: 'TCP', port: '853', label: 'DoT' });
  });

  it('refuses ports out of range', () => {
    expect(RemotePortParams.safeParse({ ports: [{ proto: 'udp', port: 70000, label: 'x' }] }).success).toBe(false);
  });
});
