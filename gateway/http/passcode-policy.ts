/**
 * Which passcodes the setup accepts: 6 to 256 characters, not only spaces, not one character repeated, and not
 * one of the commonest passcodes (the list is data: common-passcodes.txt).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const MIN_PASSCODE = 6;
export const MAX_PASSCODE = 256;
export const COMMON_PASSCODES_FILE = fileURLToPath(new URL('./common-passcodes.txt', import.meta.url));

/** Why a passcode is refused: a code the page turns into its own words, and an English sentence for the API. */
export interface PasscodeProblem {
  code: 'missing' | 'too-long' | 'blank' | 'too-short' | 'too-common';
  error: string;
}

/** The form a passcode is compared in against the list. */
function comparable(pass: string): string {
  return pass.normalize('NFC').trim().toLowerCase();
}

/** Reads the list (one passcode a line, `#` notes); a line that is not a usable entry names the file and line. */
export function loadCommonPasscodes(file = COMMON_PASSCODES_FILE): ReadonlySet<string> {
  const set = new Set<string>();
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      if (!line.trim() || line.startsWith('#')) return;
      if (line !== comparable(line)) throw new Error(`${file}:${i + 1}: write entries in lower case without spaces around them`);
      set.add(line);
    });
  return set;
}

let common: ReadonlySet<string> | undefined;

/** The length in characters (code points), as a person counts them. */
export function passcodeLength(pass: string): number {
  return [...pass].length;
}

/** Whether `pass` is a string of an acceptable length (login needs no more than this). */
export function passcodeShapeProblem(pass: unknown): PasscodeProblem | undefined {
  if (typeof pass !== 'string' || pass === '') return { code: 'missing', error: 'passcode: missing' };
  if (passcodeLength(pass) > MAX_PASSCODE) return { code: 'too-long', error: `passcode: use at most ${MAX_PASSCODE} characters` };
  return undefined;
}

/** Why a new passcode is refused, or undefined when it is fine. */
export function newPasscodeProblem(pass: unknown, list: ReadonlySet<string> = (common ??= loadCommonPasscodes())): PasscodeProblem | undefined {
  const shape = passcodeShapeProblem(pass);
  if (shape) return shape;
  const p = pass as string;
  if (!/[^\s\p{Cc}\p{Cf}]/u.test(p)) return { code: 'blank', error: 'passcode: use letters, numbers or signs, not only spaces' };
  if (passcodeLength(p) < MIN_PASSCODE) return { code: 'too-short', error: `passcode: use at least ${MIN_PASSCODE} characters` };
  const c = comparable(p);
  if (list.has(c) || new Set(c).size === 1) return { code: 'too-common', error: 'passcode: this one is among the most common; choose another' };
  return undefined;
}
