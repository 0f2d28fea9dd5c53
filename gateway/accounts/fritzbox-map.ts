/**
 * Pure mapping of FRITZ!Box TR-064 answers (ACCOUNTS.md §3a) to access entries: remote access, dynamic DNS,
 * MyFRITZ! registration and shares, port mappings, and logins from outside found in the event log.
 */
import type { AccessEntry } from '../contract.ts';
import { compileGlob } from '../../device-profiles/glob.ts';
import { detailOf, makeEntry, type EntryContext } from './access-entry.ts';
import { isIP } from 'node:net';
import { isOutsideAddress } from './ip-scope.ts';

type Out = Record<string, string>;
const on = (v: string | undefined): boolean => v === '1' || v === 'true';
const text = (v: string | undefined, max = 200): string | undefined => (v && v.trim() !== '' ? v.trim().slice(0, max) : undefined);

/** `X_AVM-DE_RemoteAccess` GetInfo: the settings page reachable from the internet. */
export function mapFritzRemoteAccess(out: Out, ctx: EntryContext): AccessEntry[] {
  if (!on(out.NewEnabled)) return [];
  return [
    makeEntry(ctx, {
      key: 'remote-access',
      kind: 'remote-admin',
      label: `The FRITZ!Box settings can be opened from the internet${text(out.NewPort, 5) ? ` on port ${text(out.NewPort, 5)}` : ''}`,
      detail: detailOf([text(out.NewUsername, 64) && `user ${text(out.NewUsername, 64)}`]),
      outside: true,
    }),
  ];
}

/** `X_AVM-DE_RemoteAccess` GetDDNSInfo: a dynamic DNS name for the home. */
export function mapFritzDdns(out: Out, ctx: EntryContext): AccessEntry[] {
  if (!on(out.NewEnabled)) return [];
  const domain = text(out.NewDomain, 253);
  const provider = text(out.NewProviderName, 100);
  return [
    makeEntry(ctx, {
      key: 'ddns',
      kind: 'cloud-account',
      label: `The internet name ${domain ?? '(unnamed)'} points to this home (dynamic DNS${provider ? ` at ${provider}` : ''})`,
      detail: detailOf([text(out.NewUsername, 100) && `account ${text(out.NewUsername, 100)}`, text(out.NewStatusIPv4, 40) && `status ${text(out.NewStatusIPv4, 40)}`]),
      outside: true,
    }),
  ];
}

/** `X_AVM-DE_MyFritz` GetInfo: registered with a MyFRITZ! account (remote access through AVM's service). */
export function mapFritzMyFritz(out: Out, ctx: EntryContext): AccessEntry[] {
  if (!on(out.NewEnabled)) return [];
  const name = text(out.NewDynDNSName, 253);
  return [
    makeEntry(ctx, {
      key: 'myfritz',
      kind: 'cloud-account',
      label: `Linked to a MyFRITZ! account${name ? `, reachable as ${name}` : ''}`,
      detail: detailOf([on(out.NewDeviceRegistered) ? 'registered' : 'not registered yet', text(out.NewPort, 5) && `port ${text(out.NewPort, 5)}`]),
      outside: true,
    }),
  ];
}

/** `X_AVM-DE_MyFritz` GetServiceByIndex: one MyFRITZ! share to a device at home. */
export function mapFritzMyFritzService(out: Out, index: number, ctx: EntryContext): AccessEntry[] {
  if (!on(out.NewEnabled)) return [];
  const target = text(out.NewHostName, 100) ?? text(out.NewIPv4Address, 64) ?? 'a device';
  return [
    makeEntry(ctx, {
      key: `myfritz-share-${index}`,
      kind: 'remote-admin',
      label: `MyFRITZ! share "${text(out.NewName, 100) ?? index}" lets the internet reach ${target}`,
      detail: detailOf([text(out.NewScheme, 10) && `${text(out.NewScheme, 10)} port ${text(out.NewPort, 5) ?? '?'}`, text(out.NewIPv4Address, 64)]),
      outside: true,
    }),
  ];
}

/** `WANIPConnection`/`WANPPPConnection` GetGenericPortMappingEntry. */
export function mapFritzPortMapping(out: Out, key: string, ctx: EntryContext): AccessEntry[] {
  if (!on(out.NewEnabled)) return [];
  const proto = text(out.NewProtocol, 5) ?? 'TCP';
  const client = text(out.NewInternalClient, 64) ?? '?';
  return [
    makeEntry(ctx, {
      key: `forward-${key}`,
      kind: 'port-mapping',
      label: `Reachable from the internet: ${proto} ${text(out.NewExternalPort, 5) ?? '?'} → ${client}:${text(out.NewInternalPort, 5) ?? '?'}`,
      detail: detailOf([text(out.NewPortMappingDescription, 100) && `"${text(out.NewPortMappingDescription, 100)}"`, text(out.NewRemoteHost, 64) && `only from ${text(out.NewRemoteHost, 64)}`]),
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
        label: `${failed ? 'Failed login' : 'Login'} to the FRITZ!Box from outside the home${user ? ` as ${user}` : ''} (${ip})`,
        detail: l,
        outside: true,
      }),
    );
  }
  return { entries, logins };
}
