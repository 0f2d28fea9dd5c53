/**
 * Device traffic towards the lab cloud: sustained uploads (camera video, event clips), keep-alives over TCP, TLS
 * or UDP, and short TLS sessions. Everything stops at `until` (epoch ms); nothing retries faster than its period.
 */
import { randomBytes } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { connect as tcpConnect, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import type { ScenarioTraffic } from '../scenario-schema.ts';

const FILL = randomBytes(256 * 1024);
const TICK_MS = 100;

/** Shared state of a device's traffic: the motion multiplier and the stop time. */
export interface TrafficContext {
  until: number;
  tlsPorts: number[];
  /** Current upload multiplier (1 normally, >1 during a motion burst). */
  boost(): number;
  resolve(name: string): string | undefined;
  log(msg: string): void;
}

/** A running traffic pattern. */
export interface TrafficRunner {
  stop(): void;
}

function open(ctx: TrafficContext, t: ScenarioTraffic, addr: string): Socket {
  const secure = t.kind === 'tls' || ctx.tlsPorts.includes(t.port);
  // Certificates in the lab are self-signed: the point is a real ClientHello with SNI on the wire, not trust.
  const sock = secure ? tlsConnect({ host: addr, port: t.port, servername: t.to, rejectUnauthorized: false }) : tcpConnect({ host: addr, port: t.port });
  sock.on('error', (err) => ctx.log(`${t.kind} ${t.to}:${t.port}: ${err.message}`));
  sock.on('data', () => undefined);
  return sock;
}

function upload(ctx: TrafficContext, t: ScenarioTraffic): TrafficRunner {
  let sock: Socket | null = null;
  let sessionEnd = 0;
  let offset = 0;
  let nextStart = Date.now();
  const timer = setInterval(() => {
    const now = Date.now();
    if (now >= ctx.until) return runner.stop();
    if (!sock && now >= nextStart) {
      const addr = ctx.resolve(t.to);
      nextStart = now + (t.periodSec ?? 10) * 1000;
      if (!addr) return;
      sock = open(ctx, t, addr);
      sock.on('close', () => (sock = null));
      sessionEnd = t.seconds ? now + t.seconds * 1000 : ctx.until;
    }
    if (!sock) return;
    if (now >= sessionEnd) {
      sock.end();
      sock = null;
      return;
    }
    // Skip a tick when the socket is backed up rather than buffering without bound.
    if (sock.writableLength > 512 * 1024) return;
    const bytes = Math.round(((t.rateKbps ?? 0) * 1000 * ctx.boost() * TICK_MS) / 8000);
    for (let left = bytes; left > 0; ) {
      const n = Math.min(left, FILL.length - offset);
      sock.write(FILL.subarray(offset, offset + n));
      offset = (offset + n) % FILL.length;
      left -= n;
    }
  }, TICK_MS);
  const runner = {
    stop() {
      clearInterval(timer);
      sock?.destroy();
      sock = null;
    },
  };
  return runner;
}

function keepalive(ctx: TrafficContext, t: ScenarioTraffic): TrafficRunner {
  const period = (t.periodSec ?? 30) * 1000;
  if (t.proto === 'udp') {
    const udp = createSocket('udp4');
    udp.on('error', (err) => ctx.log(`udp ${t.to}:${t.port}: ${err.message}`));
    udp.on('message', () => undefined);
    const beat = () => {
      const addr = ctx.resolve(t.to);
      if (addr && Date.now() < ctx.until) udp.send(FILL.subarray(0, t.bytes), t.port, addr);
    };
    beat();
    const timer = setInterval(beat, period);
    return { stop: () => (clearInterval(timer), udp.close()) };
  }
  let sock: Socket | null = null;
  const beat = () => {
    if (Date.now() >= ctx.until) return;
    if (!sock) {
      const addr = ctx.resolve(t.to);
      if (!addr) return;
      sock = open(ctx, t, addr);
      sock.on('close', () => (sock = null));
    }
    sock.write(FILL.subarray(0, t.bytes));
  };
  beat();
  const timer = setInterval(beat, period);
  return { stop: () => (clearInterval(timer), sock?.destroy()) };
}

function tlsSessions(ctx: TrafficContext, t: ScenarioTraffic): TrafficRunner {
  const live = new Set<Socket>();
  const session = () => {
    const addr = ctx.resolve(t.to);
    if (!addr || Date.now() >= ctx.until) return;
    const sock = open(ctx, t, addr);
    live.add(sock);
    sock.once('secureConnect', () => sock.write(FILL.subarray(0, 320)));
    const close = setTimeout(() => sock.end(), 1500);
    sock.on('close', () => (clearTimeout(close), live.delete(sock)));
  };
  session();
  const timer = setInterval(session, (t.periodSec ?? 30) * 1000);
  return { stop: () => (clearInterval(timer), live.forEach((s) => s.destroy())) };
}

/** Starts one traffic pattern. */
export function startTraffic(ctx: TrafficContext, t: ScenarioTraffic): TrafficRunner {
  if (t.kind === 'upload') return upload(ctx, t);
  if (t.kind === 'keepalive') return keepalive(ctx, t);
  return tlsSessions(ctx, t);
}
