/** One device as plain text lines for the terminal, shared by `analyze` and `discover`. */
import type { Device } from '../contract.ts';
import { formatBytes } from './format.ts';

export interface DeviceTextOptions {
  /** Busiest remote peers to list (0: none, and no traffic line). */
  peers?: number;
  /** List the mDNS / SSDP service types it announced. */
  services?: boolean;
  /** Show how sure the identification is. */
  confidence?: boolean;
  /** Words for a device's hint ("could be a camera: …"); without it no hint line. */
  hintText?: (hint: NonNullable<Device['hint']>) => string;
}

export function describeDevice(d: Device, opts: DeviceTextOptions = {}): string[] {
  const sure = opts.confidence && d.profile ? `, ${Math.round(d.profile.confidence * 100)}% sure` : '';
  const what = d.profile ? `${d.profile.name} (${d.category}${sure})` : d.category === 'unknown' ? 'not recognised' : d.category;
  const lines = [`• ${d.isGateway ? '[router] ' : ''}${d.mac ?? d.ips[0] ?? d.id}  ${what}`];
  if (d.hint && opts.hintText) lines.push(`    ${opts.hintText(d.hint)}`);
  const facts: string[] = [];
  if (d.ips.length) facts.push(`IP ${d.ips.slice(0, 3).join(', ')}${d.ips.length > 3 ? ' …' : ''}`);
  if (d.vendor) facts.push(`maker (from MAC) ${d.vendor}`);
  if (d.randomizedMac) facts.push('private (randomised) MAC');
  if (facts.length) lines.push(`    ${facts.join(' · ')}`);
  if (d.hostnames.length) lines.push(`    host names: ${d.hostnames.slice(0, 5).join(', ')}`);
  if (d.names.length) lines.push(`    announced as: ${d.names.slice(0, 5).join(', ')}`);
  if (opts.services && d.services?.length) lines.push(`    services: ${d.services.slice(0, 8).join(', ')}`);
  if (d.capabilities.length) lines.push(`    can: ${d.capabilities.join(', ')}`);
  for (const m of d.portMappings ?? []) {
    lines.push(`    can be reached from the internet: ${m.protocol} port ${m.externalPort} → ${m.internalPort}${m.description ? ` (${m.description})` : ''}`);
  }
  const peers = opts.peers ?? 0;
  if (peers > 0) {
    lines.push(`    traffic: ${formatBytes(d.traffic.bytesUp)} sent, ${formatBytes(d.traffic.bytesDown)} received`);
    for (const p of d.traffic.peers.slice(0, peers)) {
      lines.push(`      ${(p.name ?? p.ip).padEnd(40)} ↑ ${formatBytes(p.bytesUp).padStart(8)}  ↓ ${formatBytes(p.bytesDown).padStart(8)}`);
    }
  }
  return lines;
}
