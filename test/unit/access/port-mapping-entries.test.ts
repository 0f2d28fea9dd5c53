import { describe, expect, it } from 'vitest';
import { portMappingEntries } from '../../../discovery/access/port-mapping-entries.ts';
import { device } from './helpers.ts';

const at = '2026-01-01T00:00:00Z';

describe('portMappingEntries', () => {
  it('says which port reaches which device from the internet', () => {
    const cam = device('cam', '192.168.1.30', { category: 'camera', portMappings: [{ protocol: 'TCP', externalPort: 554, internalClient: '192.168.1.30', internalPort: 554, enabled: true, description: 'rtsp' }] });
    expect(portMappingEntries(cam, at)).toEqual([
      { id: 'port-mapping:cam:TCP:554', kind: 'port-mapping', label: 'Reachable from the internet: TCP 554 → camera', detail: 'router forwards TCP 554 to 192.168.1.30:554; description: rtsp; lease: permanent', source: 'upnp-igd', notice: 'N0', outside: true, at,
        texts: {
          label: { en: 'Reachable from the internet: TCP 554 → camera', es: 'Accesible desde internet: TCP 554 → cámara', 'pt-BR': 'Acessível pela internet: TCP 554 → câmera' },
          detail: {
            en: 'router forwards TCP 554 to 192.168.1.30:554; description: rtsp; lease: permanent',
            es: 'el router reenvía TCP 554 a 192.168.1.30:554; descripción: rtsp; concesión: permanente',
            'pt-BR': 'o roteador encaminha TCP 554 para 192.168.1.30:554; descrição: rtsp; concessão: permanente',
          },
        } },
    ]);
  });

  it.each([
    ['a different inside port and a name', { names: ['Baby cam'] }, { externalPort: 8080, internalPort: 80 }, 'Reachable from the internet: TCP 8080 → Baby cam port 80', true],
    ['a mapping limited to one remote host', {}, { remoteHost: '203.0.113.9' }, 'Reachable from the internet (only from 203.0.113.9): TCP 554 → this device', true],
    ['a switched-off mapping', {}, { enabled: false }, 'Set up to be reachable from the internet: TCP 554 → this device', false],
  ])('%s', (_n, dev, map, label, outside) => {
    const d = device('d', '192.168.1.5', { ...dev, portMappings: [{ protocol: 'TCP', externalPort: 554, internalClient: '192.168.1.5', internalPort: 554, enabled: true, ...map }] });
    const [e] = portMappingEntries(d, at);
    expect(e!.label).toBe(label);
    expect(e!.outside).toBe(outside);
  });

  it('lists a duplicated mapping once and a device without mappings not at all', () => {
    const m = { protocol: 'UDP' as const, externalPort: 32100, internalClient: '192.168.1.5', internalPort: 32100, enabled: true, leaseDuration: 3600 };
    expect(portMappingEntries(device('d', '192.168.1.5', { portMappings: [m, m] }), at)).toHaveLength(1);
    expect(portMappingEntries(device('d', '192.168.1.5'), at)).toEqual([]);
  });
});
