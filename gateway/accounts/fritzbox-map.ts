/**
 * Pure mapping of FRITZ!Box TR-064 answers (ACCOUNTS.md §3a) to access entries: remote access, dynamic DNS,
 * MyFRITZ! registration and shares, port mappings, and logins from outside found in the event log.
 */
import type { AccessEntry } from '../contract.ts';
import { compileGlob } from '../../device-profiles/glob.ts';
import { accessPhrase, detailOf, makeEntry, type EntryContext } from './access-entry.ts';
import { isIP } from 'node:net';
import { isOutsideAddress } from './ip-scope.ts';
import type { LangText } from '../rules/render.ts';

type Out = Record<string, string>;
const on = (v: string | undefined): boolean => v === '1' || v === 'true';
const text = (v: string | undefined, max = 200): string | undefined => (v && v.trim() !== '' ? v.trim().slice(0, max) : undefined);

/** `X_AVM-DE_RemoteAccess` GetInfo: the settings page reachable from the internet. */
export function mapFritzRemoteAccess(out: Out, ctx: EntryContext): AccessEntry[] {
  if (!on(out.NewEnabled)) return [];
  const port = text(out.NewPort, 5);
  const user = text(out.NewUsername, 64);
  return [
    makeEntry(ctx, {
      key: 'remote-access',
      kind: 'remote-admin',
      label: port ? accessPhrase('fritz-remote-label-port', { port }) : accessPhrase('fritz-remote-label'),
      detail: detailOf([user && ['fritz-user', { user }]]),
      outside: true,
    }),
  ];
}

/** "The internet name … points to this home (dynamic DNS …)", shared with OpenWrt's DDNS services. */
export function ddnsLabel(domain: string | undefined, provider: string | undefined): LangText {
  const name = domain ?? accessPhrase('account-ddns-unnamed');
  return provider ? accessPhrase('account-ddns-label-provider', { name, provider }) : accessPhrase('account-ddns-label', { name });
}

/** `X_AVM-DE_RemoteAccess` GetDDNSInfo: a dynamic DNS name for the home. */
export function mapFritzDdns(out: Out, ctx: EntryContext): AccessEntry[] {
  if (!on(out.NewEnabled)) return [];
  const domain = text(out.NewDomain, 253);
  const provider = text(out.NewProviderName, 100);
  const account = text(out.NewUsername, 100);
  const status = text(out.NewStatusIPv4, 40);
  return [
    makeEntry(ctx, {
      key: 'ddns',
      kind: 'cloud-account',
      label: ddnsLabel(domain, provider),
      detail: detailOf([account && ['account-ddns-account', { account }], status && ['account-ddns-status', { status }]]),
      outside: true,
    }),
  ];
}

/** `X_AVM-DE_MyFritz` GetInfo: registered with a MyFRITZ! account (remote access through AVM's service). */
export function mapFritzMyFritz(out: Out, ctx: EntryContext): AccessEntry[] {
  if (!on(out.NewEnabled)) return [];
  const name = text(out.NewDynDNSName, 253);
  const port = text(out.NewPort, 5);
  return [
    makeEntry(ctx, {
      key: 'myfritz',
      kind: 'cloud-account',
      label: name ? accessPhrase('fritz-myfritz-label-name', { name }) : accessPhrase('fritz-myfritz-label'),
      detail: detailOf([on(out.NewDeviceRegistered) ? 'fritz-registered' : 'fritz-not-registered', port && ['account-port', { port }]]),
      outside: true,
    }),
  ];
}

/** `X_AVM-DE_MyFritz` GetServiceByIndex: one MyFRITZ! share to a device at home. */
export function mapFritzMyFritzService(out: Out, index: number, ctx: EntryContext): AccessEntry[] {
  if (!on(out.NewEnabled)) return [];
  const host = text(out.NewHostName, 100) ?? text(out.NewIPv4Address, 64);
  const target = host ?? accessPhrase('fritz-a-device');
  const scheme = text(out.NewScheme, 10);
  const address = text(out.NewIPv4Address, 64);
  return [
    makeEntry(ctx, {
      key: `myfritz-share-${index}`,
      kind: 'remote-admin',
      label: accessPhrase('fritz-share-label', { name: text(out.NewName, 100) ?? String(index), target }),
      detail: detailOf([scheme && ['fritz-share-port', { scheme, port: text(out.NewPort, 5) ?? '?' }], address && ['fritz-share-address', { address }]]),
      outside: true,
    }),
  ];
}

/** `WANIPConnection`/`WANPPPConnection` GetGenericPortMappingEntry. */
export function mapFritzPortMapping(out: Out, key: string, ctx: EntryContext): AccessEntry[] {
  if (!on(out.NewEnabled)) return [];
  const proto = text(out.NewProtocol, 5) ?? 'TCP';
  const client = text(out.NewInternalClient, 64) ?? '?';
  const description = text(out.NewPortMappingDescription, 100);
  const host = text(out.NewRemoteHost, 64);
  return [
    makeEntry(ctx, {
      key: `forward-${key}`,
      kind: 'port-mapping',
      label: accessPhrase('port-mapping-label', { from: '', protocol: proto, port: text(out.NewExternalPort, 5) ?? '?', target: `${client}:${text(out.NewInternalPort, 5) ?? '?'}` }),
      detail: detailOf([description && ['description', { description }], host && ['account-only-from', { host }]]),
      outside: true,
    }),
  ];
}

/**
 * `DeviceInfo` GetDeviceLog: login lines (matched by `patterns`) whose source address is outside the home.
 * Returns the entries and how many login lines were seen in all.
 */
export function mapFritzLoginLines(log: string, patterns: readonly string[], ctx: EntryContext, max: number): { entries: AccessEntry[]; logins: number } {
  const globs = patterns.map(compileGlob);
  const entries: AccessEntry[] = [];
  let logins = 0;
  for (const line of log.split(/\r?\n/).slice(0, 5000)) {
    const l = line.trim().slice(0, 500);
    if (!l || !globs.some((g) => g.test(l))) continue;
    logins++;
    // The source address is the last address-shaped token of the line (times like 02:13:44 are not addresses).
    const ip = (l.match(/(?:\d{1,3}\.){3}\d{1,3}|[0-9a-f]*:[0-9a-f:]+/gi) ?? []).filter((x) => isIP(x) !== 0).pop();
    if (!ip || isOutsideAddress(ip) !== true || entries.length >= max) continue;
    const user = /(?:Benutzers|user)\s+(\S+)/i.exec(l)?.[1];
    const failed = /gescheitert|failed/i.test(l);
    entries.push(
      makeEntry(ctx, {
        key: `login-${entries.length}`,
        kind: 'session',
        label: user
          ? accessPhrase(failed ? 'fritz-login-failed-label-user' : 'fritz-login-label-user', { user, ip })
          : accessPhrase(failed ? 'fritz-login-failed-label' : 'fritz-login-label', { ip }),
        detail: [accessPhrase('fritz-log-line', { line: l })],
        outside: true,
      }),
    );
  }
  return { entries, logins };
}
