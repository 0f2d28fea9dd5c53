/**
 * `traffic-heuristic`: TinyCheck's phone heuristics (reference/TINYCHECK.md §1.2: PROTO-01/02/03/04/05, SSL-01),
 * kept as information because in a smart home they are mostly noise (QUIC, push services, IoT clouds on odd
 * ports). Rules scope them to phones and computers. One finding per device and check; the evidence shows the
 * first examples.
 *
 * - `udp`: UDP to an internet address, other than the listed ports (DNS, NTP, QUIC …) — PROTO-01.
 * - `high-port`: a connection the device opened to an internet port ≥ 1024, other than the listed ones — PROTO-02.
 * - `unnamed-address`: a connection to an internet address the device never looked up and named no host for
 *   (no DNS answer, TLS name or HTTP Host), other than the listed ports (DNS, NTP: servers reached by address) — PROTO-05.
 * - `cleartext-http`: an HTTP request (not encrypted) to the internet — PROTO-03/04.
 * - `tls-port`: TLS on a port other than the listed ones — SSL-01.
 */
import { z } from 'zod';
import { lazySchema } from '../../util/lazy-schema.ts';
import type { FlowData } from '../../capture/engine.ts';
import type { HttpData, Observation, TlsData } from '../../contract.ts';
import { isLocalAddress } from './local-address.ts';
import { defineMatcher, refOf, type Hit } from './types.ts';
import { lazyPhraseEvidence } from '../lazy-evidence.ts';

const Port = lazySchema(() => z.number().int().min(1).max(65535));

export const TrafficHeuristicParams = lazySchema(() =>
  z
    .object({
      check: z.enum(['udp', 'high-port', 'unnamed-address', 'cleartext-http', 'tls-port']).meta({ description: 'Which heuristic.' }),
      ports: z.array(Port).default([]).meta({ description: 'udp, high-port, unnamed-address: ports that are ordinary (no hit); tls-port: the usual TLS ports.' }),
    })
    .strict(),
);
export type TrafficHeuristicParams = z.infer<typeof TrafficHeuristicParams>;

function flowHit(obs: Observation, f: FlowData, what: string): Hit[] {
  const host = f.name ?? f.remoteIp;
  return [{
    ref: refOf(obs),
    key: what,
    at: f.firstSeen ?? obs.at,
    vars: { host, port: String(f.remotePort), proto: f.proto.toUpperCase() },
    evidence: lazyPhraseEvidence('flow', 'outbound-flow', { proto: f.proto.toUpperCase(), target: `${host}${host !== f.remoteIp ? ` (${f.remoteIp})` : ''}`, port: String(f.remotePort), up: String(f.bytesUp), down: String(f.bytesDown) }),
  }];
}

// The checks are handed one observation in turn: the answer for its remote address is kept for the next check.
let lastIp: string | undefined;
let lastInternet = false;

/** Whether an address is on the internet (not in the home). */
function internet(ip: string): boolean {
  if (ip === lastIp) return lastInternet;
  const answer = typeof ip === 'string' && !isLocalAddress(ip);
  lastIp = ip;
  lastInternet = answer;
  return answer;
}

function compileCheck(params: TrafficHeuristicParams): (obs: Observation) => Hit[] | undefined {
  const ports = new Set(params.ports);
  switch (params.check) {
    case 'udp':
      return (obs: Observation): Hit[] | undefined => {
        const f = obs.data as FlowData;
        if (obs.source !== 'flow' || f.proto !== 'udp' || f.remoteIsLocal || !f.outbound || ports.has(f.remotePort) || !internet(f.remoteIp)) return undefined;
        return flowHit(obs, f, 'udp');
      };
    case 'high-port':
      return (obs: Observation): Hit[] | undefined => {
        const f = obs.data as FlowData;
        if (obs.source !== 'flow' || (f.proto !== 'tcp' && f.proto !== 'udp') || f.remoteIsLocal || !f.outbound) return undefined;
        if (!(f.remotePort >= 1024) || ports.has(f.remotePort) || !internet(f.remoteIp)) return undefined;
        return flowHit(obs, f, 'high-port');
      };
    case 'unnamed-address':
      return (obs: Observation): Hit[] | undefined => {
        const f = obs.data as FlowData;
        if (obs.source !== 'flow' || (f.proto !== 'tcp' && f.proto !== 'udp') || f.remoteIsLocal || !f.outbound || f.name) return undefined;
        // A DNS or time server is reached by address by design.
        if (ports.has(f.remotePort) || !internet(f.remoteIp)) return undefined;
        return flowHit(obs, f, 'unnamed-address');
      };
    case 'cleartext-http':
      return (obs: Observation): Hit[] | undefined => {
        const h = obs.data as HttpData;
        if (obs.source !== 'http' || !internet(h.remoteIp)) return undefined;
        const host = h.host ?? h.remoteIp;
        return [{
          ref: refOf(obs),
          key: 'cleartext-http',
          at: obs.at,
          vars: { host, port: String(h.remotePort), proto: 'HTTP' },
          evidence: lazyPhraseEvidence('http', 'plain-http', { method: h.method, host, ip: h.remoteIp, port: String(h.remotePort) }),
        }];
      };
    case 'tls-port':
      return (obs: Observation): Hit[] | undefined => {
        const t = obs.data as TlsData;
        if (obs.source !== 'tls' || ports.has(t.remotePort) || !internet(t.remoteIp)) return undefined;
        return [{
          ref: refOf(obs),
          key: 'tls-port',
          at: obs.at,
          vars: { host: t.sni, port: String(t.remotePort), proto: 'TLS' },
          evidence: lazyPhraseEvidence('tls', 'tls-odd-port', { host: t.sni, ip: t.remoteIp, port: String(t.remotePort) }),
        }];
      };
  }
}

export const trafficHeuristic = defineMatcher<TrafficHeuristicParams>({
  name: 'traffic-heuristic',
  description: "One of TinyCheck's phone heuristics (udp, high-port, unnamed-address, cleartext-http, tls-port), as information.",
  params: TrafficHeuristicParams,
  sources: ['flow', 'http', 'tls'],
  placeholders: ['host', 'port', 'proto'],
  compile(params) {
    const check = compileCheck(params);
    // Each check reads one source: the engine need not hand it the others.
    const source = params.check === 'cleartext-http' ? 'http' : params.check === 'tls-port' ? 'tls' : 'flow';
    return { sources: [source], observe: (obs) => check(obs) };
  },
});
