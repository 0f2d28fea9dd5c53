/**
 * Offline audit of a capture file: reader → packet engine → inventory → identification → audit export.
 * The same engine and inventory serve live capture; only the packet source differs.
 */
import { randomUUID } from 'node:crypto';
import { basename } from 'node:path';
import type { AuditExport, CaptureStats } from '../contract.ts';
import { createPacketEngine, type EngineStats } from '../capture/engine.ts';
import { readCaptureFile, readCaptureStream } from '../capture/reader.ts';
import type { ReaderSummary } from '../capture/types.ts';
import type { Identification, DeviceEvidence } from '../inventory/inventory.ts';
import type { Observation } from '../contract.ts';
import type { IndicatorMatcher } from '../rules/indicators/matcher.ts';
import type { RuleFinding } from '../rules/engine.ts';
import type { LoadedRule } from '../../pcap-rules/load.ts';
import { withUploadTicks } from '../rules/upload-ticks.ts';
import { createAuditPass } from './audit-pass.ts';
import { buildAuditExport } from './export.ts';

export interface AnalyzeOptions {
  onProgress?: (bytesRead: number) => void;
  identify?: (evidence: DeviceEvidence) => Identification;
  /** Fixed audit id and clock, for reproducible output in tests. */
  auditId?: string;
  /** The name the person knows the file by (an upload's own name), when `path` is a temporary copy. */
  fileName?: string;
  now?: () => Date;
  /** Detection rules to run in the same pass (none: the export has no findings). */
  rules?: readonly LoadedRule[];
  /** Stalkerware indicator lists for the indicator rules. */
  indicators?: IndicatorMatcher;
  /**
   * Observations from other sensors to add to the capture's (e.g. the router's port mappings read by discovery);
   * fed after the packets.
   */
  extraObservations?: readonly Observation[];
  /** Devices of the previous audit of this home: the others are reported as new (HS-DEVICE-0002/0003). */
  previousDeviceIds?: ReadonlySet<string>;
}

export interface AnalyzeResult {
  document: AuditExport;
  engine: EngineStats;
  reader: ReaderSummary;
  /** The findings with their texts in every language (the export holds the English ones). */
  findings: RuleFinding[];
}

/** A capture read from a stream (standard input) instead of a file; `name` stands for the file name. */
export interface CaptureStreamInput {
  stream: NodeJS.ReadableStream;
  name: string;
}

export async function analyzeCapture(input: string | CaptureStreamInput, opts: AnalyzeOptions = {}): Promise<AnalyzeResult> {
  const path = typeof input === 'string' ? input : input.name;
  const pass = createAuditPass({ identify: opts.identify, rules: opts.rules, indicators: opts.indicators });
  const engine = createPacketEngine({ onObservation: pass.observe });
  const startedAt = (opts.now?.() ?? new Date()).toISOString();
  // The rate rules read the bounded upload series every minute of capture time, so long captures are seen whole.
  const sink = withUploadTicks(engine, pass.rules);
  const reader = typeof input === 'string' ? await readCaptureFile(input, sink, opts.onProgress) : await readCaptureStream(input.stream, sink, opts.onProgress);
  const stats = engine.finish();
  for (const obs of opts.extraObservations ?? []) pass.observe(obs);
  const gw = engine.gatewayMac();
  if (gw) pass.inventory.setGateway({ mac: gw });
  const { devices, findings } = pass.result({ uploadSeries: engine.uploadSeries(), ...(opts.previousDeviceIds ? { previousDeviceIds: opts.previousDeviceIds } : {}) });
  const capture: CaptureStats = {
    file: basename(opts.fileName ?? path),
    bytes: reader.bytes,
    packets: stats.packets,
    malformed: stats.malformed + reader.malformedRecords,
    truncated: reader.truncated,
    firstPacket: stats.packets ? new Date(stats.firstMs).toISOString() : undefined,
    lastPacket: stats.packets ? new Date(stats.lastMs).toISOString() : undefined,
    linkTypes: reader.linkTypes,
    flows: stats.flowsCreated,
  };
  const seconds = stats.packets ? (stats.lastMs - stats.firstMs) / 1000 : 0;
  const visibility = pass.visibility.result(devices, { seconds, captured: stats.packets > 0, unicast: engine.unicastCounts() });
  const document = buildAuditExport({
    audit: {
      id: opts.auditId ?? randomUUID(),
      title: `Capture ${capture.file}`,
      startedAt: capture.firstPacket ?? startedAt,
      endedAt: capture.lastPacket ?? startedAt,
      mode: 'capture',
      sources: ['capture'],
      capture,
      visibility,
    },
    devices,
    findings: findings.map((f) => f.finding),
    // The texts in every language, so `homesweep report --lang es` of this document is Spanish too.
    ...(findings.length ? { texts: { findings: findings.map((f) => ({ id: f.finding.id, ...f.texts })), checklist: [] } } : {}),
  });
  return { document, engine: stats, reader, findings };
}
