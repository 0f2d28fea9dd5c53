/**
 * A realistic audit for the export tests: the real `homesweep analyze --json` output for the lab capture
 * (generated here, not committed), plus the kind of personal details a real home adds (owners' names in
 * device names, an account e-mail, checklist answers, comments).
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { AuditExport, Device } from '../../../gateway/contract.ts';
import { buildAuditExport } from '../../../gateway/audit/export.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** Runs the real CLI on test/fixtures/lab-home-12.pcap and returns its audit export. */
export function analyzeLabCapture(): AuditExport {
  const out = execFileSync('npx', ['tsx', 'gateway/main.ts', 'analyze', 'test/fixtures/lab-home-12.pcap', '--json'], {
    cwd: ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(out) as AuditExport;
}

/** The personal names the household details below contain. */
export const HOUSEHOLD_NAMES = ['Maria', 'Lucía', 'Lucia', 'Jorge'];

/** Adds owners' names, an iPhone with an account, a live-view finding, checklist answers and comments. */
export function withHousehold(base: AuditExport): AuditExport {
  const doc = structuredClone(base);
  const phone = doc.devices.find((d) => d.category === 'phone')!;
  const oldName = phone.hostnames[0]!;
  phone.hostnames = ['Marias-Galaxy-S21'];
  phone.names = ["Maria's Galaxy S21"];
  for (const f of doc.findings) f.summary = f.summary.replace(oldName, "Maria's Galaxy S21");
  const iphone: Device = {
    id: 'mac-a483e7123456',
    mac: 'a4:83:e7:12:34:56',
    randomizedMac: false,
    ips: ['192.168.1.77', 'fe80::1c2d:3e4f:5a6b:7c8d'],
    hostnames: ['iPhone-de-Lucia'],
    names: ['iPhone de Lucía'],
    category: 'phone',
    capabilities: ['camera', 'mic', 'location'],
    access: [
      { id: 'icloud:mac-a483e7123456', kind: 'cloud-account', label: 'Signed in to the Apple account lucia.garcia@example.com', detail: 'last sign-in from 81.2.69.160', source: 'test', notice: 'N1', outside: true, at: doc.audit.startedAt },
      { id: 'ha-user:jorge', kind: 'user', label: 'Home Assistant user jorge', source: 'home-assistant', notice: 'N2', at: doc.audit.startedAt },
    ],
    firstSeen: doc.audit.startedAt,
    lastSeen: doc.audit.endedAt!,
    traffic: { bytesUp: 10, bytesDown: 20, peers: [{ ip: '81.2.69.160', name: 'gateway.icloud.com', bytesUp: 10, bytesDown: 20, packets: 2, ports: [443], firstSeen: doc.audit.startedAt, lastSeen: doc.audit.startedAt }] },
  };
  doc.devices.push(iphone);
  const camera = doc.devices.find((d) => d.category === 'camera')!;
  const camMac = camera.mac!;
  doc.findings.push({
    id: 'f-0123456789abcdef0123',
    rule: 'HS-STREAM-0002',
    device: camera.id,
    severity: 'medium',
    title: 'Uploads much more than usual, like a live view',
    summary: `Camera "${camera.hostnames[0]}" (${camera.mac}, ${camera.ips[0]}) sent 2.1 Mbit/s to the internet for 130 seconds (19:25:03 to 19:27:13 UTC), 9 times its usual 230 kbit/s.`,
    evidence: [{ at: doc.audit.startedAt, kind: 'flow', detail: `upload from ${camMac.toUpperCase()} / ${camMac.replace(/:/g, '-')} to 81.2.69.160 while iPhone de Lucía was at ${iphone.ips[0]} (${iphone.ips[1]})` }],
    firstSeen: doc.audit.startedAt,
    lastSeen: doc.audit.endedAt!,
    count: 1,
    advice: 'Someone may have opened this device’s live view.',
  });
  doc.checklist.push({
    id: 'check-ring-shared',
    device: camera.id,
    text: 'Check who can see this camera in its app',
    why: 'Shared users can watch live.',
    noticeRisk: 'Looking is not visible; removing a user is.',
    status: 'done',
    answer: "Jorge set it up from Maria's Galaxy S21; he also had lucia.garcia@example.com",
    note: `The camera was at ${camera.ips[0]} and answered from ${camera.mac}.`,
    updatedAt: doc.audit.endedAt!,
  });
  doc.comments.push(
    { id: 'c-1', target: { kind: 'device', id: camera.id }, author: 'Maria', text: `I never set up ${camera.hostnames[0]}; Lucía did.`, at: doc.audit.endedAt! },
    { id: 'c-2', target: { kind: 'finding', id: 'f-0123456789abcdef0123' }, author: 'advocate', text: 'Record the live-view times before changing anything.', at: doc.audit.endedAt! },
  );
  return buildAuditExport(doc);
}
