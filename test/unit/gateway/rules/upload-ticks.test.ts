/**
 * The rate rules on a capture longer than the 15-minute upload ring: a camera streams early, then stays idle for
 * 20 minutes. Ticked by packet time (analyzeCapture), the stream is found; read only at the end, it would be gone.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { analyzeCapture } from '../../../../gateway/audit/analyze-capture.ts';
import { createPacketEngine } from '../../../../gateway/capture/engine.ts';
import { readCaptureFile } from '../../../../gateway/capture/reader.ts';
import { withUploadTicks } from '../../../../gateway/rules/upload-ticks.ts';
import { loadIdentifier } from '../../../../gateway/identify-loader.ts';
import { loadRules } from '../../../../pcap-rules/load.ts';
import { streamCamera, writeUploads } from '../../../fixtures/rules/stream-fixtures.ts';

const dir = mkdtempSync(join(tmpdir(), 'hs-ticks-'));
const file = join(dir, 'long.pcap');
writeUploads(file, [
  { device: streamCamera, from: 0, to: 90, bitsPerSecond: 1_000_000 },
  { device: streamCamera, from: 90, to: 1300, bitsPerSecond: 16_000, frameLen: 200 },
]);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('rate rules over a capture longer than the upload ring', () => {
  it('finds the early stream (HS-STREAM-0001) when ticked by packet time', async () => {
    const { rules } = loadRules();
    const r = await analyzeCapture(file, { rules, identify: loadIdentifier().identify, auditId: 't' });
    const found = r.findings.filter((f) => f.finding.rule === 'HS-STREAM-0001');
    expect(found).toHaveLength(1);
    expect(found[0]!.finding.firstSeen).toBe('2025-01-15T21:00:01.000Z');
  });

  it('ticks once per minute of capture time, whatever the wall clock', async () => {
    const engine = createPacketEngine({ onObservation: () => undefined });
    let ticks = 0;
    await readCaptureFile(file, withUploadTicks(engine, { tick: () => void ticks++ }));
    // About 1300 s of packets: a tick after each full minute.
    expect(ticks).toBe(21);
  });
});
