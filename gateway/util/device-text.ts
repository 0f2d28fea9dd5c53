/**
 * Text a device gives about itself (DHCP host name, mDNS and SSDP names, DNS names, HTTP headers) is shown to people
 * and written to reports and logs. Controls in it are never part of a real name: C0 and C1 controls (NUL, escape
 * sequences, line breaks) and the bidirectional formatting characters that reorder what is shown
 * (`evil\u202egnp.exe` displays as "evilexe.png"; Unicode TR #9 and CVE-2021-42574 "Trojan Source"). They are
 * removed where observations enter. Joiners (U+200C/U+200D) stay: scripts and emoji need them.
 */

// C0, DEL, C1; Arabic letter mark; LRM, RLM; line and paragraph separators; embeddings and overrides; isolates;
// a byte-order mark inside text.
const UNSAFE_RE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/g;
const UNSAFE_TEST = new RegExp(UNSAFE_RE.source);

/** `s` without control and bidirectional formatting characters. */
export function stripUnsafeText(s: string): string {
  return UNSAFE_TEST.test(s) ? s.replace(UNSAFE_RE, '') : s;
}

/** True when `s` has a C0 or C1 control other than tab, line feed and carriage return (never in a name or a note). */
export function hasControlCharacter(s: string): boolean {
  return /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/.test(s);
}

const MAX_DEPTH = 8;

function clean(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return stripUnsafeText(value);
  if (depth >= MAX_DEPTH || value === null || typeof value !== 'object') return value;
  let changed = false;
  if (Array.isArray(value)) {
    const out = value.map((v) => {
      const c = clean(v, depth + 1);
      if (c !== v) changed = true;
      return c;
    });
    return changed ? out : value;
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    const c = clean(v, depth + 1);
    if (c !== v) changed = true;
    out[k] = c;
  }
  return changed ? out : value;
}

/** The observation with every string of its data cleaned; the same object when there was nothing to clean. */
export function cleanObservationText<T extends { data: unknown }>(obs: T): T {
  const data = clean(obs.data, 0);
  return data === obs.data ? obs : { ...obs, data };
}
