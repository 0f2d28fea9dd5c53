import { describe, expect, it } from 'vitest';
import { inboundFromInternet, InboundFromInternetParams } from '../../../../../gateway/rules/matchers/inbound-from-internet.ts';
import { flow } from './obs.ts';

const m = inboundFromInternet.compile(InboundFromInternetParams.parse({ serverPorts: [8883] }), {});

describe('inbound-from-internet', () => {
  it.each([
    ['a connection from an ephemeral port to a service port', { outbound: false, remotePort: 51515, localPort: 8554 }, 'tcp/8554'],
    ['to a low local port', { outbound: false, remotePort: 40000, localPort: 22 }, 'tcp/22'],
    ['an outbound connection', { outbound: true, remotePort: 443, localPort: 50000 }, null],
    ['a reply from HTTPS whose start was missed', { outbound: false, remotePort: 443, localPort: 50000 }, null],
    ['a reply from a listed server port (MQTT over TLS)', { outbound: false, remotePort: 8883, localPort: 50000 }, null],
    ['from another home device', { outbound: false, remotePort: 51515, localPort: 8554, remoteIsLocal: true }, null],
    ['UDP', { outbound: false, proto: 'udp' as const, remotePort: 51515, localPort: 8554 }, null],
  ])('%s', (_what, f, key) => {
    expect((m.observe!(flow(f)) ?? []).map((h) => h.key)).toEqual(key ? [key] : []);
  });
});
