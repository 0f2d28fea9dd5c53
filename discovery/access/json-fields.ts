/**
 * Typed reads from untrusted JSON: a device answer may have any shape, so every field is checked before use
 * and a wrong type reads as "absent".
 */

/** A plain JSON object, or undefined. */
export type Obj = Record<string, unknown>;

/** Parses JSON text; undefined when it is not JSON. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** `v` when it is a plain object (not an array, not null). */
export function obj(v: unknown): Obj | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : undefined;
}

/** `v` when it is an array. */
export function arr(v: unknown): unknown[] | undefined {
  return Array.isArray(v) ? v : undefined;
}

/** A non-empty string, trimmed and cut to `max` characters. */
export function str(v: unknown, max = 256): string | undefined {
  if (typeof v !== 'string') return undefined;
  const t = v.trim();
  return t === '' ? undefined : t.slice(0, max);
}

/** A boolean; devices also write 1/0 for true/false. */
export function bool(v: unknown): boolean | undefined {
  if (typeof v === 'boolean') return v;
  if (v === 1 || v === 0) return v === 1;
  return undefined;
}
