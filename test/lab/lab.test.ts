/**
 * The home lab end to end: bring up home-12 (twice, to prove `lab up` is idempotent), capture with real tcpdump
 * on the gateway's LAN interface while the devices start, and check with tshark that every device shows its
 * DHCP identity, mDNS services, SSDP, DNS lookups, TLS SNI and (cameras) a sustained upload.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCapture } from './capture.ts';
import { acquireLabLock } from './lab-lock.ts';
import { planLab, type LabPlan } from './lab-plan.ts';
import { alive, inLabGateway, labDown, labStatus, labUp, type LabHandle } from './lab.ts';
import { namespacePids, nsExec } from './netns.ts';
import { makeHomeN } from './scenario-home-n.ts';
import { loadScenario } from './scenario-load.ts';
import { tsharkFields } from './tshark.ts';

const execFileP = promisify(execFile);
const CAPTURE_MS = 16_000;

let release: () => void = () => undefined;
let dir = '';
let pcap = '';
let plan: LabPlan;
let lab: LabHandle;
let firstPids: number[] = [];
let packets = 0;

beforeAll(async () => {
  release = await acquireLabLock();
  const scenario = loadScenario('home-12');
  plan = planLab(scenario);
  // A small lab with running devices first, so the second `up` has something live to replace.
  const first = await labUp(makeHomeN(scenario, 2), { seconds: 60 });
  firstPids = first.state.devices.map((d) => d.pid);
  lab = await labUp(scenario, { seconds: 60, deferDevices: true });
  dir = mkdtempSync(join(tmpdir(), 'hl-lab-test-'));
  pcap = join(dir, 'home-12.pcap');
  const capture = await startCapture({ file: pcap });
  await lab.startDevices();
  await new Promise((r) => setTimeout(r, CAPTURE_MS));
  packets = await capture.stop();
}, 120_000);

afterAll(async () => {
  await labDown();
  release();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('lab up', () => {
  it('is idempotent: a second up replaces the first lab and its processes', async () => {
    expect(firstPids.every((pid) => pid > 0)).toBe(true);
    expect(firstPids.filter(alive)).toEqual([]);
    const status = await labStatus();
    const names = status.namespaces.map((n) => n.name).sort();
    expect(names).toEqual(['hl-br', 'hl-cloud', 'hl-gw', ...plan.devices.map((d) => d.ns)].sort());
    // Each device program runs in its own namespace (tsx may add an esbuild helper next to it); the bridge runs nothing.
    expect(status.namespaces.find((n) => n.name === 'hl-br')?.processes).toBe(0);
    expect(status.state?.devices.map((d) => d.name)).toEqual(plan.devices.map((d) => d.device.name));
    for (const d of status.state!.devices) expect([d.ns, (await namespacePids(d.ns)).includes(d.pid)]).toEqual([d.ns, true]);
    for (const ns of ['hl-gw', 'hl-cloud']) expect((await namespacePids(ns)).length, ns).toBeGreaterThan(0);
  });

  it('knows whether a process runs in the lab gateway namespace', async () => {
    expect(inLabGateway()).toBe(false);
    const out = await nsExec('hl-gw', [process.execPath, '--import', 'tsx', '--input-type=module', '-e', "import('./test/lab/lab.ts').then((m) => console.log(m.inLabGateway()))"]);
    expect(out.trim()).toBe('true');
  });

  it('captured traffic on the gateway LAN interface', () => {
    expect(packets).toBeGreaterThan(100);
  });
});

describe('on the wire (tshark)', () => {
  it('every device broadcasts DHCP with its hostname, vendor class and parameter list from its own MAC', async () => {
    const rows = await tsharkFields(pcap, 'dhcp', ['eth.src', 'ip.src', 'udp.srcport', 'dhcp.option.hostname', 'dhcp.option.vendor_class_id', 'dhcp.option.request_list_item']);
    for (const d of plan.devices) {
      const row = rows.find((r) => r[0] === d.device.mac);
      expect(row, d.device.name).toBeDefined();
      expect(row!.slice(1, 5)).toEqual([d.ip, '68', d.device.dhcp.hostname, d.device.dhcp.vendorClass ?? '']);
      expect(row![5].split(',').map(Number)).toEqual(d.device.dhcp.paramList);
    }
  });

  it('every device publishes its mDNS services with TXT records', async () => {
    const rows = await tsharkFields(pcap, 'mdns && dns.flags.response == 1', ['ip.src', 'dns.resp.name', 'dns.txt']);
    for (const d of plan.devices) {
      const mine = rows.filter((r) => r[0] === d.ip);
      for (const s of d.device.mdns) {
        const instance = `${s.name}.${s.type}.local`;
        const hit = mine.find((r) => r[1].split(',').includes(instance));
        expect(hit, `${d.device.name} ${instance}`).toBeDefined();
        for (const [k, v] of Object.entries(s.txt)) expect(hit![2], `${d.device.name} TXT ${k}`).toContain(`${k}=${v}`);
      }
    }
  });

  it('SSDP devices and the router IGD announce themselves', async () => {
    const rows = await tsharkFields(pcap, 'ssdp && udp.dstport == 1900', ['ip.src', 'http.request.method', 'http.location', 'http.server']);
    const nts = await tsharkFields(pcap, 'ssdp && udp.dstport == 1900', ['ip.src', 'http.unknown_header']);
    for (const d of plan.devices.filter((x) => x.device.ssdp)) {
      const row = rows.find((r) => r[0] === d.ip && r[1] === 'NOTIFY');
      expect(row, d.device.name).toBeDefined();
      expect(row![2]).toBe(`http://${d.ip}:${d.device.ssdp!.port}/description.xml`);
      expect(row![3]).toBe(d.device.ssdp!.server);
    }
    expect(nts.some((r) => r[0] === '10.77.0.1' && r[1].includes('NT: urn:schemas-upnp-org:device:InternetGatewayDevice:1'))).toBe(true);
  });

  it('every device looks up its cloud names at its resolver and gets the lab address', async () => {
    const rows = await tsharkFields(pcap, '!mdns && dns.flags.response == 1', ['ip.dst', 'ip.src', 'dns.qry.name', 'dns.a']);
    for (const d of plan.devices) {
      for (const name of d.device.dns) {
        const hit = rows.find((r) => r[0] === d.ip && r[2] === name);
        expect(hit, `${d.device.name} ${name}`).toBeDefined();
        expect(hit!.slice(1)).toEqual([d.resolver, name, plan.domains[name]]);
      }
    }
  });

  it('TLS sessions open with a ClientHello naming the cloud (SNI)', async () => {
    const rows = await tsharkFields(pcap, 'tls.handshake.type == 1', ['ip.src', 'ip.dst', 'tls.handshake.extensions_server_name']);
    for (const d of plan.devices) {
      for (const t of d.device.traffic.filter((x) => x.kind === 'tls')) {
        expect(rows.some((r) => r[0] === d.ip && r[1] === plan.domains[t.to] && r[2] === t.to), `${d.device.name} ${t.to}`).toBe(true);
      }
    }
  });

  it('cameras upload continuously at about their configured rate', async () => {
    for (const d of plan.devices.filter((x) => x.device.family.startsWith('camera'))) {
      const t = d.device.traffic.find((x) => x.kind === 'upload')!;
      const rows = await tsharkFields(pcap, `ip.src == ${d.ip} && ip.dst == ${plan.domains[t.to]} && tcp.dstport == ${t.port}`, ['frame.time_relative', 'frame.len']);
      const times = rows.map((r) => Number(r[0]));
      const bytes = rows.reduce((sum, r) => sum + Number(r[1]), 0);
      const span = Math.max(...times) - Math.min(...times);
      expect(span, d.device.name).toBeGreaterThan(8);
      // Sustained: at least half the configured rate over the whole span, and no gap longer than 2 s.
      expect((bytes * 8) / span / 1000, d.device.name).toBeGreaterThan(t.rateKbps! / 2);
      const gaps = times.slice(1).map((x, i) => x - times[i]);
      expect(Math.max(...gaps), d.device.name).toBeLessThan(2);
    }
  });
});

describe('router UPnP IGD', () => {
  it('reports the scenario port mappings through GetGenericPortMappingEntry, then fault 713', async () => {
    // Ask from inside a device namespace: the root namespace never talks to 10.77.x.
    const script = `
      const ask = async (i) => {
        const body = '<?xml version="1.0"?><s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><u:GetGenericPortMappingEntry xmlns:u="urn:schemas-upnp-org:service:WANIPConnection:1"><NewPortMappingIndex>' + i + '</NewPortMappingIndex></u:GetGenericPortMappingEntry></s:Body></s:Envelope>';
        const r = await fetch('http://10.77.0.1:5000/ctl/IPConn', { method: 'POST', body, headers: { 'content-type': 'text/xml', soapaction: '"urn:schemas-upnp-org:service:WANIPConnection:1#GetGenericPortMappingEntry"' } });
        return [r.status, await r.text()];
      };
      const out = [];
      for (let i = 0; i < 4; i++) out.push(await ask(i));
      console.log(JSON.stringify(out));`;
    const { stdout } = await execFileP('ip', ['netns', 'exec', plan.devices[0].ns, process.execPath, '--input-type=module', '-e', script]);
    const replies = JSON.parse(stdout) as [number, string][];
    const mappings = plan.scenario.router.igd.mappings;
    expect(replies.map((r) => r[0])).toEqual([...mappings.map(() => 200), 500]);
    mappings.forEach((m, i) => {
      const ipOf = plan.devices.find((d) => d.device.name === m.internalClient)!.ip;
      expect(replies[i][1]).toContain(`<NewExternalPort>${m.externalPort}</NewExternalPort>`);
      expect(replies[i][1]).toContain(`<NewInternalClient>${ipOf}</NewInternalClient>`);
      expect(replies[i][1]).toContain(`<NewProtocol>${m.protocol}</NewProtocol>`);
    });
    expect(replies[mappings.length][1]).toContain('<errorCode>713</errorCode>');
  });
});
