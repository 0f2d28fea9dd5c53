/**
 * Glob patterns used in device profiles: `*` matches any run of characters, `?` exactly one, everything
 * else is literal and case-insensitive. Data holds no regular expressions or code, so a profile author
 * cannot write a pattern that is slow or that means something other than it looks.
 */

/** Longest pattern we accept; real hostnames, model strings and headers are far shorter. */
export const MAX_PATTERN_LENGTH = 200;

/** Why a glob pattern cannot be used, or null when it is fine. */
export function checkGlob(pattern: string): string | null {
  if (pattern.length === 0) return 'empty pattern';
  if (pattern.length > MAX_PATTERN_LENGTH) return `pattern longer than ${MAX_PATTERN_LENGTH} characters`;
  // Control characters never appear in the names we match; they are a sign of a copy-paste accident.
  if (/[\u0000-\u001f\u007f]/.test(pattern)) return 'pattern contains a control character';
  if (/^[*?]+$/.test(pattern)) return 'pattern matches anything';
  return null;
}

/** Compiles a glob into an anchored, case-insensitive RegExp. Call checkGlob first. */
export function compileGlob(pattern: string): RegExp {
  // Three passes over the whole pattern instead of one replace per character (the profiles hold thousands of globs,
  // all compiled at load). Only syntax characters may be escaped under the `u` flag; `*` and `?` are not among those
  // escaped here. A run of `*` becomes one wildcard, so "a**b" costs no more than "a*b".
  const source = pattern.replace(/[.+^${}()|[\]\\/]/g, '\\$&').replace(/\*+/g, '[\\s\\S]*').replace(/\?/g, '[\\s\\S]');
  return new RegExp(`^${source}$`, 'iu');
}

/** Number of literal (non-wildcard) characters: how specific a pattern is. */
export function globSpecificity(pattern: string): number {
  let n = 0;
  for (const ch of pattern) if (ch !== '*' && ch !== '?') n++;
  return n;
}

/** The literal text before the first wildcard, lower-cased (used to index patterns by prefix). */
export function globPrefix(pattern: string): string {
  const i = pattern.search(/[*?]/);
  return (i < 0 ? pattern : pattern.slice(0, i)).toLowerCase();
}
