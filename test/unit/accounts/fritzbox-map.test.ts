import { describe, expect, it } from 'vitest';
import type { EntryContext } from '../../../gateway/accounts/access-entry.ts';
import {
  mapFritzDdns, mapFritzLoginLines, mapFritzMyFritz, mapFritzMyFritzService, mapFritzPortMapping, mapFritzRemoteAccess,
} from '../../../gateway/accounts/fritzbox-map.ts';
import { expectEveryLanguage } from './entry-texts.ts';

const ctx: EntryContext = { source: 'fritzbox-tr064', notice: 'N1', device: 'box', at: '2026-11-27T20:00:00.000Z' };
const patterns = ['*Anmeldung*IP-Adresse*', '*logged in*IP address*', '*login*IP address*'];

describe('FRITZ!Box mapping', () => {
  it.each([
    [mapFritzRemoteAccess, { NewEnabled: '1', NewPort: '46123', NewUsername: 'alex' }, 'The FRITZ!Box settings can be opened from the internet on port 46123'],
    [mapFritzRemoteAccess, { NewEnabled: '0', NewPort: '443' }, undefined],
    [mapFritzDdns, { NewEnabled: '1', NewDomain: 'home.dyndns.org', NewProviderName: 'DynDNS' }, 'The internet name home.dyndns.org points to this home (dynamic DNS at DynDNS)'],
    [mapFritzDdns, { NewEnabled: '0' }, undefined],
    [mapFritzMyFritz, { NewEnabled: '1', NewDeviceRegistered: '1', NewDynDNSName: 'abc.myfritz.net' }, 'Linked to a MyFRITZ! account, reachable as abc.myfritz.net'],
    [mapFritzMyFritz, {}, undefined],
  ])('%o %#', (fn, out, label) => {
    const entries = fn(out, ctx);
    expect(entries[0]?.label).toBe(label);
    if (label) expect(entries[0]!.outside).toBe(true);
  });

  it('maps MyFRITZ! shares and enabled port mappings only', () => {
    expect(mapFritzMyFritzService({ NewEnabled: '1', NewName: 'Kamera', NewHostName: 'cam', NewScheme: 'https://', NewPort: '8443' }, 0, ctx)[0]?.label)
      .toBe('MyFRITZ! share "Kamera" lets the internet reach cam');
    expect(mapFritzMyFritzService({ NewEnabled: '0', NewName: 'x' }, 1, ctx)).toEqual([]);
    expect(mapFritzPortMapping({ NewEnabled: '1', NewProtocol: 'TCP', NewExternalPort: '8554', NewInternalClient: '192.168.178.20', NewInternalPort: '554' }, 'ip-0', ctx)[0]?.label)
      .toBe('Reachable from the internet: TCP 8554 → 192.168.178.20:554');
    expect(mapFritzPortMapping({ NewEnabled: '0' }, 'ip-1', ctx)).toEqual([]);
  });

  it('finds logins from outside in the event log, German and English', () => {
    const log = [
      '27.11.26 02:13:44 Anmeldung des Benutzers alex an der FRITZ!Box-Benutzeroberfläche von IP-Adresse 203.0.113.9.',
      '26.11.26 19:02:10 Anmeldung des Benutzers maria an der FRITZ!Box-Benutzeroberfläche von IP-Adresse 192.168.178.23.',
      '26.11.26 08:00:00 Internetverbindung wurde erfolgreich hergestellt. IP-Adresse: 198.51.100.77',
      '25.11.26 23:00:01 User alex logged in to the FRITZ!Box user interface from IP address 2001:db8::7.',
      '25.11.26 22:00:00 Anmeldung des Benutzers alex an der FRITZ!Box-Benutzeroberfläche von IP-Adresse 198.51.100.2 gescheitert (falsches Kennwort).',
    ].join('\n');
    const r = mapFritzLoginLines(log, patterns, ctx, 10);
    expect(r.logins).toBe(4);
    expect(r.entries.map((e) => e.label)).toEqual([
      'Login to the FRITZ!Box from outside the home as alex (203.0.113.9)',
      'Login to the FRITZ!Box from outside the home as alex (2001:db8::7)',
      'Failed login to the FRITZ!Box from outside the home as alex (198.51.100.2)',
    ]);
    expect(mapFritzLoginLines('', patterns, ctx, 10)).toEqual({ entries: [], logins: 0 });
  });

  it('writes every entry in Spanish and Brazilian Portuguese too, with every value filled in', () => {
    const log = [
      '27.11.26 02:13:44 Anmeldung des Benutzers alex an der FRITZ!Box-Benutzeroberfläche von IP-Adresse 203.0.113.9.',
      '25.11.26 22:00:00 Anmeldung des Benutzers alex an der FRITZ!Box-Benutzeroberfläche von IP-Adresse 198.51.100.2 gescheitert (falsches Kennwort).',
      '24.11.26 21:00:00 Anmeldung an der FRITZ!Box-Benutzeroberfläche von IP-Adresse 198.51.100.3.',
      '24.11.26 20:00:00 Anmeldung an der FRITZ!Box-Benutzeroberfläche von IP-Adresse 198.51.100.4 gescheitert.',
    ].join('\n');
    const entries = [
      ...mapFritzRemoteAccess({ NewEnabled: '1', NewPort: '46123', NewUsername: 'alex' }, ctx),
      ...mapFritzRemoteAccess({ NewEnabled: '1' }, ctx),
      ...mapFritzDdns({ NewEnabled: '1', NewDomain: 'home.dyndns.org', NewProviderName: 'DynDNS', NewUsername: 'alex', NewStatusIPv4: 'Successful' }, ctx),
      ...mapFritzDdns({ NewEnabled: '1' }, ctx),
      ...mapFritzMyFritz({ NewEnabled: '1', NewDeviceRegistered: '1', NewDynDNSName: 'abc.myfritz.net', NewPort: '46123' }, ctx),
      ...mapFritzMyFritz({ NewEnabled: '1', NewDeviceRegistered: '0' }, ctx),
      ...mapFritzMyFritzService({ NewEnabled: '1', NewName: 'Kamera', NewHostName: 'cam', NewScheme: 'https://', NewPort: '8443', NewIPv4Address: '192.168.178.20' }, 0, ctx),
      ...mapFritzMyFritzService({ NewEnabled: '1', NewName: 'NAS' }, 1, ctx),
      ...mapFritzPortMapping({ NewEnabled: '1', NewProtocol: 'TCP', NewExternalPort: '8554', NewInternalClient: '192.168.178.20', NewInternalPort: '554', NewPortMappingDescription: 'camera stream', NewRemoteHost: '198.51.100.8' }, 'ip-0', ctx),
      ...mapFritzLoginLines(log, ['*Anmeldung*IP-Adresse*'], ctx, 10).entries,
    ];
    expectEveryLanguage(entries, 13);
    expect(entries[0]!.texts?.label.es).toBe('Los ajustes de la FRITZ!Box se pueden abrir desde internet en el puerto 46123');
    expect(entries.at(-3)!.texts?.label['pt-BR']).toBe('Tentativa de login sem sucesso na FRITZ!Box de fora de casa como alex (198.51.100.2)');
  });
});
