/**
 * Someone on the lab internet connecting to a home device now and then — what a router port mapping lets anyone
 * do. Runs inside hl-cloud (`ip netns exec hl-cloud node --import tsx test/lab/sim-visitor.ts CONFIG.json`),
 * connects from a cloud-owned address to a device's lab address (the lab router forwards without NAT, so the LAN
 * capture shows the outside address opening the connection), sends a few bytes, reads the answer and hangs up.
 * Bounded: one connection per visit, one visit per period, and the program exits after `seconds`.
 */
import { connect } from 'node:net';
import { readRunConfig } from './sim/run-config.ts';

/** One visitor as the capture script resolved it: addresses instead of names. */
export interface VisitorRunConfig {
  seconds: number;
  visits: { fromIp: string; toIp: string; port: number; periodSec: number; startSec: number; bytes: number }[];
}

const cfg = readRunConfig<VisitorRunConfig>(process.argv);
const log = (msg: string) => console.error(`[visitor] ${msg}`);
const timers: NodeJS.Timeout[] = [];

function visit(v: VisitorRunConfig['visits'][number]): void {
  const sock = connect({ host: v.toIp, port: v.port, localAddress: v.fromIp });
  sock.setTimeout(3000, () => sock.destroy());
  sock.on('error', (err) => log(`${v.fromIp} → ${v.toIp}:${v.port}: ${err.message}`));
  sock.on('connect', () => sock.write(Buffer.alloc(v.bytes, 0x4f)));
  sock.once('data', () => setTimeout(() => sock.end(), 500));
}

for (const v of cfg.visits) {
  timers.push(
    setTimeout(() => {
      visit(v);
      timers.push(setInterval(() => visit(v), v.periodSec * 1000));
    }, v.startSec * 1000),
  );
}
setTimeout(() => {
  timers.forEach((t) => clearTimeout(t));
  process.exit(0);
}, cfg.seconds * 1000);
log(`up: ${cfg.visits.length} visitor(s)`);
