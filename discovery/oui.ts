/**
 * MAC vendor lookup from the IEEE registries (oui-data: MA-L, MA-M and MA-S merged), longest prefix first, and
 * the locally-administered bit that marks randomised MACs. The registrant often names the Wi-Fi module maker,
 * not the brand: identification treats it as weak evidence.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

// The registry is a 5.6 MB JSON object keyed by hex prefix. A home has a few dozen MACs, so instead of parsing it
// all (≈25 MB of heap for the whole run) the raw bytes are kept and each prefix is found with a byte search.
let raw: Buffer | undefined;
const cache = new Map<string, string | null>();
const REGISTRATION_AUTHORITY = 'IEEE Registration Authority';

function entry(key: string): string | null {
  let hit = cache.get(key);
  if (hit !== undefined) return hit;
  if (!raw) raw = readFileSync(createRequire(import.meta.url).resolve('oui-data'));
  hit = null;
  const at = raw.indexOf(`"${key}":`);
  const open = at >= 0 ? raw.indexOf('"', at + key.length + 3) : -1;
  if (open >= 0) {
    // The value is a JSON string (the registry has no escaped quotes); its first line is the organisation's name.
    const start = open + 1;
    const end = raw.indexOf('"', start);
    const text = JSON.parse(`"${raw.toString('utf8', start, end > start ? end : start)}"`) as string;
    hit = text.split('\n')[0].trim() || null;
  }
  cache.set(key, hit);
  return hit;
}

/** Organisation that registered the MAC's prefix (first line of the IEEE entry), or undefined. */
export function lookupVendor(mac: string): string | undefined {
  const hex = mac.replace(/[^0-9a-fA-F]/g, '').toUpperCase();
  if (hex.length < 6 || isRandomizedMac(mac)) return undefined;
  // MA-M (28-bit) and MA-S (36-bit) blocks sit under a 24-bit key owned by the IEEE Registration Authority.
  const large = entry(hex.slice(0, 6));
  if (large !== null && large !== REGISTRATION_AUTHORITY) return large;
  return entry(hex.slice(0, 9)) ?? entry(hex.slice(0, 7)) ?? large ?? undefined;
}

/** True for a locally administered unicast MAC (second hex digit 2, 6, A or E): phones' private addresses. */
export function isRandomizedMac(mac: string): boolean {
  const first = parseInt(mac.slice(0, 2), 16);
  return Number.isFinite(first) && (first & 0x02) !== 0 && (first & 0x01) === 0;
}
