import { describe, expect, it } from 'vitest';
import type { Observation } from '../../../../../gateway/contract.ts';
import { trafficHeuristic, TrafficHeuristicParams } from '../../../../../gateway/rules/matchers/traffic-heuristic.ts';
import { flow, http, tls } from './obs.ts';

const compile = (check: string, ports: number[] = []) => trafficHeuristic.compile(TrafficHeuristicParams.parse({ check, ports }), {});
const keys = (check: string, ports: number[], obs: Observation) => (compile(check, ports).observe!(obs) ?? []).map((h) => h.key);

describe('traffic-heuristic', () => {
  it.each<[string, string, number[], Observation, boolean]>([
    ['udp to an odd port', 'udp', [443], flow({ proto: 'udp', remotePort: 40000 }), true],
    ['udp to a listed port (QUIC)', 'udp', [443], flow({ proto: 'udp', remotePort: 443 }), false],
    ['tcp is not udp', 'udp', [], flow({ proto: 'tcp', remotePort: 40000 }), false],
    ['udp within the home', 'udp', [], flow({ proto: 'udp', remotePort: 40000, remoteIsLocal: true }), false],
    ['udp to a private address', 'udp', [], flow({ proto: 'udp', remotePort: 40000, remoteIp: '10.0.0.5' }), false],
    ['udp that came in', 'udp', [], flow({ proto: 'udp', remotePort: 40000, outbound: false }), false],
    ['tcp to a high port', 'high-port', [5228], flow({ remotePort: 8088 }), true],
    ['tcp to a listed high port', 'high-port', [5228], flow({ remotePort: 5228 }), false],
    ['tcp to 443', 'high-port', [], flow({ remotePort: 443 }), false],
    ['icmp', 'high-port', [], flow({ proto: 'icmp', remotePort: 0 }), false],
    ['an address with no name', 'unnamed-address', [53], flow({ remotePort: 443 }), true],
    ['a named address', 'unnamed-address', [53], flow({ remotePort: 443, name: 'api.example.com' }), false],
    ['a DNS server by address', 'unnamed-address', [53], flow({ proto: 'udp', remotePort: 53 }), false],
    ['clear-text HTTP to the internet', 'cleartext-http', [], http('tracker.example.net'), true],
    ['clear-text HTTP in the home', 'cleartext-http', [], { ...http('printer.local'), data: { host: 'printer.local', method: 'GET', remoteIp: '192.168.1.40', remotePort: 80 } }, false],
    ['TLS on an odd port', 'tls-port', [443], { ...tls('sync.example.net'), data: { sni: 'sync.example.net', remoteIp: '198.51.100.1', remotePort: 4443 } }, true],
    ['TLS on 443', 'tls-port', [443], tls('www.example.org'), false],
    ['a flow given to the TLS check', 'tls-port', [443], flow({ remotePort: 4443 }), false],
  ])('%s (%s)', (_what, check, ports, obs, hit) => {
    expect(keys(check, ports, obs)).toEqual(hit ? [check] : []);
  });

  it('names the host and port in its evidence', () => {
    const [h] = compile('high-port').observe!(flow({ remotePort: 8088, name: 'c.example.net' }))!;
    expect(h!.vars).toEqual({ host: 'c.example.net', port: '8088', proto: 'TCP' });
    expect(h!.evidence.detail).toBe('TCP to c.example.net (198.51.100.1) port 8088, 100 B sent, 200 B received');
  });

  it('refuses an unknown check', () => {
    expect(TrafficHeuristicParams.safeParse({ check: 'lets-encrypt' }).success).toBe(false);
  });
});

describe('traffic-heuristic sources', () => {
  it.each([
    ['udp', 'flow'],
    ['high-port', 'flow'],
    ['unnamed-address', 'flow'],
    ['cleartext-http', 'http'],
    ['tls-port', 'tls'],
  ])('%s reads only %s', (check, source) => {
    expect(compile(check).sources).toEqual([source]);
  });
});
