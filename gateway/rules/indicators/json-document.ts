/** The JSON text of an indicator file, parsed; the shared first step of the TinyCheck and STIX 2 readers. */
import { IndicatorFileError } from './types.ts';

/** Parses `text` as JSON. Throws IndicatorFileError ('empty' or 'bad-syntax') naming `source`. */
export function parseJsonDocument(text: string, source: string): unknown {
  if (text.trim() === '') throw new IndicatorFileError(source, 'empty', 'the file is empty');
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new IndicatorFileError(source, 'bad-syntax', `invalid JSON: ${(err as Error).message}`);
  }
}
