/**
 * What identification costs (issue 12): loading and compiling the knowledge (hand-written and generated profiles,
 * clue knowledge) at start, and identifying a 50-device home once its evidence is in. The home is synthetic:
 * each device has host names, mDNS and SSDP records, 40 looked-up domains and a dozen ports, drawn with a fixed seed
 * from names a home shows (brands, model numbers, words, random labels), which is heavier than a real home.
 */
import { loadProfiles } from '../../device-profiles/load.ts';
import { createIdentifier, type DeviceEvidence } from '../../discovery/identify.ts';
import { createRng } from '../fixtures/synth/rng.ts';
import type { BenchResult, Benchmark } from './bench-types.ts';

const NAMES = ['DS-2CD2142FWD-I', 'frontdoorcam', 'Galaxy-S21', 'DESKTOP-8K2J1', 'reolink-garden', 'HS110', 'cerradura', 'Living Room TV',
  'RT-AX88U', 'ESP_3A2B1C', 'wlan0', 'Tapo_C200_1A2B', 'iPhone', 'android-1f2e3d4c', 'Kitchen speaker', 'BRW0080927AFBEA'];
const DOMAINS = ['api.tuyaus.com', 'p2p.gwell.cc', 'time.google.com', 'graph.facebook.com', 'device-metrics-us.amazon.com', 'fw.reolink.com'];

function home(devices: number, seed: number): DeviceEvidence[] {
  const rng = createRng(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rng.next() * list.length)]!;
  const label = () => Math.floor(rng.next() * 1e9).toString(36);
  return Array.from({ length: devices }, (_, i) => {
    const hex = (i + 16).toString(16).padStart(2, '0');
    return {
      mac: `${pick(['ec:71:db', '44:19:b6', '50:c7:bf', '3c:52:82', 'da:a1:19', '00:17:88'])}:00:00:${hex}`,
      vendor: pick(['Espressif Inc.', 'Hangzhou Hikvision Digital Technology Co.,Ltd.', 'Apple, Inc.', 'TP-LINK TECHNOLOGIES CO.,LTD.']),
      hostnames: [pick(NAMES), `${label()}-${pick(NAMES)}`],
      dhcp: [{ hostname: pick(NAMES), vendorClass: pick(['udhcp 1.24.1', 'MSFT 5.0', 'android-dhcp-13']) }],
      mdns: [{ instance: `${pick(NAMES)}._${pick(['googlecast', 'http', 'hap', 'rtsp', 'airplay'])}._tcp.local`, type: `_${pick(['googlecast', 'http', 'hap', 'rtsp', 'airplay'])}._tcp`, host: `${label()}.local`, txt: { md: pick(NAMES), ci: '17' } }],
      ssdp: [{ kind: 'notify', nt: pick(['upnp:rootdevice', 'urn:schemas-upnp-org:device:MediaRenderer:1']), server: 'Linux/3.10 UPnP/1.0', description: { friendlyName: pick(NAMES), manufacturer: pick(['Hikvision', 'Samsung', 'Sonos, Inc.']), modelName: pick(NAMES) } }],
      domains: Array.from({ length: 40 }, () => (rng.next() < 0.2 ? pick(DOMAINS) : `${label()}.${label()}.com`)),
      ports: Array.from({ length: 12 }, () => ({ proto: pick(['tcp', 'udp'] as const), port: pick([443, 80, 554, 8883, 123, 53, 32100, 1900, 5353]), direction: pick(['in', 'out'] as const) })),
      upload: { bytesUp: Math.floor(rng.next() * 2e7), bytesDown: Math.floor(rng.next() * 1e7), seconds: 60 + Math.floor(rng.next() * 600) },
    };
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export const identifyBench: Benchmark = {
  name: 'identify',
  description: 'knowledge load at start; identifying a 50-device home after its evidence is in',
  needsCapture: false,
  async run(ctx): Promise<BenchResult> {
    // CPU time (user + system) as well as wall time: on a shared machine the wall time swings with other work.
    const loads: number[] = [];
    const loadCpu: number[] = [];
    const timed = <T>(fn: () => T, wall: number[], cpu: number[]): T => {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      const out = fn();
      wall.push(performance.now() - t0);
      const c = process.cpuUsage(c0);
      cpu.push((c.user + c.system) / 1000);
      return out;
    };
    let library = timed(() => loadProfiles(), loads, loadCpu);
    let identify = createIdentifier(library);
    for (let i = 0; i < 4; i++) {
      library = timed(() => loadProfiles(), loads, loadCpu);
      identify = createIdentifier(library);
    }
    if (library.problems.length) throw new Error(`knowledge has problems: ${library.problems.map((p) => p.file).join(', ')}`);
    const evidence = home(ctx.options.devices, ctx.options.seed);
    const runs: number[] = [];
    const runCpu: number[] = [];
    let unknown = 0;
    for (let r = 0; r < 21; r++) {
      const fresh = r === 0 ? createIdentifier(library) : identify;
      const out = timed(() => evidence.map((e) => fresh(e)), runs, runCpu);
      unknown = out.filter((o) => o.category === 'unknown').length;
    }
    return {
      name: 'identify',
      status: 'ok',
      wallS: median(runs) / 1000,
      extra: {
        'knowledge load (profiles + generated + clues), median of 5': `${median(loadCpu).toFixed(0)} ms CPU, ${median(loads).toFixed(0)} ms wall (${library.profiles.length} profiles)`,
        'knowledge load, first in process': `${loadCpu[0]!.toFixed(0)} ms CPU, ${loads[0]!.toFixed(0)} ms wall`,
        [`identify ${evidence.length} devices, first pass`]: `${runCpu[0]!.toFixed(1)} ms CPU, ${runs[0]!.toFixed(1)} ms wall`,
        [`identify ${evidence.length} devices, median of 20`]: `${median(runCpu.slice(1)).toFixed(1)} ms CPU, ${median(runs.slice(1)).toFixed(1)} ms wall (${unknown} left unknown)`,
      },
    };
  },
};
