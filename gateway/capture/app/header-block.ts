/**
 * The start line and header fields of an HTTP-style message (HTTP/1.x requests, SSDP over HTTPU), read with a
 * byte scan over a bounded view. Only complete lines count: a header cut by the end of the segment could carry
 * a truncated value (`Host: exam`), so it is dropped. Pure, never throws.
 */
import { cleanText } from './text.ts';

/** What was read: header names lowercase, values trimmed, control characters removed, first occurrence kept. */
export interface HeaderBlock {
  /** The first line, without its line ending (possibly cut when no line ending was found). */
  startLine: string;
  headers: Map<string, string>;
  /** True when the empty line ending the header block was seen. */
  complete: boolean;
}

const MAX_HEADERS = 100;
const MAX_NAME = 64;
const LF = 0x0a;

/**
 * Reads `buf[start, min(end, start + maxBytes))`; values are capped at `maxValue` characters. With `only`, the
 * values of those (lowercase) names alone are decoded and returned; every other header still counts towards the
 * bound and the first occurrence, so the result is exactly the full read's entries for those names.
 */
export function readHeaderBlock(buf: Buffer, start: number, end: number, maxBytes: number, maxValue: number, only?: ReadonlySet<string>): HeaderBlock {
  const view = buf.subarray(start, Math.min(end, start + maxBytes, buf.length));
  const headers = new Map<string, string>();
  // Names seen so far when only some values are wanted (the bound counts every distinct name).
  const seen = only ? new Set<string>() : undefined;
  let nl = view.indexOf(LF);
  const startLine = cleanText(view.toString('utf8', 0, nl === -1 ? view.length : nl), maxValue * 2);
  let complete = false;
  let off = nl + 1;
  while (nl !== -1 && off < view.length && (seen ?? headers).size < MAX_HEADERS) {
    nl = view.indexOf(LF, off);
    if (nl === -1) break;
    const lineEnd = nl > off && view[nl - 1] === 0x0d ? nl - 1 : nl;
    if (lineEnd === off) {
      complete = true;
      break;
    }
    const colon = view.indexOf(0x3a, off);
    if (colon !== -1 && colon < lineEnd) {
      const name = view.toString('latin1', off, Math.min(colon, off + MAX_NAME)).trim().toLowerCase();
      if (name && !(seen ?? headers).has(name)) {
        seen?.add(name);
        if (!only || only.has(name)) headers.set(name, cleanText(view.toString('utf8', colon + 1, Math.min(lineEnd, colon + 1 + maxValue * 4)), maxValue));
      }
    }
    off = nl + 1;
  }
  return { startLine, headers, complete };
}
