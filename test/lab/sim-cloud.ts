/**
 * The lab "internet", run inside hl-cloud: a DNS resolver (UDP 53) that knows the scenario's domains, and sinks
 * on every TCP/UDP port devices use. TLS ports present a self-signed certificate so devices send a real
 * ClientHello with SNI and then encrypted records. Exits after `seconds`.
 */
import { createSocket } from 'node:dgram';
import { readFileSync } from 'node:fs';
import { createServer as createTcpServer, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import { answerDnsQuery } from './sim/dns-answer.ts';
import { readRunConfig, type CloudRunConfig } from './sim/run-config.ts';

const cfg = readRunConfig<CloudRunConfig>(process.argv);
const log = (msg: string) => console.error(`[cloud] ${msg}`);
const cert = readFileSync(cfg.certFile);
const key = readFileSync(cfg.keyFile);
const closers: (() => void)[] = [];

function onConnection(sock: Socket): void {
  sock.on('error', () => undefined);
  // Answer small messages (keep-alives, requests) like a cloud API would; swallow bulk uploads.
  sock.on('data', (chunk: Buffer) => {
    if (chunk.length <= 1400 && sock.writable) sock.write(Buffer.alloc(48, 0x5a));
  });
}

// UDP servers bind each address separately: a socket on 0.0.0.0 would answer from the WAN address, and
// clients (c-ares, P2P stacks) drop replies that come from an address they did not ask.
function bindUdp(addr: string, port: number, reply: (msg: Buffer) => Buffer | null): void {
  const udp = createSocket('udp4');
  udp.on('message', (msg, rinfo) => {
    const out = reply(msg);
    if (out) udp.send(out, rinfo.port, rinfo.address);
  });
  udp.on('error', (err) => log(`udp ${addr}:${port}: ${err.message}`));
  udp.bind(port, addr);
  closers.push(() => udp.close());
}

for (const addr of cfg.resolvers) bindUdp(addr, 53, (msg) => answerDnsQuery(msg, cfg.domains));

for (const port of cfg.tcpPorts) {
  const server: Server = cfg.tlsPorts.includes(port) ? createTlsServer({ cert, key }, onConnection) : createTcpServer(onConnection);
  server.on('error', (err) => log(`tcp ${port}: ${err.message}`));
  // A failed handshake is normal here (clients hang up early); keep it out of the log.
  server.on('tlsClientError', () => undefined);
  server.listen(port, '0.0.0.0');
  closers.push(() => server.close());
}

const udpAddrs = [...new Set(Object.values(cfg.domains))];
for (const port of cfg.udpPorts) for (const addr of udpAddrs) bindUdp(addr, port, (msg) => Buffer.alloc(Math.min(32, msg.length), 0x5a));

function stop(): void {
  closers.forEach((c) => c());
  process.exit(0);
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
setTimeout(stop, cfg.seconds * 1000);
log(`up: ${Object.keys(cfg.domains).length} domains, tcp ${cfg.tcpPorts.join(',')}, udp ${cfg.udpPorts.join(',')}`);
