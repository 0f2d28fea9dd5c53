/** A small hand-made audit export for the parser, diff, merge and report tests. */
import type { AuditExport, Device, Finding } from '../../../gateway/contract.ts';
import { buildAuditExport } from '../../../gateway/audit/export.ts';

export function device(mac: string, over: Partial<Device> = {}): Device {
  return {
    id: `mac-${mac.replace(/:/g, '')}`,
    mac,
    randomizedMac: false,
    ips: ['192.168.1.20'],
    hostnames: [],
    names: [],
    category: 'camera',
    capabilities: ['camera', 'mic'],
    firstSeen: '2026-03-01T10:00:00.000Z',
    lastSeen: '2026-03-01T11:00:00.000Z',
    traffic: { bytesUp: 100, bytesDown: 50, peers: [] },
    ...over,
  };
}

export function finding(rule: string, dev: string, over: Partial<Finding> = {}): Finding {
  return {
    id: `f-${rule}-${dev}`,
    rule,
    device: dev,
    severity: 'medium',
    title: `Title of ${rule}`,
    summary: `Summary of ${rule} on ${dev}`,
    evidence: [{ at: '2026-03-01T10:05:00.000Z', kind: 'flow', detail: 'sent 2 MB' }],
    firstSeen: '2026-03-01T10:05:00.000Z',
    lastSeen: '2026-03-01T10:06:00.000Z',
    count: 1,
    advice: 'Check the app.',
    ...over,
  };
}

export function smallAudit(over: Partial<Parameters<typeof buildAuditExport>[0]> = {}): AuditExport {
  const cam = device('aa:bb:cc:00:00:01');
  const plug = device('aa:bb:cc:00:00:02', { category: 'smart-plug', capabilities: ['remote-control'], ips: ['192.168.1.21'] });
  return buildAuditExport({
    audit: { id: 'audit-1', title: 'Visit', startedAt: '2026-03-01T10:00:00.000Z', endedAt: '2026-03-01T11:00:00.000Z', mode: 'live', sources: ['capture'] },
    devices: [cam, plug],
    findings: [finding('HS-REMOTE-0004', cam.id), finding('HS-DEVICE-0001', cam.id, { severity: 'info' })],
    checklist: [{ id: 'k1', device: cam.id, text: 'Check shared users', why: 'They can watch.', noticeRisk: 'Removing one is visible.', status: 'todo', updatedAt: '2026-03-01T10:30:00.000Z' }],
    comments: [],
    ...over,
  });
}
