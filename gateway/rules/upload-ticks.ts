/**
 * Drives the rate rules by packet time: a packet sink that passes every packet to the packet engine and, each
 * time capture time crosses another `everySeconds`, lets the rule engine read the upload series. The series is a
 * bounded ring (15 minutes), so a long capture must be read as it fills; packet time, not the wall clock, keeps
 * offline analysis and live capture the same.
 */
import type { PacketEngine } from '../capture/engine.ts';
import type { PacketSink } from '../capture/types.ts';
import type { RuleEngine } from './engine.ts';

/** A sink feeding `engine` that calls `rules.tick` every `everySeconds` of capture time (default 60). */
export function withUploadTicks(engine: PacketEngine, rules: Pick<RuleEngine, 'tick'>, everySeconds = 60): PacketSink {
  const step = everySeconds * 1000;
  let next = -1;
  return {
    packet(linkType, tsMs, data, start, end, origLen) {
      engine.packet(linkType, tsMs, data, start, end, origLen);
      if (next < 0) next = tsMs + step;
      else if (tsMs >= next) {
        next = tsMs + step;
        rules.tick(engine.uploadSeries());
      }
    },
  };
}
