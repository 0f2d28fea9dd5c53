/**
 * TP-Link Kasa legacy local protocol (TCP 9999): a 4-byte big-endian length, then JSON "encrypted" with the
 * autokey XOR cipher (initial key 171; each cipher byte is the key of the next). We send one read-only message
 * asking for `system.get_sysinfo` and the cloud module's `get_info`, and read the bound TP-Link account
 * (`username`), `binded`, `cld_connection` and `server` (ACCOUNTS.md §4; python-kasa's iot cloud module).
 * Plugs and strips name the module `cnCloud`; bulbs name it `smartlife.iot.common.cloud`.
 */
import type { AccessEntry } from '../../gateway/contract.ts';
import { DEFAULT_LIMITS, errorText, type AccessIo, type CheckLimits, type CheckResult, type CheckTarget } from './access-io.ts';
import { bool, obj, parseJson, str } from './json-fields.ts';
import { maskAccount } from './mask.ts';
import { accessPhrase, entryWords, yesNo } from './access-text.ts';

/** The legacy protocol's TCP port. */
export const KASA_PORT = 9999;
/** The autokey cipher's first key. */
const INITIAL_KEY = 171;

/** Cloud module names: plugs/strips, and bulbs. */
export const KASA_CLOUD_MODULES = ['cnCloud', 'smartlife.iot.common.cloud'] as const;
/** One of {@link KASA_CLOUD_MODULES}. */
export type KasaCloudModule = (typeof KASA_CLOUD_MODULES)[number];

/** Encrypts `text` and prefixes the 4-byte length. */
export function kasaEncode(text: string): Buffer {
  const plain = Buffer.from(text, 'utf8');
  const out = Buffer.alloc(4 + plain.length);
  out.writeUInt32BE(plain.length, 0);
  let key = INITIAL_KEY;
  for (let i = 0; i < plain.length; i++) {
    key = plain[i]! ^ key;
    out[4 + i] = key;
  }
  return out;
}

/** Decrypts autokey-XOR bytes (without the length prefix). */
export function kasaDecrypt(cipher: Uint8Array): string {
  const out = Buffer.alloc(cipher.length);
  let key = INITIAL_KEY;
  for (let i = 0; i < cipher.length; i++) {
    out[i] = cipher[i]! ^ key;
    key = cipher[i]!;
  }
  return out.toString('utf8');
}

/** The declared length of a framed message, or null when fewer than 4 bytes arrived. */
export function kasaFrameLength(buf: Uint8Array): number | null {
  return buf.length < 4 ? null : Buffer.from(buf.buffer, buf.byteOffset, 4).readUInt32BE(0);
}

/** Decodes one framed message; null when the frame is short or its length does not match. */
export function kasaDecode(buf: Uint8Array): string | null {
  const len = kasaFrameLength(buf);
  if (len === null || buf.length < 4 + len) return null;
  return kasaDecrypt(buf.subarray(4, 4 + len));
}

/** The one read-only request: sysinfo and the cloud module's get_info. */
export function kasaQuery(module: KasaCloudModule = 'cnCloud'): string {
  return JSON.stringify({ system: { get_sysinfo: {} }, [module]: { get_info: {} } });
}

/** What the cloud module says. */
export interface KasaCloudInfo {
  bound: boolean;
  username?: string;
  server?: string;
  connected?: boolean;
  alias?: string;
  model?: string;
}

/** Reads the decrypted answer; null when it is not JSON or holds no cloud module answer. */
export function decodeKasaReply(text: string): KasaCloudInfo | null {
  const root = obj(parseJson(text));
  if (!root) return null;
  const sys = obj(obj(root.system)?.get_sysinfo);
  for (const m of KASA_CLOUD_MODULES) {
    const info = obj(obj(root[m])?.get_info);
    if (!info) continue;
    const username = str(info.username);
    const binded = bool(info.binded);
    // Neither field readable: a wrong-typed answer, not an unbound plug.
    if (binded === undefined && username === undefined && typeof info.username !== 'string') continue;
    const out: KasaCloudInfo = { bound: binded ?? username !== undefined };
    if (username) out.username = username;
    const server = str(info.server);
    if (server) out.server = server;
    const connected = bool(info.cld_connection);
    if (connected !== undefined) out.connected = connected;
    const alias = str(sys?.alias, 64);
    if (alias) out.alias = alias;
    const model = str(sys?.model, 64);
    if (model) out.model = model;
    return out;
  }
  return null;
}

/** Access entries from a cloud info: one `cloud-account` entry when the device is bound to an account. */
export function kasaEntries(info: KasaCloudInfo, deviceId: string, at: string): AccessEntry[] {
  if (!info.bound) return [];
  const who = info.username;
  const parts = [
    who ? accessPhrase('account', { account: who }) : accessPhrase('account-unnamed'),
    ...(info.server ? [accessPhrase('cloud-server', { server: info.server })] : []),
    ...(info.connected === undefined ? [] : [accessPhrase('cloud-connected', { answer: yesNo(info.connected) })]),
  ];
  return [
    {
      id: `kasa-account:${deviceId}`,
      kind: 'cloud-account',
      ...entryWords(who ? accessPhrase('kasa-account-label', { account: maskAccount(who) }) : accessPhrase('kasa-account-label-unnamed'), parts),
      source: 'kasa-local',
      notice: 'N0',
      outside: true,
      at,
    },
  ];
}

/** Pure: decrypted answer text → access entries (empty when unreadable). */
export function parseKasa(text: string, deviceId: string, at: string): AccessEntry[] {
  const info = decodeKasaReply(text);
  return info ? kasaEntries(info, deviceId, at) : [];
}

/** Asks one Kasa device once over TCP 9999 and reads its bound account. Never throws. */
export async function checkKasa(
  io: AccessIo,
  target: CheckTarget & { module?: KasaCloudModule },
  limits: CheckLimits = DEFAULT_LIMITS,
): Promise<CheckResult> {
  const port = target.port ?? KASA_PORT;
  let raw: Buffer;
  try {
    raw = await io.tcpRequest(target.ip, port, kasaEncode(kasaQuery(target.module)), limits, (got) => {
      const len = kasaFrameLength(got);
      return len !== null && got.length >= 4 + len;
    });
  } catch (err) {
    return { entries: [], errors: [`kasa ${target.ip}:${port}: ${errorText(err)}`] };
  }
  const text = kasaDecode(raw);
  if (text === null) return { entries: [], errors: [`kasa ${target.ip}:${port}: incomplete or malformed frame (${raw.length} bytes)`] };
  const info = decodeKasaReply(text);
  if (!info) return { entries: [], errors: [`kasa ${target.ip}:${port}: answer has no readable cloud module`] };
  return { entries: kasaEntries(info, target.deviceId, io.now()), errors: [] };
}
