/**
 * Reading broker payloads defensively: text only when it is valid UTF-8 without NUL bytes, JSON only when it parses,
 * names cut to a sane length and stripped of control characters. Nothing here throws on hostile bytes.
 */
import { stripUnsafeText } from '../gateway/util/device-text.ts';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The payload as text, or null when it is not valid UTF-8 or holds a NUL byte (binary data). */
export function payloadText(payload: Buffer): string | null {
  if (payload.includes(0)) return null;
  try {
    return utf8.decode(payload);
  } catch {
    // Invalid UTF-8: binary data where text was expected; the caller counts it.
    return null;
  }
}

/** Result of reading a payload as JSON: the value, or why it could not be read. */
export type JsonRead = { ok: true; value: unknown } | { ok: false; why: 'binary' | 'json' };

/** Parses a payload as JSON (the caller has already bounded its size). */
export function payloadJson(payload: Buffer): JsonRead {
  const text = payloadText(payload);
  if (text === null) return { ok: false, why: 'binary' };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    // Not JSON, or nested beyond what the parser takes: counted by the caller.
    return { ok: false, why: 'json' };
  }
}

/** A name fit to show: a string, control and bidi characters removed, trimmed, at most `max` characters. */
export function cleanName(value: unknown, max = 128): string | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const s = stripUnsafeText(String(value).slice(0, max * 4)).trim().slice(0, max);
  return s.length > 0 ? s : undefined;
}

/** The value as a plain object, or null. */
export function asObject(value: unknown): Record<string, unknown> | null {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

/** A MAC in the contract's form (`aa:bb:cc:dd:ee:ff`) from `AABBCCDDEEFF` or any separated form; else undefined. */
export function normaliseMac(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const hex = value.replace(/[:\-.]/g, '').toLowerCase();
  if (!/^[0-9a-f]{12}$/.test(hex)) return undefined;
  return hex.match(/../g)!.join(':');
}

/** An IPv4 address in dotted form, or undefined. */
export function ipv4(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(value.trim());
  if (!m || m.slice(1).some((p) => Number(p) > 255)) return undefined;
  return m.slice(1).map(Number).join('.');
}
