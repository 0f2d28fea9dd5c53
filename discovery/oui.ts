/**
 * MAC vendor lookup from the IEEE registries (oui-data: MA-L, MA-M and MA-S merged), longest prefix first, and
 * the locally-administered bit that marks randomised MACs. The registrant often names the Wi-Fi module maker,
 * not the brand: identification treats it as weak evidence.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

let table: Record<string, string> | undefined;

function load(): Record<string, string> {
  if (!table) {
    const require = createRequire(import.meta.url);
    table = JSON.parse(readFileSync(require.resolve('oui-data'), 'utf8')) as Record<string, string>;
  }
  return table;
}

/** Organisation that registered the MAC's prefix (first line of the IEEE entry), or undefined. */
export function lookupVendor(mac: string): string | undefined {
  const hex = mac.replace(/[^0-9a-fA-F]/g, '').toUpperCase();
  if (hex.length < 6 || isRandomizedMac(mac)) return undefined;
  const t = load();
  // MA-S (36-bit) and MA-M (28-bit) blocks sit under a 24-bit key owned by the IEEE Registration Authority.
  const entry = t[hex.slice(0, 9)] ?? t[hex.slice(0, 7)] ?? t[hex.slice(0, 6)];
  if (!entry) return undefined;
  const name = entry.split('\n')[0].trim();
  return name || undefined;
}

/** True for a locally administered unicast MAC (second hex digit 2, 6, A or E): phones' private addresses. */
export function isRandomizedMac(mac: string): boolean {
  const first = parseInt(mac.slice(0, 2), 16);
  return Number.isFinite(first) && (first & 0x02) !== 0 && (first & 0x01) === 0;
}
