/**
 * Router port mappings (UPnP IGD, discovery/upnp-igd.ts) as access entries: each enabled mapping makes the
 * device reachable from the internet. Pure; the mappings are already on `Device.portMappings`.
 */
import type { AccessEntry, Device } from '../../gateway/contract.ts';

function what(device: Device): string {
  const name = device.names[0] ?? device.profile?.name;
  if (name) return name;
  return device.category === 'unknown' ? 'this device' : device.category.replace(/-/g, ' ');
}

/** One `port-mapping` entry per mapping of the device, `outside: true` when the mapping is switched on. */
export function portMappingEntries(device: Device, at: string): AccessEntry[] {
  const seen = new Set<string>();
  const out: AccessEntry[] = [];
  for (const m of device.portMappings ?? []) {
    const id = `port-mapping:${device.id}:${m.protocol}:${m.externalPort}`;
    if (seen.has(id)) continue;
    seen.add(id);
    const target = m.internalPort === m.externalPort ? what(device) : `${what(device)} port ${m.internalPort}`;
    const from = m.remoteHost ? ` (only from ${m.remoteHost})` : '';
    const detail = [
      `router forwards ${m.protocol} ${m.externalPort} to ${m.internalClient}:${m.internalPort}`,
      m.description ? `description: ${m.description}` : undefined,
      m.leaseDuration ? `lease: ${m.leaseDuration} s` : 'lease: permanent',
      m.enabled ? undefined : 'the mapping is switched off',
    ].filter(Boolean).join('; ');
    out.push({
      id,
      kind: 'port-mapping',
      label: `${m.enabled ? 'Reachable' : 'Set up to be reachable'} from the internet${from}: ${m.protocol} ${m.externalPort} → ${target}`,
      detail,
      source: 'upnp-igd',
      notice: 'N0',
      outside: m.enabled,
      at,
    });
  }
  return out;
}
