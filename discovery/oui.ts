/**
 * MAC vendor lookup from the IEEE registries (oui-data: MA-L, MA-M and MA-S merged), longest prefix first, and
 * the locally-administered bit that marks randomised MACs. The registrant often names the Wi-Fi module maker,
 * not the brand: identification treats it as weak evidence.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

// The registry is a 5.6 MB JSON object keyed by hex prefix. A home has a few dozen MACs, so it is never parsed
// whole (≈25 MB of heap). `npm run build` splits it into 256 small tab-separated shards by the prefix's first byte
// (.build/oui/XX.tsv: "PREFIX<TAB>organisation"); a lookup reads one shard. Without a build, each prefix is found
// with a byte search in the raw registry (a few milliseconds a lookup).
/** Where `bin/build.js` writes the shards. */
export const OUI_SHARD_DIR = fileURLToPath(new URL('../.build/oui/', import.meta.url));
let raw: Buffer | undefined;
let useShards = true;
const cache = new Map<string, string | null>();
const shards = new Map<string, string>();
const REGISTRATION_AUTHORITY = 'IEEE Registration Authority';

/** The organisation's name: the first line of the registry's text. */
export function organisationOf(text: string): string | null {
  return text.split('\n')[0]!.trim() || null;
}

function fromShard(key: string): string | null | undefined {
  const id = key.slice(0, 2);
  let shard = shards.get(id);
  if (shard === undefined) {
    try {
      // A newline in front, so every line (the first too) starts with one: `\nPREFIX\torganisation`.
      shard = `\n${readFileSync(`${OUI_SHARD_DIR}${id}.tsv`, 'utf8')}`;
    } catch {
      useShards = false; // no build: search the raw registry instead
      return undefined;
    }
    shards.set(id, shard);
  }
  // A text search in the shard (about 30 kB): a home looks up a few dozen prefixes, fewer than a shard's lines, so
  // splitting the shard into a map cost more than it saved (measured: ~6 ms CPU of a small analyze).
  const at = shard.indexOf(`\n${key}\t`);
  if (at < 0) return null;
  const start = at + key.length + 2;
  const end = shard.indexOf('\n', start);
  return shard.slice(start, end < 0 ? undefined : end);
}

function fromRaw(key: string): string | null {
  if (!raw) raw = readFileSync(createRequire(import.meta.url).resolve('oui-data'));
  const at = raw.indexOf(`"${key}":`);
  const open = at >= 0 ? raw.indexOf('"', at + key.length + 3) : -1;
  if (open < 0) return null;
  // The value is a JSON string (the registry has no escaped quotes); its first line is the organisation's name.
  const start = open + 1;
  const end = raw.indexOf('"', start);
  return organisationOf(JSON.parse(`"${raw.toString('utf8', start, end > start ? end : start)}"`) as string);
}

function entry(key: string): string | null {
  let hit = cache.get(key);
  if (hit !== undefined) return hit;
  const shard = useShards ? fromShard(key) : undefined;
  hit = shard !== undefined ? shard : fromRaw(key);
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
