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
  const wanted = only ? wantedBytes(only) : null;
  return (wanted && scan(view, maxValue, only, wanted)) || scan(view, maxValue, only, null)!;
}

/** The wanted names as bytes, once per set; null when one is not lowercase ASCII (the byte test below needs that). */
const wantedCache = new WeakMap<ReadonlySet<string>, { names: string[]; bytes: Uint8Array[] } | null>();

function wantedBytes(only: ReadonlySet<string>): { names: string[]; bytes: Uint8Array[] } | null {
  let w = wantedCache.get(only);
  if (w === undefined) {
    const names = [...only];
    w = names.every((n) => /^[\x21-\x40\x5b-\x7e]+$/.test(n)) ? { names, bytes: names.map((n) => Buffer.from(n, 'latin1')) } : null;
    wantedCache.set(only, w);
  }
  return w;
}

/** The bytes String.prototype.trim removes from latin1 text: tab, LF, VT, FF, CR, space, no-break space. */
function isSpace(b: number): boolean {
  return (b >= 0x09 && b <= 0x0d) || b === 0x20 || b === 0xa0;
}

/** Where the wanted name `view[a, b)` (trimmed) is in `wanted`, comparing bytes with ASCII upper case folded; -1 if none. */
function wantedIndex(view: Buffer, a: number, b: number, wanted: readonly Uint8Array[]): number {
  for (let k = 0; k < wanted.length; k++) {
    const w = wanted[k]!;
    if (b - a !== w.length) continue;
    let i = 0;
    for (; i < w.length; i++) {
      const c = view[a + i]!;
      if ((c >= 0x41 && c <= 0x5a ? c + 0x20 : c) !== w[i]) break;
    }
    if (i === w.length) return k;
  }
  return -1;
}

/** The value of the header line whose colon is at `colon`, cleaned and capped at `maxValue` characters. */
function valueAt(view: Buffer, colon: number, lineEnd: number, maxValue: number): string {
  return cleanText(view.toString('utf8', colon + 1, Math.min(lineEnd, colon + 1 + maxValue * 4)), maxValue);
}

/**
 * The header scan. With `wanted` (the `only` names as bytes), no string is built per header: each name is
 * compared as bytes and only a wanted value is decoded; that read gives up (null) at MAX_HEADERS header lines,
 * where the bound on distinct names needs every name, and the caller reads again without `wanted`.
 */
function scan(view: Buffer, maxValue: number, only: ReadonlySet<string> | undefined, wanted: { names: string[]; bytes: Uint8Array[] } | null): HeaderBlock | null {
  const headers = new Map<string, string>();
  // Names seen so far when only some values are wanted (the bound counts every distinct name).
  const seen = only && !wanted ? new Set<string>() : undefined;
  let nl = view.indexOf(LF);
  const startLine = cleanText(view.toString('utf8', 0, nl === -1 ? view.length : nl), maxValue * 2);
  let complete = false;
  let off = nl + 1;
  let lines = 0;
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
      if (wanted) {
        // Distinct names are at most the header lines: below the bound, it cannot have been reached.
        if (++lines >= MAX_HEADERS) return null;
        let a = off;
        let b = Math.min(colon, off + MAX_NAME);
        while (a < b && isSpace(view[a]!)) a++;
        while (b > a && isSpace(view[b - 1]!)) b--;
        const k = wantedIndex(view, a, b, wanted.bytes);
        if (k >= 0 && !headers.has(wanted.names[k]!)) headers.set(wanted.names[k]!, valueAt(view, colon, lineEnd, maxValue));
      } else {
        const name = view.toString('latin1', off, Math.min(colon, off + MAX_NAME)).trim().toLowerCase();
        if (name && !(seen ?? headers).has(name)) {
          seen?.add(name);
          if (!only || only.has(name)) headers.set(name, valueAt(view, colon, lineEnd, maxValue));
        }
      }
    }
    off = nl + 1;
  }
  return { startLine, headers, complete };
}
