/** Turns an upload run into a rule hit: the device reference, times, rate and plain evidence. */
import type { DeviceRef, Hit } from './types.ts';
import { formatRate, timeOfSecond, type UploadRun } from './upload-runs.ts';
import { phraseEvidence } from '../phrases.ts';

const MAC_RE = /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/;

/** The device an upload series key names (series are keyed by MAC, or by IP for devices without one). */
export function refOfSeriesKey(key: string): DeviceRef {
  return MAC_RE.test(key) ? { mac: key } : { ip: key };
}

/** A hit for `run`; `extra` adds placeholders and a clause to the evidence. */
export function runHit(run: UploadRun, extra: { vars?: Record<string, string>; baseline?: { factor: string; baseline: string } } = {}): Hit {
  const seconds = run.endSec - run.startSec + 1;
  const rate = formatRate((run.bytes * 8) / seconds);
  const start = timeOfSecond(run.startSec);
  const end = timeOfSecond(run.endSec);
  return {
    ref: refOfSeriesKey(run.key),
    key: 'upload',
    at: new Date(run.startSec * 1000).toISOString(),
    vars: { start, end, seconds: String(seconds), rate, ...extra.vars },
    evidence: extra.baseline
      ? phraseEvidence('upload-rate', 'upload-rate-baseline', { rate, start, end, seconds: String(seconds), bytes: String(run.bytes), ...extra.baseline })
      : phraseEvidence('upload-rate', 'upload-rate', { rate, start, end, seconds: String(seconds), bytes: String(run.bytes) }),
  };
}
