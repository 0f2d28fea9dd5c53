/**
 * The motion test (DOMAIN.md §3.1: SnoopDog, DeWiCam): the person doing the check walks past a suspected camera
 * at a marked moment, and the devices whose upload rises within a few seconds of the mark are the ones that see
 * them. Pure: it reads the per-device upload series around the mark.
 */
import type { UploadSeries } from '../capture/upload-series.ts';

/** Options of {@link motionTest}. */
export interface MotionTestOptions {
  /** Seconds after the mark to look at (the reaction window). */
  windowSeconds: number;
  /** Seconds before the mark that give the device's usual upload. */
  before: number;
  /** How many times its usual upload a device must send after the mark to count as reacting (default 2). */
  minRatio?: number;
  /** Extra bytes after the mark a device must send to count (default 20 000): keep-alives alone never react. */
  minExtraBytes?: number;
  /** Floor of the "before" rate in bytes per second, so an idle device's 0 does not make any packet a reaction. */
  floorBytesPerSecond?: number;
}

/** How one device's upload compared around the mark. */
export interface MotionReaction {
  /** Upload series key: the device's MAC, or its IP when it has none. */
  key: string;
  /** Average upload before the mark and in the window after it, in bits per second. */
  beforeBitsPerSecond: number;
  afterBitsPerSecond: number;
  /** After ÷ before (before floored). */
  ratio: number;
  bytesBefore: number;
  bytesAfter: number;
  /** Seconds from the mark to the first second at `minRatio` × the usual upload, when there is one. */
  reactedAfterSeconds?: number;
  reacted: boolean;
}

/**
 * Compares every device's upload in the `windowSeconds` after `markMs` with the `before` seconds before it.
 * Devices are sorted by ratio, highest first; devices with no upload around the mark are left out.
 */
export function motionTest(series: ReadonlyMap<string, UploadSeries>, markMs: number, opts: MotionTestOptions): MotionReaction[] {
  const minRatio = opts.minRatio ?? 2;
  const minExtra = opts.minExtraBytes ?? 20_000;
  const floor = opts.floorBytesPerSecond ?? 2_000;
  const before = Math.max(1, Math.floor(opts.before));
  const window = Math.max(1, Math.floor(opts.windowSeconds));
  const markSec = Math.floor(markMs / 1000);
  const out: MotionReaction[] = [];
  for (const [key, s] of series) {
    if (!Number.isFinite(markSec) || s.newestSecond < 0) continue;
    const pre = s.window(before, markSec - 1);
    const post = s.window(window, markSec + window - 1);
    const bytesBefore = pre.reduce((a, b) => a + b, 0);
    const bytesAfter = post.reduce((a, b) => a + b, 0);
    if (bytesBefore === 0 && bytesAfter === 0) continue;
    const usual = Math.max(bytesBefore / before, floor);
    const afterRate = bytesAfter / window;
    const ratio = afterRate / usual;
    const first = post.findIndex((b) => b >= usual * minRatio);
    const reacted = ratio >= minRatio && bytesAfter - (bytesBefore / before) * window >= minExtra;
    out.push({
      key,
      beforeBitsPerSecond: (bytesBefore / before) * 8,
      afterBitsPerSecond: afterRate * 8,
      ratio,
      bytesBefore,
      bytesAfter,
      ...(first >= 0 ? { reactedAfterSeconds: first + 1 } : {}),
      reacted,
    });
  }
  return out.sort((a, b) => b.ratio - a.ratio || a.key.localeCompare(b.key));
}
