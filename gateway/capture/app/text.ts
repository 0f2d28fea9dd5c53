/**
 * Small byte and text helpers shared by the application-layer parsers. Pure, bounded, never throw.
 */

import { stripUnsafeText } from '../../util/device-text.ts';

/** Removes control and bidirectional formatting characters and caps the length (for strings already short). */
export function cleanText(s: string, max: number): string {
  const capped = s.length > max * 2 ? s.slice(0, max * 2) : s;
  const out = stripUnsafeText(capped).trim();
  return out.length > max ? out.slice(0, max) : out;
}

/** Decodes `buf[start, end)` as UTF-8 (clamped to `max` bytes) and cleans it with {@link cleanText}. */
export function bytesToText(buf: Buffer, start: number, end: number, max: number): string {
  const stop = Math.min(end, start + max * 4, buf.length);
  if (stop <= start) return '';
  return cleanText(buf.toString('utf8', start, stop), max);
}

/** Lowercase hex of `buf[start, end)`, at most `maxBytes` bytes. */
export function toHex(buf: Buffer, start: number, end: number, maxBytes = 128): string {
  const stop = Math.min(end, start + maxBytes, buf.length);
  return stop > start ? buf.toString('hex', start, stop) : '';
}

/** The 6 bytes at `off` as `aa:bb:cc:dd:ee:ff`; the caller checks the bounds. */
export function macAt(buf: Buffer, off: number): string {
  let s = '';
  for (let i = 0; i < 6; i++) {
    const b = buf[off + i];
    s += (i ? ':' : '') + (b < 16 ? '0' : '') + b.toString(16);
  }
  return s;
}

/** The 4 bytes at `off` as a dotted IPv4 address; the caller checks the bounds. */
export function ipv4At(buf: Buffer, off: number): string {
  return `${buf[off]}.${buf[off + 1]}.${buf[off + 2]}.${buf[off + 3]}`;
}
