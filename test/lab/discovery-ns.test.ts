/**
 * Live discovery end to end in two network namespaces of our own (hs-t1 scans, hs-t2 is a device and router),
 * joined by a veth pair: 10.78.0.1/24 ↔ 10.78.0.2/24. Also proves with tcpdump that the scanner announces
 * nothing: from hs-t1 only mDNS queries and SSDP M-SEARCH leave on the mDNS/SSDP ports.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import dnsPacket from 'dns-packet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCaptureFile } from '../../gateway/capture/reader.ts';

const T1 = 'hs-t1';
const T2 = 'hs-t2';
const ROOT = new URL('../../', import.meta.url).pathname;
const sh = (cmd: string, args: string[]) => execFileSync(cmd, args, { encoding: 'utf8' });
const ip = (...args: string[]) => sh('ip', args);

function teardown(): void {
  for (const ns of [T1, T2]) {
    let pids: string[] = [];
    try {
      pids = ip('netns', 'pids', ns).split('\n').filter(Boolean);
    } catch {
      continue; // namespace does not exist
    }
    for (const pid of pids) {
      try {
        process.kill(Number(pid), 'SIGKILL');
      } catch {
        // already gone
      }
    }
    ip('netns', 'del', ns);
  }
}

function setup(): void {
  teardown();
  for (const ns of [T1, T2]) {
    ip('netns', 'add', ns);
    ip('-n', ns, 'link', 'set', 'lo', 'up');
    sh('ip', ['netns', 'exec', ns, 'sysctl', '-qw', 'net.ipv6.conf.all.disable_ipv6=1', 'net.ipv6.conf.default.disable_ipv6=1']);
  }
  // Both veth ends are created inside the namespaces, never in the root namespace.
  ip('-n', T1, 'link', 'add', 'eth0', 'type', 'veth', 'peer', 'name', 'eth0', 'netns', T2);
  for (const [ns, addr] of [[T1, '10.78.0.1/24'], [T2, '10.78.0.2/24']]) {
    ip('-n', ns, 'addr', 'add', addr, 'dev', 'eth0');
    ip('-n', ns, 'link', 'set', 'eth0', 'up');
    ip('-n', ns, 'route', 'add', '224.0.0.0/4', 'dev', 'eth0');
  }
}

function inNs(ns: string, args: string[]): ChildProcess {
  return spawn('ip', ['netns', 'exec', ns, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
}

function waitForLine(p: ChildProcess, stream: 'stdout' | 'stderr', re: RegExp, ms: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let buf = '';
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${re} (got: ${buf.slice(-500)})`)), ms);
    p[stream]!.on('data', (c: Buffer) => {
      buf += c.toString();
      if (re.test(buf)) {
        clearTimeout(timer);
        resolve();
      }
    });
    p.once('exit', (code) => reject(new Error(`exited with ${code} before ${re}: ${buf.slice(-500)}`)));
  });
}

function runToEnd(ns: string, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const p = inNs(ns, args);
  let stdout = '';
  let stderr = '';
  p.stdout!.on('data', (c: Buffer) => (stdout += c));
  p.stderr!.on('data', (c: Buffer) => (stderr += c));
  const kill = setTimeout(() => p.kill('SIGKILL'), 45_000);
  return new Promise((resolve) =>
    p.once('close', (code) => {
      clearTimeout(kill);
      resolve({ code, stdout, stderr });
    }),
  );
}

let dir: string;
let device: ChildProcess;
let deviceMac: string;

beforeAll(async () => {
  if (process.getuid?.() !== 0) throw new Error('test/lab/discovery-ns.test.ts needs root (it creates network namespaces hs-t1 and hs-t2)');
  dir = mkdtempSync(join(tmpdir(), 'hs-discovery-'));
  setup();
  deviceMac = JSON.parse(ip('-n', T2, '-j', 'link', 'show', 'eth0'))[0].address;
  device = inNs(T2, [process.execPath, '--import', 'tsx', 'test/lab/discovery-device.ts', '10.78.0.2']);
  await waitForLine(device, 'stdout', /ready/, 20_000);
});

afterAll(() => {
  if (process.getuid?.() !== 0) return;
  device?.kill('SIGKILL');
  teardown();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

interface Obs {
  source: string;
  ip?: string;
  mac?: string;
  data: Record<string, any>;
}

describe('live discovery in namespaces', () => {
  let observations: Obs[] = [];
  let sent: { mdnsQueries: number; mdnsResponses: number; searches: number; otherSsdp: string[] };

  beforeAll(async () => {
    // Everything hs-t1 sends on the mDNS and SSDP ports, captured while the scanner runs.
    const pcap = join(dir, 'sent.pcap');
    const dump = inNs(T1, ['tcpdump', '-i', 'eth0', '-n', '-U', '-w', pcap, 'src host 10.78.0.1 and (udp port 5353 or udp port 1900)']);
    await waitForLine(dump, 'stderr', /listening on/, 10_000);
    const run = await runToEnd(T1, [process.execPath, '--import', 'tsx', 'test/lab/discovery-scan.ts', 'eth0', '4']);
    // Stay a little longer: node-ssdp's passive server would announce 3 s after start if it had anything to say.
    await new Promise((r) => setTimeout(r, 1000));
    dump.kill('SIGTERM');
    await new Promise((r) => dump.once('close', r));
    expect(run.code, run.stderr).toBe(0);
    observations = run.stdout.trim().split('\n').map((l) => JSON.parse(l)).filter((o) => !('stats' in o));

    sent = { mdnsQueries: 0, mdnsResponses: 0, searches: 0, otherSsdp: [] };
    await readCaptureFile(pcap, {
      packet(_lt, _ts, d, start, end) {
        const ihl = (d[start + 14] & 0x0f) * 4;
        const udp = start + 14 + ihl;
        const dport = d.readUInt16BE(udp + 2);
        const payload = d.subarray(udp + 8, end);
        if (dport === 5353) {
          const msg = dnsPacket.decode(Buffer.from(payload));
          if (msg.type === 'response' || (msg.answers?.length ?? 0) > 0) sent.mdnsResponses++;
          else sent.mdnsQueries++;
        } else {
          const first = payload.toString('latin1').split('\r\n')[0];
          if (first.startsWith('M-SEARCH ')) sent.searches++;
          else sent.otherSsdp.push(first);
        }
      },
    });
  });

  it('finds the mDNS services with TXT records and the right IP', () => {
    const mdns = observations.filter((o) => o.source === 'mdns');
    const rtsp = mdns.find((o) => o.data.type === '_rtsp._tcp');
    expect(rtsp).toMatchObject({ ip: '10.78.0.2', data: { instance: 'Front Cam._rtsp._tcp.local', host: 'front-cam.local', port: 554, txt: { model: 'IPC-1080', fw: '1.2.3' } } });
    expect(rtsp?.mac).toBeUndefined();
    expect(mdns.find((o) => o.data.type === '_hap._tcp')?.data.txt).toEqual({ ci: '17', md: 'CAM-1', sf: '0' });
  });

  it('finds the SSDP device with its fetched description', () => {
    const igd = observations.find((o) => o.source === 'ssdp' && o.data.st === 'urn:schemas-upnp-org:device:InternetGatewayDevice:1');
    expect(igd?.ip).toBe('10.78.0.2');
    expect(igd?.data.location).toBe('http://10.78.0.2:8080/rootDesc.xml');
    expect(igd?.data.description).toMatchObject({ friendlyName: 'Home Router & Wi-Fi', modelName: 'XR-500' });
  });

  it("reads the router's port mappings", () => {
    const igd = observations.filter((o) => o.source === 'upnp-igd');
    expect(igd).toHaveLength(1);
    expect(igd[0].data).toEqual({
      router: '10.78.0.2',
      mappings: [
        { protocol: 'TCP', externalPort: 8554, internalClient: '10.78.0.2', internalPort: 554, enabled: true, description: 'IPCAM RTSP', leaseDuration: 0 },
        { protocol: 'UDP', externalPort: 32100, internalClient: '10.78.0.2', internalPort: 32100, enabled: true, description: 'P2P', leaseDuration: 0 },
      ],
    });
  });

  it('links the IP to the MAC from the neighbour table', () => {
    const arp = observations.find((o) => o.source === 'arp' && o.ip === '10.78.0.2');
    expect(arp?.mac).toBe(deviceMac);
  });

  it('sends queries and searches only: no mDNS answers, no SSDP NOTIFY or responses', () => {
    expect(sent.mdnsQueries).toBeGreaterThan(0);
    expect(sent.searches).toBe(2);
    expect(sent.mdnsResponses).toBe(0);
    expect(sent.otherSsdp).toEqual([]);
  });
});

describe('homesweep discover in a namespace', () => {
  it('refuses without --interface outside the hl-* lab (exit 2, nothing sent)', async () => {
    const r = await runToEnd(T1, [process.execPath, '--import', 'tsx', 'gateway/main.ts', 'discover']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--interface/);
  });

  it('lists the device with its MAC, IP and services, with a live capture', async () => {
    const r = await runToEnd(T1, [process.execPath, '--import', 'tsx', 'gateway/main.ts', 'discover', '--interface', 'eth0', '--seconds', '3', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    const dev = out.devices.find((d: { mac?: string }) => d.mac === deviceMac);
    expect(dev?.ips).toContain('10.78.0.2');
    expect(dev?.services).toEqual(expect.arrayContaining(['_rtsp._tcp', '_hap._tcp']));
    expect(out.capture.packets).toBeGreaterThan(0);
    expect(Object.keys(out.observations)).toContain('10.78.0.2');
  });
});
