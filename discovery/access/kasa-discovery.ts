/**
 * TP-Link's newer discovery answer (UDP 20002, KLAP/AES devices): a 16-byte binary header followed by JSON whose
 * `result.owner` is a 32-hex code of the bound TP-Link account (python-kasa's owner hash is MD5 of the account
 * name; ACCOUNTS.md marks this [verify]). We only parse answers that were observed on the network; HomeSweep
 * never sends the discovery broadcast.
 */
import { createHash } from 'node:crypto';
import type { AccessEntry } from '../../gateway/contract.ts';
import { bool, obj, parseJson, str } from './json-fields.ts';
import { accessPhrase, entryWords } from './access-text.ts';

/** UDP port of the newer discovery. */
export const KASA_DISCOVERY_PORT = 20002;
const HEADER_BYTES = 16;

/** The fields we read from a discovery answer. */
export interface KasaDiscoveryInfo {
  owner?: string;
  deviceId?: string;
  model?: string;
  factoryDefault?: boolean;
}

/** Reads a UDP payload (header + JSON, or bare JSON); null when it is not a discovery answer. */
export function decodeKasaDiscovery(payload: Uint8Array): KasaDiscoveryInfo | null {
  if (payload.length < 2 || payload.length > 64 * 1024) return null;
  const buf = Buffer.from(payload.buffer, payload.byteOffset, payload.length);
  const start = buf[0] === 0x7b ? 0 : HEADER_BYTES; // '{': some captures hold the JSON alone
  if (buf.length <= start) return null;
  const root = obj(parseJson(buf.subarray(start).toString('utf8')));
  const result = obj(root?.result);
  if (!result) return null;
  const out: KasaDiscoveryInfo = {};
  const owner = str(result.owner, 64);
  if (owner && /^[0-9a-f]{32}$/i.test(owner)) out.owner = owner.toUpperCase();
  const deviceId = str(result.device_id, 128);
  if (deviceId) out.deviceId = deviceId;
  const model = str(result.device_model, 64);
  if (model) out.model = model;
  const fd = bool(result.factory_default);
  if (fd !== undefined) out.factoryDefault = fd;
  return out;
}

/** The owner code a TP-Link account name would have (MD5, upper-case hex), to compare with an observed one. */
export function kasaOwnerHash(account: string): string {
  return createHash('md5').update(account, 'utf8').digest('hex').toUpperCase();
}

/** True when the observed owner code belongs to `account` (e.g. the e-mail the survivor types in). */
export function isKasaOwner(owner: string, account: string): boolean {
  return owner.toUpperCase() === kasaOwnerHash(account) || owner.toUpperCase() === kasaOwnerHash(account.trim().toLowerCase());
}

/** Pure: observed UDP 20002 payload → a `cloud-account` entry when it names an owner. */
export function parseKasaDiscovery(payload: Uint8Array, deviceId: string, at: string): AccessEntry[] {
  const info = decodeKasaDiscovery(payload);
  if (!info?.owner) return [];
  return [
    {
      id: `kasa-owner:${deviceId}`,
      kind: 'cloud-account',
      ...entryWords(accessPhrase('kasa-owner-label', { code: info.owner.slice(0, 8) }), accessPhrase('kasa-owner-detail', { owner: info.owner })),
      source: 'kasa-discovery',
      notice: 'N0',
      outside: true,
      at,
    },
  ];
}
