/**
 * The strong signals a profile claims, as comparable keys. Two profiles of the same priority must not claim the
 * same key (the corpus test), and the generator leaves out a signal several generated profiles would claim.
 */
import type { Profile } from './schema.ts';

type Claimable = Pick<Profile, 'match'>;

/** Keys of the strong signals in `p.match`: host names, HomeKit codes, domains, mDNS type+qualifiers, TXT, SSDP. */
export function claimKeys(p: Claimable): string[] {
  const keys: string[] = [];
  const m = p.match;
  for (const h of m.dhcpHostname ?? []) {
    // A host name that counts only with given MAC prefixes is a different claim for each set of prefixes.
    keys.push(typeof h === 'string' ? `dhcpHostname:${h.toLowerCase()}` : `dhcpHostname:${h.pattern.toLowerCase()}+${[...h.oui].sort().join('|').toUpperCase()}`);
  }
  for (const ci of m.homekitCategory ?? []) keys.push(`homekitCategory:${ci}`);
  for (const d of m.domains ?? []) keys.push(`domain:${d}`);
  // mDNS: a type together with the names and TXT values that narrow it is one claim.
  const qualifiers = [...(m.mdnsName ?? []).map((n) => `name=${n.toLowerCase()}`),
    ...(m.mdnsTxt ?? []).map((t) => `${t.key.toLowerCase()}=${t.pattern.toLowerCase()}`)].sort().join(',');
  for (const t of m.mdnsType ?? []) keys.push(`mdns:${t.toLowerCase()}|${qualifiers}`);
  for (const t of m.mdnsTxt ?? []) keys.push(`mdnsTxt:${t.key.toLowerCase()}=${t.pattern.toLowerCase()}`);
  const manufacturers = (m.ssdp ?? []).filter((s) => s.field === 'manufacturer').map((s) => s.pattern.toLowerCase());
  const models = (m.ssdp ?? []).filter((s) => s.field === 'modelName').map((s) => s.pattern.toLowerCase());
  for (const man of manufacturers) for (const mod of models.length ? models : ['']) keys.push(`ssdp:${man}+${mod}`);
  for (const s of m.ssdp ?? []) if (s.field === 'st' || s.field === 'deviceType') keys.push(`ssdp:${s.field}=${s.pattern.toLowerCase()}`);
  return keys;
}
