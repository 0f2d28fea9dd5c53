/** Reads fields from a capture with real tshark: one row per matching packet. Lab tests only. */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const execFileP = promisify(execFile);

/** `tshark -r FILE -Y FILTER -T fields -e F1 -e F2 …`, split into rows of fields (multi-values joined by ","). */
export async function tsharkFields(file: string, filter: string, fields: string[]): Promise<string[][]> {
  const args = ['-r', file, '-n', '-Y', filter, '-T', 'fields', '-E', 'separator=\t', '-E', 'aggregator=,', ...fields.flatMap((f) => ['-e', f])];
  const { stdout } = await execFileP('tshark', args, { maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' });
  return stdout
    .split('\n')
    .filter((line) => line.length)
    .map((line) => line.split('\t'));
}
