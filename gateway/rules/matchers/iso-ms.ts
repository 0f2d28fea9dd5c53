/**
 * ISO-8601 UTC text → milliseconds since the epoch, as `Date.parse` but cheaper for the one form the packet engine
 * writes (`2025-01-15T21:00:05.123Z`): the date part is parsed once per day, the time of day from its digits. Any
 * other form (or a malformed one) goes to `Date.parse`, so the answer is always the same as Date.parse's.
 */
let dayPrefix = '';
let dayMs = NaN;

function digits(text: string, at: number, n: number): number {
  let v = 0;
  for (let i = at; i < at + n; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

// The last text and its value: the observations of one packet or flow share one time text, and several rules
// read it in turn.
let lastText = '';
let lastMs = NaN;

/** Milliseconds for an ISO-8601 time (NaN when it is not one). */
export function isoToMs(text: string): number {
  if (text === lastText) return lastMs;
  const ms = parseIso(text);
  if (typeof text === 'string') {
    lastText = text;
    lastMs = ms;
  }
  return ms;
}

function parseIso(text: string): number {
  if (typeof text !== 'string') return NaN;
  if (text.length === 24 && text.charCodeAt(23) === 90 && text.charCodeAt(13) === 58 && text.charCodeAt(16) === 58 && text.charCodeAt(19) === 46) {
    if (dayPrefix === '' || !text.startsWith(dayPrefix)) {
      const ms = Date.parse(`${text.slice(0, 11)}00:00:00.000Z`);
      if (!Number.isFinite(ms)) return Date.parse(text);
      dayPrefix = text.slice(0, 11);
      dayMs = ms;
    }
    const h = digits(text, 11, 2);
    const m = digits(text, 14, 2);
    const s = digits(text, 17, 2);
    const ms = digits(text, 20, 3);
    if (h >= 0 && h < 24 && m >= 0 && m < 60 && s >= 0 && s < 60 && ms >= 0) return dayMs + ((h * 60 + m) * 60 + s) * 1000 + ms;
  }
  return Date.parse(text);
}
