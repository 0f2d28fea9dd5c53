/**
 * Tiny readers for untrusted JSON from devices: each returns a value of the asked type or undefined, never
 * throws. Mappers use them so a malformed answer yields fewer entries, not a crash.
 */

/** The value as a plain object, or undefined. */
export function asRecord(v: unknown): Record<string, unknown> | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

/** The value as an array, or an empty one. */
export function asArray(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

/** A non-empty string (numbers are turned into text), or undefined. Long text is cut to `max` characters. */
export function asText(v: unknown, max = 200): string | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v !== 'string') return undefined;
  const t = v.trim();
  return t === '' ? undefined : t.slice(0, max);
}

/** Booleans the way devices send them: true/false, 1/0, "1"/"0", "true"/"false", "on"/"off". */
export function asFlag(v: unknown): boolean | undefined {
  if (typeof v === 'boolean') return v;
  if (v === 1 || v === '1' || v === 'true' || v === 'on' || v === 'yes') return true;
  if (v === 0 || v === '0' || v === 'false' || v === 'off' || v === 'no') return false;
  return undefined;
}

/** An ISO-8601 UTC string from ISO text or Unix seconds; undefined when it is neither or zero. */
export function asIsoTime(v: unknown): string | undefined {
  if (typeof v === 'number' || (typeof v === 'string' && /^\d{1,12}$/.test(v))) {
    const secs = Number(v);
    return secs > 0 ? new Date(secs * 1000).toISOString() : undefined;
  }
  if (typeof v !== 'string' || v.length > 64) return undefined;
  // Hue writes "2024-05-01T10:00:00" (UTC, no zone); treat a zone-less time as UTC.
  const text = /[zZ]|[+-]\d\d:?\d\d$/.test(v) ? v : `${v}Z`;
  const ms = Date.parse(text);
  return Number.isFinite(ms) ? new Date(ms).toISOString() : undefined;
}

/** Shows the first letter and the domain of an e-mail address: `j***@example.com`. */
export function maskEmail(email: string): string {
  const at = email.indexOf('@');
  if (at < 1) return email.length > 2 ? `${email[0]}***` : '***';
  return `${email[0]}***${email.slice(at)}`;
}
