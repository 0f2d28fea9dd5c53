/** Argument parsing for subcommands: node's parseArgs, with its errors turned into one-line user errors. */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UserError } from './errors.ts';

export function parseCommandArgs<T extends NonNullable<ParseArgsConfig['options']>>(argv: string[], options: T, allowPositionals = true) {
  try {
    return parseArgs({ args: argv, options, allowPositionals, strict: true });
  } catch (err) {
    // node's messages go on with advice about '--'; the first sentence names the problem.
    throw new UserError((err as Error).message.split('\n')[0].replace(/\. To specify a positional.*$/, ''));
  }
}
