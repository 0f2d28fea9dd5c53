/**
 * One simulated home device, driven by its scenario entry: DHCPREQUEST broadcasts, mDNS services, SSDP + UPnP
 * description, DNS lookups of its clouds and its cloud traffic. Runs inside its own namespace (hl-dN), started by
 * lab.ts as `ip netns exec hl-dN node --import tsx test/lab/sim-device.ts CONFIG.json`, and exits after
 * `seconds`. SIGUSR1 starts a camera "motion" burst (uploads run faster for a while).
 */
import { createSocket } from 'node:dgram';
import { createServer, type Server } from 'node:net';
import { buildDhcpRequest } from './sim/dhcp-packet.ts';
import { lookupAll } from './sim/dns-lookups.ts';
import { publishMdns, type MdnsPublisher } from './sim/mdns-publisher.ts';
import { readRunConfig, udnFromMac, type DeviceRunConfig } from './sim/run-config.ts';
import { startSsdpAnnouncer, type SsdpAnnouncer } from './sim/ssdp-announcer.ts';
import { startTraffic, type TrafficRunner } from './sim/traffic.ts';

const cfg = readRunConfig<DeviceRunConfig>(process.argv);
const d = cfg.device;
const started = Date.now();
const until = started + cfg.seconds * 1000;
const log = (msg: string) => console.error(`[${d.name}] ${msg}`);
const timers: NodeJS.Timeout[] = [];
const runners: TrafficRunner[] = [];
let mdns: MdnsPublisher | null = null;
let ssdp: SsdpAnnouncer | null = null;
let boostUntil = 0;
const servers: Server[] = [];

const dhcp = createSocket({ type: 'udp4', reuseAddr: true });
dhcp.on('error', (err) => log(`dhcp: ${err.message}`));

function sendDhcp(): void {
  const msg = buildDhcpRequest({
    mac: d.mac,
    ip: cfg.ip,
    hostname: d.dhcp.hostname,
    vendorClass: d.dhcp.vendorClass,
    paramList: d.dhcp.paramList,
    xid: (Math.random() * 0xffffffff) >>> 0,
    secs: Math.min(65535, Math.round((Date.now() - started) / 1000)),
  });
  dhcp.send(msg, 67, '255.255.255.255');
}

let stopping = false;
async function stop(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  timers.forEach((t) => clearInterval(t));
  runners.forEach((r) => r.stop());
  servers.forEach((srv) => srv.close());
  await Promise.allSettled([mdns?.stop(), ssdp?.stop()]);
  dhcp.close();
  process.exit(code);
}

async function main(): Promise<void> {
  await new Promise<void>((resolve) => dhcp.bind(68, () => resolve()));
  dhcp.setBroadcast(true);
  sendDhcp();
  timers.push(setInterval(sendDhcp, cfg.dhcpRenewSec * 1000));

  if (d.mdns.length) mdns = publishMdns(cfg.ip, `${d.dhcp.hostname}.local`, d.mdns);
  if (d.ssdp) {
    const s = d.ssdp;
    ssdp = await startSsdpAnnouncer({
      ip: cfg.ip,
      port: s.port,
      path: '/description.xml',
      server: s.server,
      extraSt: s.extraSt,
      root: {
        deviceType: s.deviceType,
        friendlyName: s.friendlyName,
        manufacturer: s.manufacturer,
        modelName: s.modelName,
        modelNumber: s.modelNumber,
        serialNumber: d.mac.replace(/:/g, ''),
        udn: udnFromMac(d.mac, d.family),
      },
    });
  }

  const names = [...new Set([...d.dns, ...d.traffic.map((t) => t.to)])];
  let addrs = await lookupAll(cfg.resolver, names);
  // Re-resolve like a device whose cached answers expire (the lab resolver answers with TTL 60).
  timers.push(
    setInterval(() => {
      lookupAll(cfg.resolver, names).then((m) => (addrs = m.size ? m : addrs), (err) => log(`dns: ${err}`));
    }, 60_000),
  );
  const ctx = {
    until,
    tlsPorts: cfg.tlsPorts,
    boost: () => (Date.now() < boostUntil ? (d.motion?.factor ?? 1) : 1),
    resolve: (name: string) => addrs.get(name),
    log,
  };
  for (const t of d.traffic) {
    // A pattern with startSec (a live-view session, a remote-desktop session) begins later in the run.
    if (t.startSec) timers.push(setTimeout(() => void (!stopping && runners.push(startTraffic(ctx, t))), t.startSec * 1000));
    else runners.push(startTraffic(ctx, t));
  }
  for (const p of d.listen) {
    // A service the device offers (RTSP, a web UI): answers each small message like a camera would.
    const srv = createServer((sock) => {
      sock.on('error', () => undefined);
      sock.on('data', (chunk: Buffer) => void (chunk.length <= 1400 && sock.writable && sock.write(Buffer.alloc(64, 0x52))));
    });
    srv.on('error', (err) => log(`listen ${p}: ${err.message}`));
    srv.listen(p, cfg.ip);
    servers.push(srv);
  }
  log(`up ip=${cfg.ip} mac=${d.mac} lookups=${addrs.size}/${names.length}`);
}

process.on('SIGUSR1', () => {
  if (!d.motion) return;
  boostUntil = Date.now() + d.motion.seconds * 1000;
  log(`motion burst x${d.motion.factor} for ${d.motion.seconds}s`);
});
process.on('SIGTERM', () => void stop(0));
process.on('SIGINT', () => void stop(0));
setTimeout(() => void stop(0), cfg.seconds * 1000).unref();
// Keep the process alive until the deadline even if every socket is idle.
timers.push(setInterval(() => undefined, 60_000));
main().catch((err) => {
  log(`failed: ${(err as Error).stack ?? err}`);
  void stop(1);
});
