/**
 * The engine's open-flow reports with a limit (a live audit's progress on a busy home): the flows with the most
 * traffic not yet reported go first, the others keep their counts for a later report, and nothing is lost or
 * counted twice.
 */
import { describe, expect, it } from 'vitest';
import type { Observation } from '../../../../gateway/contract.ts';
import { createPacketEngine, type FlowData } from '../../../../gateway/capture/engine.ts';
import { dataFrame, openFlowFrames } from '../../../fixtures/open-flows.ts';

const DEVICES = 4;

/** Bytes the engine counts for a frame with `payload` bytes of TCP payload (Ethernet, IPv4 and TCP headers). */
const frame = (payload: number) => 54 + payload;
/** Up bytes of connection i in busyHome: SYN, the 200-byte request and 2^i frames of 1,000 bytes. */
const upOf = (i: number) => frame(0) + frame(200) + 2 ** i * frame(1000);

/**
 * An engine fed `flows` open connections, connection i carrying 2^i more frames of 1,000 bytes up (so each has
 * twice the unreported bytes of the one before); its flow observations.
 */
function busyHome(flows: number) {
  const reports: FlowData[] = [];
  const engine = createPacketEngine({
    onObservation: (o: Observation) => {
      if (o.source === 'flow') reports.push(o.data as FlowData);
    },
  });
  let ts = 1_765_000_000_000;
  const feed = (f: Buffer) => engine.packet(1, (ts += 1), f, 0, f.length, f.length);
  for (let i = 0; i < flows; i++) for (const f of openFlowFrames(i, DEVICES)) feed(f);
  for (let i = 0; i < flows; i++) for (let k = 0; k < 2 ** i; k++) feed(dataFrame(i, DEVICES, true, 1000));
  return { engine, reports, feed };
}

const serverOf = (r: FlowData) => Number(r.remoteIp.split('.')[3]);

describe('open flows reported with a limit', () => {
  it('reports the flows with the most unreported bytes first, the others later, each byte once', () => {
    const { engine, reports } = busyHome(10);
    engine.reportOpenFlows(3);
    expect(reports.map(serverOf).sort((a, b) => a - b)).toEqual([7, 8, 9]);
    expect(reports.every((r) => r.ongoing)).toBe(true);
    engine.reportOpenFlows(3);
    expect(reports.slice(3).map(serverOf).sort((a, b) => a - b)).toEqual([4, 5, 6]);
    engine.reportOpenFlows();
    expect(reports).toHaveLength(10);
    // Nothing new since: no report at all, with or without a limit.
    engine.reportOpenFlows(3);
    engine.reportOpenFlows();
    expect(reports).toHaveLength(10);
    // Each connection once, with all its bytes.
    for (const r of reports) expect(r.bytesUp).toBe(upOf(serverOf(r)));
  });

  it('reports every flow with news while they fit in the limit, as without one', () => {
    const limited = busyHome(6);
    const all = busyHome(6);
    limited.engine.reportOpenFlows(6);
    all.engine.reportOpenFlows();
    expect(limited.reports).toEqual(all.reports);
    // A flow already reported comes back once it has news.
    limited.feed(dataFrame(2, DEVICES, false, 50));
    limited.engine.reportOpenFlows(6);
    expect(limited.reports.slice(6)).toMatchObject([{ remoteIp: '23.0.0.2', bytesUp: 0, bytesDown: frame(50), packets: 1 }]);
  });

  it('keeps the totals of a flow counted in several limited reports', () => {
    const { engine, reports, feed } = busyHome(5);
    engine.reportOpenFlows(1); // connection 4
    for (let k = 0; k < 40; k++) feed(dataFrame(4, DEVICES, true, 1000));
    engine.reportOpenFlows(1); // connection 4 again: its 40 new frames lead
    engine.finish(); // the rest, and nothing of 4 twice
    const up = (server: number) => reports.filter((r) => serverOf(r) === server).reduce((s, r) => s + r.bytesUp, 0);
    expect(reports.slice(0, 2).map(serverOf)).toEqual([4, 4]);
    expect(up(4)).toBe(upOf(4) + 40 * frame(1000));
    for (const i of [0, 1, 2, 3]) expect(up(i)).toBe(upOf(i));
  });
});
