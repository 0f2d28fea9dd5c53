/**
 * Robustness: every capture of tcpdump's own test suite (many deliberately malformed) goes through the whole
 * offline audit — readers, decoders, application parsers, flows, inventory, identification — to the end.
 * Each must either give an audit or be refused as "not a capture"; nothing may throw anything else or hang.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeCapture } from '../../gateway/audit/analyze-capture.ts';
import { CaptureFormatError } from '../../gateway/capture/types.ts';
import { loadIdentifier } from '../../gateway/identify-loader.ts';
import { CORPUS_DIR } from '../fixtures/shared-paths.ts';

describe('offline audit over the tcpdump test corpus', () => {
  it('reads every file to the end without throwing', async () => {
    expect(existsSync(CORPUS_DIR), `${CORPUS_DIR} must exist (../shared beside the checkout)`).toBe(true);
    const files = readdirSync(CORPUS_DIR).sort();
    expect(files.length).toBeGreaterThan(800);
    const { identify } = loadIdentifier();
    let analysed = 0;
    let refused = 0;
    let packets = 0;
    let malformed = 0;
    let devices = 0;
    const unexpected: string[] = [];
    for (const name of files) {
      try {
        const r = await analyzeCapture(join(CORPUS_DIR, name), { identify });
        analysed++;
        packets += r.engine.packets;
        malformed += r.engine.malformed;
        devices += r.document.devices.length;
        // The export must survive serialisation (no cycles, no BigInt, no undefined-only arrays).
        JSON.parse(JSON.stringify(r.document));
      } catch (err) {
        if (err instanceof CaptureFormatError) refused++;
        else unexpected.push(`${name}: ${(err as Error).stack?.split('\n').slice(0, 3).join(' | ')}`);
      }
    }
    expect(unexpected).toEqual([]);
    expect(analysed + refused).toBe(files.length);
    // Most of the corpus are real captures; a reader that refused everything would pass the loop above.
    expect(analysed).toBeGreaterThan(700);
    expect(packets).toBeGreaterThan(10_000);
    expect(malformed).toBeGreaterThan(0);
    expect(devices).toBeGreaterThan(100);
  }, 300_000);
});
