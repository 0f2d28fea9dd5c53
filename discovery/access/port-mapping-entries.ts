/**
 * Router port mappings (UPnP IGD, discovery/upnp-igd.ts) as access entries: each enabled mapping makes the
 * device reachable from the internet. Pure; the mappings are already on `Device.portMappings`.
 */
import type { AccessEntry, Device } from '../../gateway/contract.ts';
import { categoryWord, wrapped } from '../../gateway/rules/phrases.ts';
import { ownName, type LangText } from '../../gateway/rules/render.ts';
import { accessPhrase, entryWords } from './access-text.ts';

/** The device by the name it goes by, else by what it is in every language ("camera", "câmera"). */
function what(device: Device): string | LangText {
  const name = ownName(device);
  if (name) return name;
  return device.category === 'unknown' ? accessPhrase('this-device') : categoryWord(device.category);
}

/** One `port-mapping` entry per mapping of the device, `outside: true` when the mapping is switched on. */
export function portMappingEntries(device: Device, at: string): AccessEntry[] {
  const seen = new Set<string>();
  const out: AccessEntry[] = [];
  for (const m of device.portMappings ?? []) {
    const id = `port-mapping:${device.id}:${m.protocol}:${m.externalPort}`;
    if (seen.has(id)) continue;
    seen.add(id);
    const target = m.internalPort === m.externalPort ? what(device) : accessPhrase('port-mapping-target-port', { what: what(device), port: String(m.internalPort) });
    const from = m.remoteHost ? wrapped(accessPhrase('port-mapping-only-from', { host: m.remoteHost }), ' ') : '';
    const detail = [
      accessPhrase('port-mapping-forwards', { protocol: m.protocol, external: String(m.externalPort), client: m.internalClient, port: String(m.internalPort) }),
      ...(m.description ? [accessPhrase('description', { description: m.description })] : []),
      m.leaseDuration ? accessPhrase('lease', { seconds: String(m.leaseDuration) }) : accessPhrase('lease-permanent'),
      ...(m.enabled ? [] : [accessPhrase('port-mapping-off')]),
    ];
    const label = accessPhrase(m.enabled ? 'port-mapping-label' : 'port-mapping-label-off', { from, protocol: m.protocol, port: String(m.externalPort), target });
    out.push({
      id,
      kind: 'port-mapping',
      ...entryWords(label, detail),
      source: 'upnp-igd',
      notice: 'N0',
      outside: m.enabled,
      at,
    });
  }
  return out;
}
