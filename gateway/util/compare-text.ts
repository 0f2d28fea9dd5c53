/**
 * Orders two strings by their UTF-16 code units, for machine-made text (ids, ISO times) whose order is the same as
 * `localeCompare` gives (same length and layout, lower-case ASCII). `localeCompare` loads ICU's collator on first use:
 * ~6 ms of CPU, measured, in a small analyze that sorts only such text.
 */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
